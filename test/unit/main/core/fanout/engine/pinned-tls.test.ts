// Fetching the hub's certificate by its pin from a real nats-server, and @nats-io clients checked against the pin.
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../../../support/free-port.js';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect, nkeyAuthenticator, nkeys } from '@nats-io/transport-node';
import { makeSelfSignedCertificate } from '../../../../../../main/core/fanout/engine/certificate.js';
import { natsServerConfig } from '../../../../../../main/core/fanout/engine/nats-config.js';
import {
  fetchPinnedCertificate,
  pinnedTlsOptions,
  PinnedTlsError,
} from '../../../../../../main/core/fanout/engine/pinned-tls.js';

const NATS_SERVER = '/usr/sbin/nats-server';
const cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Hub {
  port: number;
  pin: string;
  certPem: string;
  seed: Uint8Array;
  child: ChildProcess;
}

/** nats-server on a free port with a fresh certificate (names `altNames`) and one NKEY user. */
async function startNatsServer(altNames = ['127.0.0.1']): Promise<Hub> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-desk-pin-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const certificate = makeSelfSignedCertificate({ commonName: 'hub', altNames, days: 1 });
  fs.writeFileSync(path.join(dir, 'cert.pem'), certificate.certPem);
  fs.writeFileSync(path.join(dir, 'key.pem'), certificate.keyPem, { mode: 0o600 });
  const user = nkeys.createUser();
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'nats.conf'),
    natsServerConfig({
      listen: { host: '127.0.0.1', port },
      storeDir: dir,
      certFile: path.join(dir, 'cert.pem'),
      keyFile: path.join(dir, 'key.pem'),
      account: 'acme',
      hubId: '0123abcd',
      hubPublicKey: user.getPublicKey(),
      desks: [],
    }),
  );
  const child = spawn(NATS_SERVER, ['-c', path.join(dir, 'nats.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('close', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await new Promise<void>((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += String(chunk);
      if (text.includes('Server is ready')) resolve();
    });
    child.once('close', () => reject(new Error(`nats-server exited: ${text}`)));
  });
  return { port, pin: certificate.fingerprint256, certPem: certificate.certPem, seed: user.getSeed(), child };
}

async function errorOf(promise: Promise<unknown>): Promise<PinnedTlsError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PinnedTlsError);
  return error as PinnedTlsError;
}

describe('the pinned hub certificate', () => {
  it('is fetched from nats-server after its plaintext INFO, and returned only when its hash is the pin', async () => {
    const hub = await startNatsServer();
    const pem = await fetchPinnedCertificate({ host: '127.0.0.1', port: hub.port, pin: hub.pin, timeoutMs: 3000 });
    expect(pem.replace(/\s/g, '')).toBe(hub.certPem.replace(/\s/g, ''));
    // The pin may come with colons and in upper case, as browsers and openssl print it.
    const colons = hub.pin.toUpperCase().replace(/(..)(?!$)/g, '$1:');
    await expect(fetchPinnedCertificate({ host: '127.0.0.1', port: hub.port, pin: colons })).resolves.toBe(pem);

    const other = makeSelfSignedCertificate({ commonName: 'x', altNames: [], days: 1 });
    const mismatch = await errorOf(
      fetchPinnedCertificate({ host: '127.0.0.1', port: hub.port, pin: other.fingerprint256, timeoutMs: 3000 }),
    );
    expect(mismatch.code).toBe('certificate-mismatch');
  });

  it('says unreachable for a closed port or a silent one, and not-nats for another kind of server', async () => {
    const closed = await freePort();
    const pin = 'a'.repeat(64);
    expect((await errorOf(fetchPinnedCertificate({ host: '127.0.0.1', port: closed, pin }))).code).toBe('unreachable');

    const silent = net.createServer(() => {});
    const talker = net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    for (const server of [silent, talker]) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => void server.close());
    }
    const portOf = (server: net.Server): number => (server.address() as net.AddressInfo).port;
    const timedOut = await errorOf(
      fetchPinnedCertificate({ host: '127.0.0.1', port: portOf(silent), pin, timeoutMs: 300 }),
    );
    expect(timedOut.code).toBe('unreachable');
    expect(timedOut.errno).toBe('etimedout');
    const notNats = await errorOf(fetchPinnedCertificate({ host: '127.0.0.1', port: portOf(talker), pin }));
    expect(notNats.code).toBe('not-nats');
  });

  it('lets a @nats-io client connect through the pin, even where the certificate does not name the host', async () => {
    const hub = await startNatsServer(['192.0.2.1']);
    const pem = await fetchPinnedCertificate({ host: '127.0.0.1', port: hub.port, pin: hub.pin });
    const nc = await connect({
      servers: `tls://127.0.0.1:${hub.port}`,
      authenticator: nkeyAuthenticator(hub.seed),
      tls: pinnedTlsOptions(pem, hub.pin),
    });
    cleanups.push(() => nc.close());
    expect(nc.info?.tls_required).toBe(true);
    await nc.flush();
  });

  it('refuses a pin that is not the certificate’s, and a client pinned to one certificate meets another', async () => {
    const hub = await startNatsServer();
    const other = makeSelfSignedCertificate({ commonName: 'hub', altNames: ['127.0.0.1'], days: 1 });
    expect(() => pinnedTlsOptions(hub.certPem, other.fingerprint256)).toThrow(PinnedTlsError);
    await expect(
      connect({
        servers: `tls://127.0.0.1:${hub.port}`,
        authenticator: nkeyAuthenticator(hub.seed),
        tls: pinnedTlsOptions(other.certPem, other.fingerprint256),
        maxReconnectAttempts: 0,
        timeout: 3000,
      }),
    ).rejects.toThrow(/self-signed certificate/);
  });
});
