// Fetches a customer's photo from the URL WiFire sent, without letting that URL reach this PC, the LAN or anything but an image.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isPublicAddress } from './address-policy.js';

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';

export interface FetchedPhoto {
  mime: PhotoMime;
  bytes: Buffer;
}

export type PhotoFetchErrorCode =
  | 'bad_scheme'
  | 'bad_url'
  | 'blocked_address'
  | 'too_many_redirects'
  | 'http_status'
  | 'bad_type'
  | 'too_large'
  | 'timeout'
  | 'network'
  | 'aborted';

/** The message names the code only: the URL may carry personal data and must not reach a log. */
export class PhotoFetchError extends Error {
  constructor(readonly code: PhotoFetchErrorCode) {
    super(`photo fetch failed: ${code}`);
    this.name = 'PhotoFetchError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface PhotoFetchOptions {
  /** Default 2 MiB. */
  maxBytes?: number;
  /** For the whole fetch, redirects included. Default 8 s. */
  timeoutMs?: number;
  /** Default 3. */
  maxRedirects?: number;
  /** Default: public addresses only, whatever the port. */
  isAllowedAddress?: (ip: string, port: number) => boolean;
  /** Resolves a host name to every address it has. Default: `dns.lookup` with `all`. */
  lookup?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Aborting it ends the fetch with code `aborted`. */
  signal?: AbortSignal;
}

export const DEFAULT_MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const DEFAULT_PHOTO_TIMEOUT_MS = 8_000;
export const DEFAULT_MAX_PHOTO_REDIRECTS = 3;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DECLARED_TYPES: Record<string, PhotoMime> = {
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/png': 'image/png',
  'image/webp': 'image/webp',
  'image/gif': 'image/gif',
};

const defaultLookup = (hostname: string): Promise<ResolvedAddress[]> =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

/** What the first bytes say the file is; null when they match none of the four accepted formats. */
export function sniffImageType(bytes: Buffer): PhotoMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  return null;
}

interface Target {
  url: URL;
  host: string;
  port: number;
}

function parseTarget(raw: string, base?: string): Target {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new PhotoFetchError('bad_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PhotoFetchError('bad_scheme');
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (host === '') throw new PhotoFetchError('bad_url');
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { url, host, port };
}

/** Rejects as soon as the signal aborts, for steps (like dns.lookup) that cannot be cancelled themselves. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function abortReason(signal: AbortSignal): PhotoFetchError {
  return signal.reason instanceof PhotoFetchError ? signal.reason : new PhotoFetchError('aborted');
}

/** Any failure becomes a PhotoFetchError; Node's own errors are dropped because their messages name the host. */
function toFetchError(error: unknown, signal: AbortSignal): PhotoFetchError {
  if (error instanceof PhotoFetchError) return error;
  if (signal.aborted) return abortReason(signal);
  return new PhotoFetchError('network');
}

async function resolveChecked(
  target: Target,
  lookup: (hostname: string) => Promise<ResolvedAddress[]>,
  isAllowed: (ip: string, port: number) => boolean,
  signal: AbortSignal,
): Promise<ResolvedAddress> {
  const family = net.isIP(target.host);
  const addresses = family !== 0 ? [{ address: target.host, family }] : await untilAborted(lookup(target.host), signal);
  if (addresses.length === 0) throw new PhotoFetchError('network');
  // One bad address is enough to refuse: a host that also resolves inside the LAN is not to be trusted.
  if (!addresses.every(({ address }) => isAllowed(address, target.port))) throw new PhotoFetchError('blocked_address');
  const first = addresses[0]!;
  return { address: first.address, family: net.isIP(first.address) };
}

/** A lookup that answers with the address already checked, so a second DNS answer cannot redirect the connection. */
function pinnedLookup(resolved: ResolvedAddress): net.LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [resolved]);
    else callback(null, resolved.address, resolved.family);
  };
}

function open(target: Target, resolved: ResolvedAddress, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (target.url.protocol === 'https:' ? https : http).request(
      {
        protocol: target.url.protocol,
        hostname: target.host,
        port: target.port,
        path: `${target.url.pathname}${target.url.search}`,
        method: 'GET',
        // No cookies, no credentials from the URL, no shared keep-alive socket.
        headers: {
          'User-Agent': 'WiFireDesk',
          Accept: 'image/jpeg, image/png, image/webp, image/gif',
          'Accept-Encoding': 'identity',
        },
        agent: false,
        lookup: pinnedLookup(resolved),
        signal,
      },
      resolve,
    );
    request.on('error', (error) => reject(toFetchError(error, signal)));
    request.end();
  });
}

async function readBody(response: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new PhotoFetchError('too_large');
      chunks.push(chunk);
    }
  } catch (error) {
    throw toFetchError(error, signal);
  } finally {
    response.destroy();
  }
  return Buffer.concat(chunks, total);
}

function declaredType(response: http.IncomingMessage): PhotoMime | null {
  const header = response.headers['content-type'];
  if (!header) return null;
  return DECLARED_TYPES[header.split(';')[0]!.trim().toLowerCase()] ?? null;
}

/**
 * Fetches an image over http(s) from public addresses only, following at most `maxRedirects` redirects, each re-checked.
 * Throws a PhotoFetchError whose `code` says why; the URL never appears in the error.
 */
export async function fetchPhoto(url: string, options: PhotoFetchOptions = {}): Promise<FetchedPhoto> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PHOTO_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_PHOTO_REDIRECTS;
  const isAllowed = options.isAllowedAddress ?? ((ip: string) => isPublicAddress(ip));
  const lookup = options.lookup ?? defaultLookup;

  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(
    () => controller.abort(new PhotoFetchError('timeout')),
    options.timeoutMs ?? DEFAULT_PHOTO_TIMEOUT_MS,
  );
  const onCallerAbort = (): void => controller.abort(new PhotoFetchError('aborted'));
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  try {
    let target = parseTarget(url);
    for (let redirects = 0; ; redirects++) {
      if (signal.aborted) throw abortReason(signal);
      const resolved = await resolveChecked(target, lookup, isAllowed, signal);
      const response = await open(target, resolved, signal);
      const status = response.statusCode ?? 0;

      if (REDIRECTS.has(status)) {
        const location = response.headers.location;
        response.destroy();
        if (!location) throw new PhotoFetchError('http_status');
        if (redirects >= maxRedirects) throw new PhotoFetchError('too_many_redirects');
        target = parseTarget(location, target.url.href);
        continue;
      }
      if (status !== 200) {
        response.destroy();
        throw new PhotoFetchError('http_status');
      }
      const declared = declaredType(response);
      if (!declared) {
        response.destroy();
        throw new PhotoFetchError('bad_type');
      }
      const length = Number(response.headers['content-length']);
      if (Number.isFinite(length) && length > maxBytes) {
        response.destroy();
        throw new PhotoFetchError('too_large');
      }
      const bytes = await readBody(response, maxBytes, signal);
      // The bytes must be the image the server claims, or a mislabelled page could end up shown as a photo.
      if (sniffImageType(bytes) !== declared) throw new PhotoFetchError('bad_type');
      return { mime: declared, bytes };
    }
  } catch (error) {
    throw toFetchError(error, signal);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
