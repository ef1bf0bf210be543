// The config text: what it turns on, what it never holds, what each desk may do, and that nats-server accepts it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeSelfSignedCertificate } from '../../../../../../main/core/fanout/engine/certificate.js';
import {
  createDeskKeys,
  deskPermissions,
  invitationPermissions,
  natsServerConfig,
  type NatsServerConfigInput,
} from '../../../../../../main/core/fanout/engine/nats-config.js';

const NATS_SERVER = '/usr/sbin/nats-server';
const hub = createDeskKeys();
const deskA = createDeskKeys();
const deskB = createDeskKeys();

function input(overrides: Partial<NatsServerConfigInput> = {}): NatsServerConfigInput {
  return {
    listen: { host: '0.0.0.0', port: 4222 },
    storeDir: '/data/nats',
    certFile: '/data/nats/hub-cert.pem',
    keyFile: '/data/nats/hub-key.pem',
    account: 'acme',
    hubId: '0123abcd',
    hubPublicKey: hub.publicKey,
    desks: [
      { id: 'aaaa1111', publicKey: deskA.publicKey },
      { id: 'bbbb2222', publicKey: deskB.publicKey },
    ],
    ...overrides,
  };
}

describe('the nats-server config', () => {
  it('turns on TLS, JetStream on disk and a 1 MiB payload cap (a page of the feed), with no monitor port', () => {
    const text = natsServerConfig(input());
    expect(text).toContain('host: "0.0.0.0"\nport: 4222');
    expect(text).toContain('max_payload: 1048576');
    expect(text).toMatch(
      /tls \{\n {2}cert_file: "\/data\/nats\/hub-cert.pem"\n {2}key_file: "\/data\/nats\/hub-key.pem"\n {2}timeout: 5\n\}/,
    );
    expect(text).toContain('store_dir: "/data/nats"');
    expect(text).not.toMatch(/\bhttp/);
  });

  it('names users by public NKEY only: no seed, password or token in the file', () => {
    const text = natsServerConfig(input());
    expect(text).toContain(`{ nkey: "${hub.publicKey}" }`);
    expect(text).toContain(`nkey: "${deskA.publicKey}"`);
    for (const seed of [hub.seed, deskA.seed, deskB.seed]) expect(text).not.toContain(seed);
    expect(text).not.toMatch(/password|token|\bpass\b/i);
  });

  it('lets a desk consume only its own durables, watch the read marks, ask the hubs, and hear only its inbox', () => {
    expect(deskPermissions('acme', '0123abcd', 'aaaa1111')).toEqual({
      publish: {
        allow: [
          '$JS.API.CONSUMER.INFO.ACME_EVENTS.desk_aaaa1111_0123abcd_events',
          '$JS.API.CONSUMER.MSG.NEXT.ACME_EVENTS.desk_aaaa1111_0123abcd_events',
          '$JS.ACK.ACME_EVENTS.desk_aaaa1111_0123abcd_events.>',
          '$JS.API.CONSUMER.INFO.ACME_ERASURES.desk_aaaa1111_0123abcd_erasures',
          '$JS.API.CONSUMER.MSG.NEXT.ACME_ERASURES.desk_aaaa1111_0123abcd_erasures',
          '$JS.ACK.ACME_ERASURES.desk_aaaa1111_0123abcd_erasures.>',
          '$JS.API.CONSUMER.CREATE.KV_ACME_READ.>',
          '$JS.API.CONSUMER.DELETE.KV_ACME_READ.>',
          '$JS.FC.KV_ACME_READ.>',
          'acme.rpc.>',
        ],
        deny: ['acme.ev.>', 'acme.erase.>'],
      },
      subscribe: { allow: ['_INBOX_aaaa1111.>'] },
    });
    // A dash in the account becomes an underscore in stream names, never in subjects.
    const chain = deskPermissions('rede-sul', '0123abcd', 'aaaa1111');
    expect(chain.publish.allow).toContain('$JS.ACK.REDE_SUL_EVENTS.desk_aaaa1111_0123abcd_events.>');
    expect(chain.publish.allow).toContain('rede-sul.rpc.>');
  });

  it('lets a join code only ask its hub to let a desk in, and hear only its own inbox', () => {
    expect(invitationPermissions('acme', '0123456789abcdef', 'bbbb2222')).toEqual({
      publish: { allow: ['acme.rpc.0123456789abcdef.join'], deny: ['acme.ev.>', 'acme.erase.>'] },
      subscribe: { allow: ['_INBOX_bbbb2222.>'] },
    });
  });

  it('refuses values that could break out of the file: a host with quotes, a bad desk id or key', () => {
    expect(() => natsServerConfig(input({ listen: { host: '0.0.0.0" }\nauthorization {', port: 4222 } }))).toThrow();
    expect(() => natsServerConfig(input({ desks: [{ id: 'AAAA', publicKey: deskA.publicKey }] }))).toThrow();
    expect(() => natsServerConfig(input({ desks: [{ id: 'aaaa1111', publicKey: deskA.seed }] }))).toThrow();
    // Right shape, wrong checksum.
    const forged = `${deskA.publicKey.slice(0, -1)}${deskA.publicKey.endsWith('A') ? 'B' : 'A'}`;
    expect(() => natsServerConfig(input({ desks: [{ id: 'aaaa1111', publicKey: forged }] }))).toThrow();
    expect(() => natsServerConfig(input({ account: 'Acme.>' }))).toThrow();
  });

  it('is accepted by nats-server, paths with spaces, accents, backslashes and dollar signs included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-desk-conf-'));
    try {
      const odd = path.join(dir, 'João da Silva $HOME \\ dados');
      fs.mkdirSync(odd);
      const certificate = makeSelfSignedCertificate({ commonName: 'hub', altNames: ['127.0.0.1'], days: 1 });
      fs.writeFileSync(path.join(odd, 'cert.pem'), certificate.certPem);
      fs.writeFileSync(path.join(odd, 'key.pem'), certificate.keyPem);
      const file = path.join(odd, 'nats.conf');
      fs.writeFileSync(
        file,
        natsServerConfig(
          input({ storeDir: odd, certFile: path.join(odd, 'cert.pem'), keyFile: path.join(odd, 'key.pem') }),
        ),
      );
      const check = spawnSync(NATS_SERVER, ['-t', '-c', file], { encoding: 'utf8' });
      expect(check.stderr + check.stdout).toContain('configuration file');
      expect(check.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
