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

/** A NATS server of a shared network: `nats://host:port` or `tls://host:port`, nothing else in it. */
export const natsUrlSchema = z
  .string()
  .max(300)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (
        (url.protocol === 'nats:' || url.protocol === 'tls:') &&
        url.hostname !== '' &&
        url.username === '' &&
        url.password === '' &&
        (url.pathname === '' || url.pathname === '/') &&
        url.search === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  });

/** The hub runs its own nats-server: the desk dials its addresses and accepts only the pinned certificate. */
export const ownJoinCodeSchema = z.strictObject({
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

/**
 * The hub uses an existing NATS (the chain's cluster, a leaf node, a hosted NATS): the desk signs in with the
 * credentials its NATS administrator gave it, and proves it holds the code by signing its join with the code's key.
 */
export const sharedJoinCodeSchema = z.strictObject({
  /** The NATS servers, in the order to try. */
  servers: z.array(natsUrlSchema).min(1).max(8),
  account: accountSchema,
  hub: nodeIdSchema,
  invitation: nodeIdSchema,
  /** The code's NKEY seed: never sent anywhere, only used to sign this desk's join. */
  seed: z.string().regex(/^SU[A-Z2-7]{56}$/),
});

export const joinCodeSchema = z.union([ownJoinCodeSchema, sharedJoinCodeSchema]);
export type JoinCode = z.output<typeof joinCodeSchema>;
export type OwnJoinCode = z.output<typeof ownJoinCodeSchema>;
export type SharedJoinCode = z.output<typeof sharedJoinCodeSchema>;

/** The code names an existing NATS (the desk needs its own credentials file), not the hub's own server. */
export function isSharedJoinCode(code: JoinCode): code is SharedJoinCode {
  return 'servers' in code;
}

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
