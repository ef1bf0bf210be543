// Where customers' photos are cached (photos/ of the data folder), and how a customer's photos are erased.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger, type Logger } from '../logger.js';
import { fetchPhoto, PhotoFetchError, type PhotoMime } from './photo-fetcher.js';

/** File names carry a hash of the customer id, never the id or the name. */
export function photoBaseName(customerId: string): string {
  return createHash('sha256').update(`wifire-desk-photo:${customerId}`).digest('hex').slice(0, 32);
}

/** The URL is personal data too: only its hash goes into a file name. */
function urlHash(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 12);
}

const EXTENSIONS: Record<PhotoMime, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};
const MIME_BY_EXTENSION = new Map(Object.entries(EXTENSIONS).map(([mime, ext]) => [ext, mime as PhotoMime]));

export const DEFAULT_PHOTO_FAILURE_TTL_MS = 10 * 60 * 1000;

export interface CachedPhoto {
  mime: string;
  bytes: Buffer;
  file: string;
}

export interface PhotoCacheOptions {
  fetch?: typeof fetchPhoto;
  log?: Logger;
  /** How long a failed URL is not tried again. Default 10 minutes. */
  failureTtlMs?: number;
}

interface InFlight {
  controller: AbortController;
  /** Every caller's check: the photo is written only if all of them still want it. */
  wanted: Array<() => boolean>;
  promise: Promise<CachedPhoto | null>;
}

function errorCode(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code.toLowerCase() : 'unknown';
}

export class PhotoCache {
  private readonly fetch: typeof fetchPhoto;
  private readonly log: Logger;
  private readonly failureTtlMs: number;
  /** Keyed `<base>-<url hash>`, so a customer's entries are found by the same prefix as their files. */
  private readonly inFlight = new Map<string, InFlight>();
  private readonly failedUntil = new Map<string, number>();
  private removalCount = 0;

  constructor(
    readonly dir: string,
    options: PhotoCacheOptions = {},
  ) {
    this.fetch = options.fetch ?? fetchPhoto;
    this.log = options.log ?? silentLogger;
    this.failureTtlMs = options.failureTtlMs ?? DEFAULT_PHOTO_FAILURE_TTL_MS;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** The cached file of this customer's photo at this URL, if there is one. */
  cachedFile(customerId: string, url: string): string | null {
    const key = `${photoBaseName(customerId)}-${urlHash(url)}`;
    for (const ext of MIME_BY_EXTENSION.keys()) {
      const file = path.join(this.dir, `${key}.${ext}`);
      if (fs.existsSync(file)) return file;
    }
    return null;
  }

  /**
   * The customer's photo from the cache, else fetched once and cached. `stillWanted` is asked right before the file
   * is written (the customer may have been erased meanwhile). Null when there is no photo to show.
   */
  async get(customerId: string, url: string, stillWanted: () => boolean): Promise<CachedPhoto | null> {
    const base = photoBaseName(customerId);
    const key = `${base}-${urlHash(url)}`;
    const cached = await this.readCached(key);
    if (cached) return cached;

    const running = this.inFlight.get(key);
    if (running) {
      running.wanted.push(stillWanted);
      return running.promise;
    }
    const until = this.failedUntil.get(key);
    if (until !== undefined) {
      if (Date.now() < until) return null;
      this.failedUntil.delete(key);
    }
    if (!stillWanted()) return null;

    const entry: InFlight = {
      controller: new AbortController(),
      wanted: [stillWanted],
      promise: Promise.resolve(null),
    };
    entry.promise = this.fetchAndStore(base, key, url, entry).finally(() => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    });
    this.inFlight.set(key, entry);
    return entry.promise;
  }

  /** How many customers' photos were removed so far: a caller that saw this number before an erasure can tell. */
  get removals(): number {
    return this.removalCount;
  }

  /**
   * Overwrites, then deletes every cached photo of the customer, temp files included, and cancels any fetch of theirs
   * so nothing is written afterwards. Returns how many files went.
   */
  async removeCustomer(customerId: string): Promise<number> {
    this.removalCount++;
    const base = photoBaseName(customerId);
    // At once, before any await: a fetch that finishes from now on writes nothing.
    for (const [key, entry] of this.inFlight) {
      if (!key.startsWith(base)) continue;
      entry.controller.abort();
      this.inFlight.delete(key);
    }
    for (const key of this.failedUntil.keys()) if (key.startsWith(base)) this.failedUntil.delete(key);

    let removed = 0;
    for (const name of await fs.promises.readdir(this.dir)) {
      if (!name.startsWith(base)) continue;
      const file = path.join(this.dir, name);
      try {
        // Overwritten in place with zeros before the unlink, so the bytes do not linger on disk.
        const handle = await fs.promises.open(file, 'r+');
        try {
          const { size } = await handle.stat();
          await handle.write(Buffer.alloc(size), 0, size, 0);
        } finally {
          await handle.close();
        }
      } catch {
        // Best effort: the unlink below is what the promise rests on.
      }
      await fs.promises.rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  private async readCached(key: string): Promise<CachedPhoto | null> {
    for (const [ext, mime] of MIME_BY_EXTENSION) {
      const file = path.join(this.dir, `${key}.${ext}`);
      try {
        return { mime, bytes: await fs.promises.readFile(file), file };
      } catch {
        // Not cached in this format (or erased meanwhile): try the next one, then fetch.
      }
    }
    return null;
  }

  private async fetchAndStore(base: string, key: string, url: string, entry: InFlight): Promise<CachedPhoto | null> {
    const { signal } = entry.controller;
    let photo: Awaited<ReturnType<typeof fetchPhoto>>;
    try {
      photo = await this.fetch(url, { signal });
    } catch (error) {
      if (signal.aborted) return null;
      this.failedUntil.set(key, Date.now() + this.failureTtlMs);
      this.log.warn('photo fetch failed', { code: error instanceof PhotoFetchError ? error.code : 'unknown' });
      return null;
    }
    if (signal.aborted) return null;

    // Named after the customer's base so that removeCustomer also deletes it while it is being written.
    const temp = path.join(this.dir, `${base}-${randomBytes(8).toString('hex')}.tmp`);
    const file = path.join(this.dir, `${key}.${EXTENSIONS[photo.mime]}`);
    try {
      await fs.promises.writeFile(temp, photo.bytes, { mode: 0o600, flag: 'wx' });
      // Checked and renamed in the same synchronous step: an erasure cannot slip in between.
      if (signal.aborted || !entry.wanted.every((wanted) => wanted())) {
        fs.rmSync(temp, { force: true });
        return null;
      }
      fs.renameSync(temp, file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      if (!signal.aborted) this.log.warn('photo write failed', { code: errorCode(error) });
      return null;
    }
    this.removeOthers(base, path.basename(file));
    return { mime: photo.mime, bytes: photo.bytes, file };
  }

  /** A customer keeps one photo: the one just written replaces any from an older URL. */
  private removeOthers(base: string, keep: string): void {
    for (const name of fs.readdirSync(this.dir)) {
      if (!name.startsWith(base) || name === keep || name.endsWith('.tmp')) continue;
      fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }
}

/**
 * The customer's photo, from the cache or fetched once; null without one. The customer may be erased while the
 * store answers or while it downloads: then nothing is written and nothing returned.
 */
export async function photoOfCustomer(
  store: { getCustomer(customerId: string): Promise<{ photoUrl: string | null } | null> },
  photos: Pick<PhotoCache, 'get' | 'removals'>,
  customerId: string,
): Promise<CachedPhoto | null> {
  // Any removal since the store was asked (the store's answer may predate an erasure) and the photo is not kept:
  // erasures are rare, and a photo not kept is fetched again when next shown.
  const removalsBefore = photos.removals;
  const url = (await store.getCustomer(customerId))?.photoUrl;
  if (!url) return null;
  return photos.get(customerId, url, () => photos.removals === removalsBefore);
}
