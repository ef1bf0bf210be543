// Who sent a request, for the request budget: a forwarding header counts only when the running tunnel sets it itself.
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { Status } from '../../../shared/bridge-contract.js';
import { isLoopbackAddress } from './connection-guard.js';

/**
 * The header the running tunnel writes: cloudflared's edge sets Cf-Connecting-Ip to the client's address; ngrok
 * appends the client's address to X-Forwarded-For, so only its last entry is ngrok's (the rest is the sender's).
 */
export type TrustedForwarding = 'cf-connecting-ip' | 'x-forwarded-for-last';

/** Whose header to believe now: none unless cloudflared or ngrok is running (ssh -R and others pass forgeries on). */
export function trustedForwarding(tunnel: Pick<Status['tunnel'], 'preset' | 'state'>): TrustedForwarding | null {
  const running = tunnel.state === 'starting' || tunnel.state === 'online' || tunnel.state === 'unreachable';
  if (!running) return null;
  if (tunnel.preset === 'cloudflared') return 'cf-connecting-ip';
  if (tunnel.preset === 'ngrok') return 'x-forwarded-for-last';
  return null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The address the budget counts: the trusted header's from a loopback peer when it is an IP address, else the peer's. */
export function requestSource(
  peer: string | undefined,
  headers: IncomingHttpHeaders,
  forwarding: TrustedForwarding | null,
): string {
  const connection = peer ?? 'unknown';
  if (!forwarding || !isLoopbackAddress(peer)) return connection;
  const claimed =
    forwarding === 'cf-connecting-ip'
      ? single(headers['cf-connecting-ip'])?.trim()
      : single(headers['x-forwarded-for'])?.split(',').at(-1)?.trim();
  return claimed && isIP(claimed) ? claimed : connection;
}
