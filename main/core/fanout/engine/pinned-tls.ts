// A satellite knows the hub's address and its certificate's SHA-256 (from the join code), not the certificate.
// Node's TLS asks checkServerIdentity only after the chain verified, so the certificate is fetched once with
// verification off, accepted only if its hash is the pin, and from then on trusted as the one CA, pin checked again.
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { fingerprintOf, normalizeFingerprint, pinSchema } from './certificate.js';

export type PinnedTlsErrorCode = 'unreachable' | 'certificate-mismatch' | 'not-nats';

/** Why the hub's certificate could not be had; the message holds no address or key, only what failed. */
export class PinnedTlsError extends Error {
  constructor(
    readonly code: PinnedTlsErrorCode,
    message: string,
    /** The socket's error code (`econnrefused`, `etimedout`…), when there was one. */
    readonly errno: string | null = null,
  ) {
    super(message);
    this.name = 'PinnedTlsError';
  }
}

export interface FetchPinnedOptions {
  host: string;
  port: number;
  /** Lowercase hex SHA-256 of the certificate's DER (colons and upper case are accepted too). */
  pin: string;
  timeoutMs?: number;
  /** The name sent in the TLS hello; an IP address is never sent there (RFC 6066). */
  servername?: string;
}

/** nats-server 2.9 greets in plaintext: `INFO {…}\r\n`, then expects the TLS handshake. */
const MAX_INFO_BYTES = 64 * 1024;

function toPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

/** Connects, reads the INFO line, upgrades to TLS without verifying, and returns the PEM if its hash is the pin. */
export function fetchPinnedCertificate(options: FetchPinnedOptions): Promise<string> {
  const pin = pinSchema.parse(normalizeFingerprint(options.pin));
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    let secure: tls.TLSSocket | null = null;
    const socket = net.connect({ host: options.host, port: options.port });
    const finish = (error: PinnedTlsError | null, pem?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure?.destroy();
      socket.destroy();
      if (error) reject(error);
      else resolve(pem!);
    };
    const timer = setTimeout(
      () => finish(new PinnedTlsError('unreachable', `no answer within ${timeoutMs} ms`, 'etimedout')),
      timeoutMs,
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(new PinnedTlsError('unreachable', 'could not connect', error.code?.toLowerCase() ?? null)),
    );
    socket.once('close', () => finish(new PinnedTlsError('unreachable', 'the connection closed early')));

    let greeting = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      greeting = Buffer.concat([greeting, chunk]);
      const end = greeting.indexOf('\r\n');
      if (end < 0) {
        if (greeting.length > MAX_INFO_BYTES || !'INFO '.startsWith(greeting.subarray(0, 5).toString('latin1')))
          finish(new PinnedTlsError('not-nats', 'the address does not answer as a NATS server'));
        return;
      }
      socket.off('data', onData);
      if (!greeting.subarray(0, 5).equals(Buffer.from('INFO '))) {
        finish(new PinnedTlsError('not-nats', 'the address does not answer as a NATS server'));
        return;
      }
      const servername = options.servername && net.isIP(options.servername) === 0 ? options.servername : undefined;
      // Verification is off on purpose: this handshake only fetches the certificate, checked by its hash below.
      secure = tls.connect({ socket, rejectUnauthorized: false, ...(servername ? { servername } : {}) });
      secure.once('error', (error: NodeJS.ErrnoException) =>
        finish(new PinnedTlsError('unreachable', 'the TLS handshake failed', error.code?.toLowerCase() ?? null)),
      );
      secure.once('secureConnect', () => {
        const der = secure?.getPeerCertificate().raw;
        if (!der) {
          finish(new PinnedTlsError('certificate-mismatch', 'the server showed no certificate'));
          return;
        }
        if (fingerprintOf(der) !== pin) {
          finish(
            new PinnedTlsError('certificate-mismatch', 'the server’s certificate is not the one in the join code'),
          );
          return;
        }
        finish(null, toPem(der));
      });
    };
    socket.on('data', onData);
  });
}

type NodeTlsOptions = NonNullable<NodeConnectionOptions['tls']>;
/** The client passes unknown keys on to Node's `tls.connect`, checkServerIdentity among them. */
export type PinnedTlsOptions = NodeTlsOptions & Pick<tls.ConnectionOptions, 'checkServerIdentity'>;

/**
 * `tls` for @nats-io connect: the pinned certificate is the only CA, and every (re)connection compares the
 * certificate's hash with the pin. The host name is not compared: the pin is the identity, and the hub's
 * address may be an IP the certificate never named.
 */
export function pinnedTlsOptions(pem: string, pin: string): PinnedTlsOptions {
  const expected = pinSchema.parse(normalizeFingerprint(pin));
  if (normalizeFingerprint(new X509Certificate(pem).fingerprint256) !== expected)
    throw new PinnedTlsError('certificate-mismatch', 'the certificate given is not the pinned one');
  return {
    ca: pem,
    checkServerIdentity: (_host, cert) =>
      normalizeFingerprint(cert.fingerprint256 ?? '') === expected
        ? undefined
        : Object.assign(new Error('the server’s certificate is not the pinned one'), { code: 'certificate-mismatch' }),
  };
}
