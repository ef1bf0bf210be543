// An existing NATS as a chain's administrator runs it, for tests of `--nats-url`/`--nats-creds`: Debian's
// nats-server on 127.0.0.1 with JetStream on disk and NKEY users: the hubs' (any right) and desks' (the rights
// sharedDeskPermissions gives, which the docs print). Seeds are written to files, as an administrator hands them.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { sharedDeskPermissions, type DeskPermissions } from '../../main/core/fanout/engine/nats-config.js';
import { eventually } from './e2e-headless.js';
import { HUB_CONFIG } from './fanout-desks.js';
import { freePort } from './free-port.js';
import { makeTempDir, startTempService, type TempService } from './temp-service.js';

export const NATS_SERVER = '/usr/sbin/nats-server';

export interface NatsUser {
  seed: string;
  publicKey: string;
  /** The seed in a file (mode 0600), as `--nats-creds` takes it. */
  file: string;
}

export interface SharedNats {
  url: string;
  /** The administrator's folder: config, users' files, and the JetStream store under `js/`. */
  dir: string;
  storeDir: string;
  hub: NatsUser;
  /** Users with desk rights, by the names given. */
  desks: Record<string, NatsUser>;
  /** A user the server does not know. */
  stranger(name: string): NatsUser;
  stop(): Promise<void>;
}

function user(dir: string, name: string): NatsUser {
  const pair = nkeys.createUser();
  const seed = new TextDecoder().decode(pair.getSeed());
  const file = path.join(dir, `${name}.nk`);
  fs.writeFileSync(file, `${seed}\n`, { mode: 0o600 });
  return { seed, publicKey: pair.getPublicKey(), file };
}

function permissionsBlock(p: DeskPermissions): string {
  const list = (values: string[]): string => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
  return (
    `permissions: { publish: { allow: ${list(p.publish.allow)}, deny: ${list(p.publish.deny)} }, ` +
    `subscribe: { allow: ${list(p.subscribe.allow)} } }`
  );
}

/** Starts the server; resolves once it said "Server is ready". */
export async function startSharedNats(account: string, deskNames: readonly string[]): Promise<SharedNats> {
  const dir = makeTempDir('wifire-shared-nats-');
  const hub = user(dir, 'hub');
  const desks = Object.fromEntries(deskNames.map((name) => [name, user(dir, name)]));
  const port = await freePort();
  const storeDir = path.join(dir, 'js');
  const desk = permissionsBlock(sharedDeskPermissions(account));
  fs.writeFileSync(
    path.join(dir, 'nats.conf'),
    [
      'host: "127.0.0.1"',
      `port: ${port}`,
      `jetstream { store_dir: ${JSON.stringify(storeDir)} }`,
      'authorization { users = [',
      `  { nkey: "${hub.publicKey}" }`,
      ...Object.values(desks).map((one) => `  { nkey: "${one.publicKey}", ${desk} }`),
      '] }',
      '',
    ].join('\n'),
  );
  const server: ChildProcess = spawn(NATS_SERVER, ['-c', path.join(dir, 'nats.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await eventually(() => (/Server is ready/.test(log) ? true : undefined), 'nats-server ready', 10_000);
  return {
    url: `nats://127.0.0.1:${port}`,
    dir,
    storeDir,
    hub,
    desks,
    stranger: (name) => user(dir, name),
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A place's main desk on this NATS (`--nats-url`, in this process): resolves once it has its join code. */
export async function startChainHub(nats: SharedNats, account: string): Promise<TempService> {
  const hub = await startTempService({
    config: HUB_CONFIG,
    fanout: { role: 'hub', nats: { servers: [nats.url], credsFile: nats.hub.file, account } },
  });
  await eventually(() => hub.service.fanout!.joinCode() ?? undefined, 'a hub’s join code', 30_000);
  return hub;
}

/**
 * A desk joined with `codes` (one per place: several make it a chain's overview) as the NATS user `user`:
 * resolves once it is linked to every place.
 */
export async function startChainDesk(
  codes: readonly string[],
  user: NatsUser,
  timeoutMs = 30_000,
): Promise<TempService> {
  const desk = await startTempService({
    fanout: {
      role: 'satellite',
      joinCode: codes[0]!,
      ...(codes.length > 1 ? { moreJoinCodes: codes.slice(1) } : {}),
      credsFile: user.file,
    },
  });
  await eventually(
    () => (desk.service.fanout!.status('pt-BR').state === 'connected' ? true : undefined),
    `a desk linked to ${codes.length} place(s)`,
    timeoutMs,
  );
  return desk;
}
