// The one line a satellite joins with: where the hub's NATS is, the desk's own credentials, and the pin of the
// hub's certificate. It is a secret (it lets a PC read the place's events): shown in the hub's panel, never logged.
import { z } from 'zod';
import { StartupError } from '../startup-error.js';
import { accountSchema, nodeIdSchema } from './subjects.js';
import { parseHostPort } from '../host-port.js';

const PREFIX = 'wdj1.';

const addressSchema = z
  .string()
  .max(260)
  .refine((address) => parseHostPort(address) !== null);

export const joinCodeSchema = z.strictObject({
  /** host:port of the hub's NATS, in the order to try. */
  addresses: z.array(addressSchema).min(1).max(8),
  account: accountSchema,
  hub: nodeIdSchema,
  /** The code's own id (its key's inbox, what the hub's panel revokes). */
  invitation: nodeIdSchema,
  /** The code's NKEY seed: it may only ask the hub to let a desk in (the desk then uses a key of its own). */
  seed: z.string().regex(/^SU[A-Z2-7]{56}$/),
  /** SHA-256 of the hub's certificate (hex): the only certificate this desk accepts. */
  pin: z.string().regex(/^[0-9a-f]{64}$/),
});
export type JoinCode = z.output<typeof joinCodeSchema>;

export function encodeJoinCode(code: JoinCode): string {
  return PREFIX + Buffer.from(JSON.stringify(joinCodeSchema.parse(code)), 'utf8').toString('base64url');
}

/** A start-up refusal: said in one line, and the desk does not start with a code it cannot use. */
export class JoinCodeError extends StartupError {
  constructor() {
    super(
      'O código de conexão não é válido: copie-o de novo do balcão principal (Configurações > Outros balcões). ' +
        '/ The join code is not valid: copy it again from the main desk.',
    );
    this.name = 'JoinCodeError';
  }
}

/** The code's content; a JoinCodeError (which never repeats the code) for anything else. */
export function decodeJoinCode(text: string): JoinCode {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PREFIX) || trimmed.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(trimmed.slice(PREFIX.length)))
    throw new JoinCodeError();
  try {
    const json: unknown = JSON.parse(Buffer.from(trimmed.slice(PREFIX.length), 'base64url').toString('utf8'));
    return joinCodeSchema.parse(json);
  } catch {
    throw new JoinCodeError();
  }
}
