// Signing in to an existing NATS (`--nats-creds FILE`): the file the NATS administrator handed over, read once at
// start. Either a `.creds` file (a user JWT and its NKEY seed, as `nsc` and hosted NATS write them) or a bare NKEY
// user seed (`SU…`, for servers whose users are NKEYs). Its content never reaches a log or an error.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type * as NatsClient from '@nats-io/transport-node';
import { StartupError } from '../startup-error.js';

let client: typeof NatsClient | null = null;
/**
 * The NATS client, loaded the first time a file is read: Settings checks a file through this module on every desk,
 * and a desk that never uses NATS should not carry the client in its memory all day.
 */
function nats(): typeof NatsClient {
  client ??= createRequire(import.meta.url)('@nats-io/transport-node') as typeof NatsClient;
  return client;
}

const JWT_BLOCK =
  /-{3,}BEGIN NATS USER JWT-{3,}\s*\n\s*([A-Za-z0-9_.=-]+)\s*\n[\s\S]*?-{3,}BEGIN USER NKEY SEED-{3,}\s*\n\s*(SU[A-Z2-7]{56})\s*\n/;
const BARE_SEED = /^\s*(SU[A-Z2-7]{56})\s*$/;

export type NatsCredentials =
  | { kind: 'creds'; authenticator: NatsClient.Authenticator }
  | { kind: 'nkey'; authenticator: NatsClient.Authenticator; publicKey: string };

function validSeed(seed: string): boolean {
  try {
    nats().nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey();
    return true;
  } catch {
    return false;
  }
}

/** The authenticator for `file`; a StartupError in both languages (naming the file, never its content) otherwise. */
export function readNatsCredentials(file: string): NatsCredentials {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new StartupError(
      `Não foi possível ler o arquivo de credenciais do NATS ${file} (${code}). / ` +
        `Could not read the NATS credentials file ${file} (${code}).`,
    );
  }
  const jwt = JWT_BLOCK.exec(text);
  if (jwt && validSeed(jwt[2]!)) {
    return { kind: 'creds', authenticator: nats().credsAuthenticator(new TextEncoder().encode(text)) };
  }
  const bare = BARE_SEED.exec(text);
  if (bare && validSeed(bare[1]!)) {
    const seed = new TextEncoder().encode(bare[1]!);
    return {
      kind: 'nkey',
      authenticator: nats().nkeyAuthenticator(seed),
      publicKey: nats().nkeys.fromSeed(seed).getPublicKey(),
    };
  }
  throw new StartupError(
    `O arquivo ${file} não é um arquivo de credenciais do NATS (.creds, com JWT e semente) nem uma semente NKEY de ` +
      `usuário (SU…). Peça o arquivo certo a quem administra o NATS. / ${file} is neither a NATS credentials file ` +
      '(.creds) nor an NKEY user seed (SU…).',
  );
}
