// On an existing NATS the hub does not decide who is in the account, so a request carries who sends it: the
// desk's id, the time, and a signature by the desk's own key over those, the subject, the reply inbox and a digest
// of the payload. The hub answers only a desk it let in (not revoked), at most a few minutes off, and a copy of a
// request sent to another inbox fails the check. A join is signed with the join code's key instead.
import { createHash } from 'node:crypto';
import { headers, nkeys, type MsgHdrs } from '@nats-io/transport-node';

export const DESK_HEADER = 'Wd-Desk';
export const TIME_HEADER = 'Wd-Time';
export const SIGNATURE_HEADER = 'Wd-Sig';
/** How far a request's time may be from the hub's clock. */
export const MAX_SKEW_MS = 5 * 60_000;

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
  const pair = nkeys.fromSeed(new TextEncoder().encode(seed));
  const signature = Buffer.from(pair.sign(material({ ...request, time }))).toString('base64url');
  const h = headers();
  h.set(DESK_HEADER, request.desk);
  h.set(TIME_HEADER, time);
  h.set(SIGNATURE_HEADER, signature);
  return h;
}

/** The desk that signed this request, or null when unsigned, stale, or not signed by `publicKeyOf(desk)`. */
export function verifyRequest(
  message: { subject: string; reply?: string; data: Uint8Array; headers?: MsgHdrs },
  publicKeyOf: (desk: string) => string | null,
  now = Date.now(),
): string | null {
  const h = message.headers;
  if (!h || !message.reply) return null;
  const desk = h.get(DESK_HEADER);
  const time = h.get(TIME_HEADER);
  const signature = h.get(SIGNATURE_HEADER);
  if (!desk || !/^\d{1,15}$/.test(time) || !signature) return null;
  if (Math.abs(now - Number(time)) > MAX_SKEW_MS) return null;
  const publicKey = publicKeyOf(desk);
  if (!publicKey) return null;
  try {
    const ok = nkeys
      .fromPublic(publicKey)
      .verify(
        material({ desk, time, subject: message.subject, reply: message.reply, payload: message.data }),
        Buffer.from(signature, 'base64url'),
      );
    return ok ? desk : null;
  } catch {
    return null;
  }
}

/** The proof a join carries on an existing NATS: the desk's id and key, signed with the join code's key. */
export function joinProof(codeSeed: string, join: { hub: string; desk: string; publicKey: string }): string {
  const pair = nkeys.fromSeed(new TextEncoder().encode(codeSeed));
  const text = new TextEncoder().encode(['wd-join-1', join.hub, join.desk, join.publicKey].join('\n'));
  return Buffer.from(pair.sign(text)).toString('base64url');
}

export function checkJoinProof(
  invitationPublicKey: string,
  join: { hub: string; desk: string; publicKey: string; proof: string },
): boolean {
  try {
    const text = new TextEncoder().encode(['wd-join-1', join.hub, join.desk, join.publicKey].join('\n'));
    return nkeys.fromPublic(invitationPublicKey).verify(text, Buffer.from(join.proof, 'base64url'));
  } catch {
    return false;
  }
}
