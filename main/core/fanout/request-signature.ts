// On an existing NATS the hub does not decide who is in the account, so a request carries who sends it: the
// desk's id, the time, and a signature by the desk's own key over those, the subject, the reply inbox and a digest
// of the payload. The hub answers only a desk it let in (not revoked), at most a few minutes off, and a copy of a
// request sent to another inbox fails the check. A join is signed with the join code's key instead.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { headers, nkeys, type MsgHdrs } from '@nats-io/transport-node';
import { Recent } from '../recent.js';

export const DESK_HEADER = 'Wd-Desk';
export const TIME_HEADER = 'Wd-Time';
export const SIGNATURE_HEADER = 'Wd-Sig';
/** How far a request's time may be from the hub's clock. */
export const MAX_SKEW_MS = 5 * 60_000;

// NKEYs are Ed25519 keys in base32 with a prefix and a checksum. The nkeys package signs in plain JavaScript (several
// milliseconds a signature on a slow PC: at 200 events a second the hub's loop did little else), so the raw key
// goes to Node's own Ed25519, and each key is decoded once.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_CACHE_LIMIT = 1_000;
const privateKeys = new Recent<KeyObject>(KEY_CACHE_LIMIT);
const publicKeys = new Recent<KeyObject>(KEY_CACHE_LIMIT);

function base32(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = (value << 5) | BASE32.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A user seed (`SU…`, checked by nkeys first) as Node's Ed25519 private key: two prefix bytes, 32 raw, checksum. */
function privateKeyOf(seed: string): KeyObject {
  return privateKeys.remember(seed, () => {
    nkeys.fromSeed(new TextEncoder().encode(seed));
    const raw = base32(seed).subarray(2, 34);
    return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, raw]), format: 'der', type: 'pkcs8' });
  });
}

/** A user public key (`U…`, checked by nkeys first): one prefix byte, 32 raw, checksum. */
function publicKeyOf(publicKey: string): KeyObject {
  return publicKeys.remember(publicKey, () => {
    nkeys.fromPublic(publicKey);
    const raw = base32(publicKey).subarray(1, 33);
    return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
  });
}

function signWith(seed: string, data: Uint8Array): string {
  return sign(null, data, privateKeyOf(seed)).toString('base64url');
}

function verifiedBy(publicKey: string, data: Uint8Array, signature: string): boolean {
  try {
    return verify(null, data, publicKeyOf(publicKey), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function material(parts: {
  desk: string;
  time: string;
  subject: string;
  reply: string;
  payload: Uint8Array;
}): Uint8Array {
  const digest = createHash('sha256').update(parts.payload).digest('hex');
  return new TextEncoder().encode(['wd-rpc-1', parts.desk, parts.time, parts.subject, parts.reply, digest].join('\n'));
}

/** The headers of one request, signed with `seed` (the desk's own). */
export function signRequest(
  seed: string,
  request: { desk: string; subject: string; reply: string; payload: Uint8Array },
  now = Date.now(),
): MsgHdrs {
  const time = String(now);
  const signature = signWith(seed, material({ ...request, time }));
  const h = headers();
  h.set(DESK_HEADER, request.desk);
  h.set(TIME_HEADER, time);
  h.set(SIGNATURE_HEADER, signature);
  return h;
}

/** The desk that signed this request, or null when unsigned, stale, or not signed by `keyOfDesk(desk)`. */
export function verifyRequest(
  message: { subject: string; reply?: string; data: Uint8Array; headers?: MsgHdrs },
  keyOfDesk: (desk: string) => string | null,
  now = Date.now(),
): string | null {
  const h = message.headers;
  if (!h || !message.reply) return null;
  const desk = h.get(DESK_HEADER);
  const time = h.get(TIME_HEADER);
  const signature = h.get(SIGNATURE_HEADER);
  if (!desk || !/^\d{1,15}$/.test(time) || !signature) return null;
  if (Math.abs(now - Number(time)) > MAX_SKEW_MS) return null;
  const publicKey = keyOfDesk(desk);
  if (!publicKey) return null;
  const data = material({ desk, time, subject: message.subject, reply: message.reply, payload: message.data });
  return verifiedBy(publicKey, data, signature) ? desk : null;
}

/** The proof a join carries on an existing NATS: the desk's id and key, signed with the join code's key. */
export function joinProof(codeSeed: string, join: { hub: string; desk: string; publicKey: string }): string {
  return signWith(codeSeed, new TextEncoder().encode(['wd-join-1', join.hub, join.desk, join.publicKey].join('\n')));
}

export function checkJoinProof(
  invitationPublicKey: string,
  join: { hub: string; desk: string; publicKey: string; proof: string },
): boolean {
  const text = new TextEncoder().encode(['wd-join-1', join.hub, join.desk, join.publicKey].join('\n'));
  return verifiedBy(invitationPublicKey, text, join.proof);
}
