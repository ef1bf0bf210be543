// The photo cache fetches each photo once, names files by hashes only, and leaves nothing behind once a customer is erased.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogFields, Logger } from '../../../../../main/core/logger.js';
import { PhotoCache, photoBaseName, photoOfCustomer } from '../../../../../main/core/photos/photo-cache.js';
import {
  PhotoFetchError,
  type FetchedPhoto,
  type PhotoFetchOptions,
} from '../../../../../main/core/photos/photo-fetcher.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 4, 5, 6]);
const CUSTOMER = 'cliente-4471';
const URL_A = 'https://cdn.example.test/fotos/maria-silva.png';
const URL_B = 'https://cdn.example.test/fotos/maria-silva-nova.jpg';
const wanted = (): boolean => true;

interface FakeFetch {
  fetch: (url: string, options?: PhotoFetchOptions) => Promise<FetchedPhoto>;
  calls: Array<{ url: string; signal: AbortSignal | undefined }>;
}

function fakeFetch(answer: (url: string) => Promise<FetchedPhoto>): FakeFetch {
  const calls: FakeFetch['calls'] = [];
  return {
    calls,
    fetch: (url, options) => {
      calls.push({ url, signal: options?.signal });
      return answer(url);
    },
  };
}

const photoOf = (url: string): Promise<FetchedPhoto> =>
  Promise.resolve(url.endsWith('.jpg') ? { mime: 'image/jpeg', bytes: JPEG } : { mime: 'image/png', bytes: PNG });

function deferred(): { promise: Promise<FetchedPhoto>; resolve: (photo: FetchedPhoto) => void } {
  let resolve!: (photo: FetchedPhoto) => void;
  const promise = new Promise<FetchedPhoto>((r) => (resolve = r));
  return { promise, resolve };
}

function recordingLog(): Logger & { entries: Array<[string, LogFields | undefined]> } {
  const entries: Array<[string, LogFields | undefined]> = [];
  const record = (message: string, fields?: LogFields): void => void entries.push([message, fields]);
  return { entries, debug: record, info: record, warn: record, error: record };
}

describe('PhotoCache', () => {
  let dir: string;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    vi.useRealTimers();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one private file named by hashes of the customer and the URL, never the id or the URL', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    const photo = await cache.get(CUSTOMER, URL_A, wanted);

    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^${photoBaseName(CUSTOMER)}-[0-9a-f]{12}\\.png$`));
    expect(files[0]).not.toContain('4471');
    expect(files[0]).not.toContain('maria');
    expect(photo).toEqual({ mime: 'image/png', bytes: PNG, file: path.join(dir, files[0]!) });
    expect(fs.readFileSync(photo!.file).equals(PNG)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(photo!.file).mode & 0o777).toBe(0o600);
  });

  it('answers a second request from the file without fetching again', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    await cache.get(CUSTOMER, URL_A, wanted);
    const again = await cache.get(CUSTOMER, URL_A, wanted);
    expect(fake.calls).toHaveLength(1);
    expect(again?.bytes.equals(PNG)).toBe(true);

    const afterRestart = await new PhotoCache(dir, { fetch: fake.fetch }).get(CUSTOMER, URL_A, wanted);
    expect(fake.calls).toHaveLength(1);
    expect(afterRestart?.mime).toBe('image/png');
  });

  it('shares one fetch between concurrent requests for the same photo', async () => {
    const pending = deferred();
    const fake = fakeFetch(() => pending.promise);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    const both = Promise.all([cache.get(CUSTOMER, URL_A, wanted), cache.get(CUSTOMER, URL_A, wanted)]);
    pending.resolve({ mime: 'image/png', bytes: PNG });
    const [first, second] = await both;
    expect(fake.calls).toHaveLength(1);
    expect(first?.file).toBe(second?.file);
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it('writes nothing when the customer is no longer wanted right before the file would be written', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    let checks = 0;
    const photo = await cache.get(CUSTOMER, URL_A, () => checks++ === 0);
    expect(checks).toBe(2);
    expect(photo).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(cache.cachedFile(CUSTOMER, URL_A)).toBeNull();
  });

  it('does not fetch at all for a customer who is already not wanted', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    expect(await cache.get(CUSTOMER, URL_A, () => false)).toBeNull();
    expect(fake.calls).toHaveLength(0);
  });

  it('cancels a fetch in flight when the customer is erased, and writes nothing once it returns', async () => {
    const pending = deferred();
    const fake = fakeFetch(() => pending.promise);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    const photo = cache.get(CUSTOMER, URL_A, wanted);
    await vi.waitFor(() => expect(fake.calls).toHaveLength(1));

    // The fetch is aborted at once, before the files are dealt with.
    const removing = cache.removeCustomer(CUSTOMER);
    expect(fake.calls[0]?.signal?.aborted).toBe(true);
    await removing;
    // A fetch that ignores the abort and still delivers must not bring the photo back.
    pending.resolve({ mime: 'image/png', bytes: PNG });
    expect(await photo).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.each(['before', 'after'])(
    'leaves no file when the customer is erased just %s the temp file is written',
    async (when) => {
      const fake = fakeFetch(photoOf);
      const cache = new PhotoCache(dir, { fetch: fake.fetch });
      const writeFile = fs.promises.writeFile;
      const written: string[] = [];
      const spy = vi.spyOn(fs.promises, 'writeFile').mockImplementation(async (...args) => {
        if (when === 'before') await cache.removeCustomer(CUSTOMER);
        await writeFile(...args);
        written.push(path.basename(String(args[0])));
        if (when === 'after') await cache.removeCustomer(CUSTOMER);
      });
      try {
        expect(await cache.get(CUSTOMER, URL_A, wanted)).toBeNull();
      } finally {
        spy.mockRestore();
      }
      expect(written).toEqual([expect.stringMatching(new RegExp(`^${photoBaseName(CUSTOMER)}-[0-9a-f]+\\.tmp$`))]);
      expect(fs.readdirSync(dir)).toEqual([]);
    },
  );

  it('remembers a failed URL for a while, logging only the error code', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const fake = fakeFetch(() => Promise.reject(new PhotoFetchError('http_status')));
    const log = recordingLog();
    const cache = new PhotoCache(dir, { fetch: fake.fetch, log, failureTtlMs: 60_000 });

    expect(await cache.get(CUSTOMER, URL_A, wanted)).toBeNull();
    expect(await cache.get(CUSTOMER, URL_A, wanted)).toBeNull();
    expect(fake.calls).toHaveLength(1);
    expect(log.entries).toEqual([['photo fetch failed', { code: 'http_status' }]]);

    vi.setSystemTime(Date.now() + 60_001);
    await cache.get(CUSTOMER, URL_A, wanted);
    expect(fake.calls).toHaveLength(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('forgets remembered failures of an erased customer', async () => {
    const fake = fakeFetch(() => Promise.reject(new PhotoFetchError('timeout')));
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    await cache.get(CUSTOMER, URL_A, wanted);
    await cache.removeCustomer(CUSTOMER);
    await cache.get(CUSTOMER, URL_A, wanted);
    expect(fake.calls).toHaveLength(2);
  });

  it('replaces the photo from an older URL with the new one', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    const old = await cache.get(CUSTOMER, URL_A, wanted);
    const current = await cache.get(CUSTOMER, URL_B, wanted);

    expect(fs.readdirSync(dir)).toEqual([path.basename(current!.file)]);
    expect(fs.existsSync(old!.file)).toBe(false);
    expect(current?.mime).toBe('image/jpeg');
    expect(current?.file.endsWith('.jpg')).toBe(true);
  });

  it('keeps the photos of other customers when one customer is erased', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    await cache.get(CUSTOMER, URL_A, wanted);
    const other = await cache.get('cliente-9', URL_A, wanted);
    expect(await cache.removeCustomer(CUSTOMER)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual([path.basename(other!.file)]);
  });

  it('finds the cached file for a notification icon, and nothing for a URL it does not hold', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    expect(cache.cachedFile(CUSTOMER, URL_A)).toBeNull();
    const photo = await cache.get(CUSTOMER, URL_A, wanted);
    expect(cache.cachedFile(CUSTOMER, URL_A)).toBe(photo?.file);
    expect(cache.cachedFile(CUSTOMER, URL_B)).toBeNull();
    expect(cache.cachedFile('cliente-9', URL_A)).toBeNull();
  });
});

describe('photoOfCustomer', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes nothing when the customer is erased while the store is still answering where the photo is', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    let answer!: (customer: { photoUrl: string | null }) => void;
    const store = {
      getCustomer: () => new Promise<{ photoUrl: string | null } | null>((resolve) => (answer = resolve)),
    };
    const photo = photoOfCustomer(store, cache, CUSTOMER);
    // The erasure lands between the store's read (the row still there) and the download.
    await cache.removeCustomer(CUSTOMER);
    answer({ photoUrl: URL_A });
    expect(await photo).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('fetches and keeps the photo when nothing was erased meanwhile', async () => {
    const fake = fakeFetch(photoOf);
    const cache = new PhotoCache(dir, { fetch: fake.fetch });
    const photo = await photoOfCustomer({ getCustomer: async () => ({ photoUrl: URL_A }) }, cache, CUSTOMER);
    expect(photo?.mime).toBe('image/png');
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });
});
