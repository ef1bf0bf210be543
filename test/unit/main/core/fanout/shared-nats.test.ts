// The pieces of fan-out over an existing NATS: the credentials file the administrator hands over, the join code
// that names that server, and the signatures that let the hub tell its desks from anyone else in the account.
import fs from 'node:fs';
import path from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeJoinCode,
  encodeJoinCode,
  isSharedJoinCode,
  JoinCodeError,
  type SharedJoinCode,
} from '../../../../../main/core/fanout/join-code.js';
import { readNatsCredentials } from '../../../../../main/core/fanout/nats-credentials.js';
import {
  checkJoinProof,
  joinProof,
  MAX_SKEW_MS,
  signRequest,
  verifyRequest,
} from '../../../../../main/core/fanout/request-signature.js';
import { StartupError } from '../../../../../main/core/startup-error.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const dir = makeTempDir('wifire-shared-creds-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function keyPair(): { seed: string; publicKey: string } {
  const pair = nkeys.createUser();
  return { seed: new TextDecoder().decode(pair.getSeed()), publicKey: pair.getPublicKey() };
}

function file(name: string, text: string): string {
  const where = path.join(dir, name);
  fs.writeFileSync(where, text);
  return where;
}

describe('the NATS credentials file', () => {
  it('takes a .creds file (JWT and seed) or a bare NKEY user seed', () => {
    const { seed, publicKey } = keyPair();
    const creds = [
      '-----BEGIN NATS USER JWT-----',
      'eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJzdWIiOiJVQUJDIn0.c2lnbmF0dXJl',
      '------END NATS USER JWT------',
      '',
      '************************* IMPORTANT *************************',
      'NKEY Seed printed below can be used to sign and prove identity.',
      '',
      '-----BEGIN USER NKEY SEED-----',
      seed,
      '------END USER NKEY SEED------',
      '',
    ].join('\n');

    expect(readNatsCredentials(file('desk.creds', creds)).kind).toBe('creds');
    expect(readNatsCredentials(file('desk.nk', `  ${seed}\n`))).toMatchObject({ kind: 'nkey', publicKey });
  });

  it('refuses anything else in one bilingual line that names the file and never repeats its content', () => {
    const { seed } = keyPair();
    // A character in the middle changed: its checksum no longer holds (the last one may only carry padding bits).
    const broken = `${seed.slice(0, 20)}${seed[20] === 'A' ? 'B' : 'A'}${seed.slice(21)}`;
    const cases = {
      'password.txt': 'usuario:senha-secreta',
      'broken.nk': broken,
      'account.nk': new TextDecoder().decode(nkeys.createAccount().getSeed()),
      'empty.nk': '',
    };
    for (const [name, content] of Object.entries(cases)) {
      const where = file(name, content);
      let error: unknown = null;
      try {
        readNatsCredentials(where);
      } catch (caught) {
        error = caught;
      }
      expect(error, name).toBeInstanceOf(StartupError);
      const message = (error as Error).message;
      expect(message).toContain(where);
      expect(message).toMatch(/ \/ /);
      expect(message.split('\n')).toHaveLength(1);
      if (content) expect(message).not.toContain(content);
    }
    expect(() => readNatsCredentials(path.join(dir, 'missing.creds'))).toThrow(/ENOENT/);
  });
});

describe('a join code for an existing NATS', () => {
  const code: SharedJoinCode = {
    servers: ['tls://nats.rede.example:4222', 'nats://10.0.0.5:4222'],
    account: 'rede-sul',
    hub: '0123456789abcdef',
    invitation: 'fedcba9876543210',
    seed: keyPair().seed,
  };

  it('gives back the servers and no certificate pin; a code of the hub’s own server stays as it was', () => {
    const decoded = decodeJoinCode(encodeJoinCode(code));
    expect(decoded).toEqual(code);
    expect(isSharedJoinCode(decoded)).toBe(true);
    const own = {
      addresses: ['192.168.0.10:4562'],
      account: 'wifire-desk',
      hub: code.hub,
      invitation: code.invitation,
      seed: code.seed,
      pin: 'a'.repeat(64),
    };
    expect(isSharedJoinCode(decodeJoinCode(encodeJoinCode(own)))).toBe(false);
  });

  it('is refused with a server that is not nats:// or tls://, or carries a password, or mixes both kinds', () => {
    const encoded = (value: unknown): string =>
      `wdj1.${Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')}`;
    for (const servers of [['http://x:4222'], ['nats://u:p@x:4222'], ['x:4222'], []]) {
      expect(() => decodeJoinCode(encoded({ ...code, servers })), servers.join()).toThrow(JoinCodeError);
    }
    expect(() => decodeJoinCode(encoded({ ...code, pin: 'a'.repeat(64) }))).toThrow(JoinCodeError);
  });
});

describe('signed requests', () => {
  const desk = keyPair();
  const request = {
    desk: '00112233aabbccdd',
    subject: 'rede-sul.rpc.0123456789abcdef.feedPage',
    reply: '_INBOX.00112233aabbccdd.ABC',
    payload: new TextEncoder().encode('{"limit":5}'),
  };
  const known = (id: string): string | null => (id === request.desk ? desk.publicKey : null);
  const message = (headers = signRequest(desk.seed, request, 1_000_000)) => ({
    subject: request.subject,
    reply: request.reply,
    data: request.payload,
    headers,
  });

  it('name the desk that signed them', () => {
    expect(verifyRequest(message(), known, 1_000_000)).toBe(request.desk);
  });

  it('fail for another subject, another inbox, another payload, another key, too old, or none at all', () => {
    expect(verifyRequest({ ...message(), subject: `${request.subject}x` }, known, 1_000_000)).toBeNull();
    expect(verifyRequest({ ...message(), reply: '_INBOX.thief.ABC' }, known, 1_000_000)).toBeNull();
    expect(verifyRequest({ ...message(), data: new TextEncoder().encode('{"limit":6}') }, known, 1_000_000)).toBeNull();
    expect(verifyRequest(message(signRequest(keyPair().seed, request, 1_000_000)), known, 1_000_000)).toBeNull();
    expect(verifyRequest(message(), known, 1_000_000 + MAX_SKEW_MS + 1)).toBeNull();
    expect(verifyRequest(message(), () => null, 1_000_000)).toBeNull();
    const { headers: _dropped, ...unsigned } = message();
    expect(verifyRequest(unsigned, known, 1_000_000)).toBeNull();
  });

  it('a join proof holds for that hub, desk and key, signed with the code’s key only', () => {
    const invitation = keyPair();
    const join = { hub: '0123456789abcdef', desk: request.desk, publicKey: desk.publicKey };
    const proof = joinProof(invitation.seed, join);

    expect(checkJoinProof(invitation.publicKey, { ...join, proof })).toBe(true);
    expect(checkJoinProof(invitation.publicKey, { ...join, hub: 'fedcba9876543210', proof })).toBe(false);
    expect(checkJoinProof(invitation.publicKey, { ...join, publicKey: keyPair().publicKey, proof })).toBe(false);
    expect(checkJoinProof(keyPair().publicKey, { ...join, proof })).toBe(false);
    expect(checkJoinProof(invitation.publicKey, { ...join, proof: 'not-a-signature' })).toBe(false);
  });
});

describe('signatures made with Node’s Ed25519', () => {
  it('are the ones the nkeys package makes and checks, for the same key', () => {
    const pair = nkeys.createUser();
    const seed = new TextDecoder().decode(pair.getSeed());
    const join = { hub: '0123456789abcdef', desk: 'aabbccddeeff0011', publicKey: pair.getPublicKey() };
    const proof = joinProof(seed, join);
    const text = new TextEncoder().encode(['wd-join-1', join.hub, join.desk, join.publicKey].join('\n'));

    expect(Buffer.from(pair.sign(text)).toString('base64url')).toBe(proof);
    expect(pair.verify(text, Buffer.from(proof, 'base64url'))).toBe(true);
  });
});
