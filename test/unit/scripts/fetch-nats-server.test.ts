import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  TARGETS,
  assetName,
  extractFromTarGz,
  extractFromZip,
  fetchNatsServer,
  parseSha256Sums,
  readChecksums,
  type FetchOptions,
  type Target,
} from '../../../scripts/fetch-nats-server.mjs';

const root = process.cwd(); // vitest runs in the project's root
const script = path.join(root, 'scripts/fetch-nats-server.mjs');
const VERSION = '9.9.9';
const ALL = Object.keys(TARGETS) as Target[];

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stand-in nats-server that says which target it was made for, so a mix-up between targets shows. */
function fakeBinary(target: string): Buffer {
  return Buffer.from(`#!/bin/sh\necho "nats-server ${VERSION} for ${target}"\n`);
}

/** A zip as Go's archive/zip writes it: sizes and CRC in a data descriptor after the data, not in the local header. */
function zip(entries: { name: string; data: Buffer; method: 0 | 8 }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const stored = entry.method === 8 ? zlib.deflateRawSync(entry.data) : entry.data;
    const crc = zlib.crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 names
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(stored.length, 8);
    descriptor.writeUInt32LE(entry.data.length, 12);
    parts.push(local, name, stored, descriptor);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(0x0314, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0808, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(stored.length, 20);
    header.writeUInt32LE(entry.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE((0o100755 << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += 30 + name.length + stored.length + 16;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** The release's archive for a target, laid out as goreleaser does: one folder, the program, README and LICENSE. */
function releaseArchive(work: string, target: Target, binary = fakeBinary(target)): Buffer {
  const { os: releaseOs, arch, format, binary: name } = TARGETS[target];
  const folder = `nats-server-v${VERSION}-${releaseOs}-${arch}`;
  const extras = [
    { name: 'README.md', data: Buffer.from('# NATS\n') },
    { name: 'LICENSE', data: Buffer.from('Apache License 2.0\n') },
  ];
  if (format === 'zip') {
    return zip([
      { name: `${folder}/`, data: Buffer.alloc(0), method: 0 },
      ...extras.map((extra) => ({ name: `${folder}/${extra.name}`, data: extra.data, method: 8 as const })),
      { name: `${folder}/${name}`, data: binary, method: 8 },
    ]);
  }
  // The system's tar (GNU tar here) makes the .tar.gz, so the reader is checked against a real writer.
  const staging = mkdtempSync(path.join(work, 'tar-'));
  mkdirSync(path.join(staging, folder));
  for (const extra of extras) writeFileSync(path.join(staging, folder, extra.name), extra.data);
  writeFileSync(path.join(staging, folder, name), binary);
  chmodSync(path.join(staging, folder, name), 0o644); // the fetch must make it executable itself
  const file = path.join(staging, 'release.tar.gz');
  execFileSync('tar', ['-czf', file, '-C', staging, folder]);
  return readFileSync(file);
}

/** Every file under a folder, relative to it; none when the folder does not exist. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    statSync(path.join(dir, file)).isFile(),
  );
}

/** A fake GitHub release on 127.0.0.1: `/v<version>/<asset>` and `/v<version>/SHA256SUMS`; anything else 404. */
class FakeRelease {
  readonly files = new Map<string, Buffer>();
  readonly requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const url = request.url ?? '/';
      this.requests.push(url);
      const body = this.files.get(url);
      if (body === undefined) {
        response.writeHead(404).end('Not Found');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  put(name: string, body: Buffer): void {
    this.files.set(`/v${VERSION}/${name}`, body);
  }

  /** The release's SHA256SUMS, listing what `put` served. */
  putSums(sums: Map<string, string>): void {
    const lines = [...sums].map(([name, hash]) => `${hash}  ${name}`);
    this.put('SHA256SUMS', Buffer.from(`${lines.join('\n')}\n`));
  }

  archiveRequests(): string[] {
    return this.requests.filter((url) => !url.endsWith('/SHA256SUMS'));
  }
}

describe('fetch-nats-server (npm run dist)', () => {
  const release = new FakeRelease();
  let baseUrl = '';
  let work = '';
  let out = '';
  let checksums = '';
  const archives = new Map<Target, Buffer>();
  const lines: string[] = [];

  /** The checksums file: linux and windows pinned (as in the repo's), macOS left to the release's SHA256SUMS. */
  function writeChecksums(pins: Partial<Record<Target, string>>): void {
    const assets = Object.fromEntries(
      Object.entries(pins).map(([target, hash]) => [assetName(VERSION, target), { sha256: hash, source: 'test' }]),
    );
    writeFileSync(checksums, JSON.stringify({ version: VERSION, assets }));
  }

  function options(overrides: FetchOptions = {}): FetchOptions {
    return { baseUrl, out, checksums, log: (line) => lines.push(line), ...overrides };
  }

  beforeAll(async () => {
    baseUrl = await release.start();
  });

  afterAll(async () => {
    await release.stop();
  });

  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'wifire-fetch-nats-'));
    out = path.join(work, 'build', 'nats-server');
    checksums = path.join(work, 'nats-server-checksums.json');
    release.files.clear();
    release.requests.length = 0;
    lines.length = 0;
    for (const target of ALL) {
      archives.set(target, releaseArchive(work, target));
      release.put(assetName(VERSION, target), archives.get(target)!);
    }
    release.putSums(new Map(ALL.map((target) => [assetName(VERSION, target), sha256(archives.get(target)!)])));
    writeChecksums({ 'linux-x64': sha256(archives.get('linux-x64')!), 'win-x64': sha256(archives.get('win-x64')!) });
  });

  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('puts each target’s nats-server, executable, in the folder electron-builder ships for that target', async () => {
    const results = await fetchNatsServer(options());

    for (const target of ALL) {
      const binary = path.join(out, target, TARGETS[target].binary);
      expect(readFileSync(binary), target).toEqual(fakeBinary(target));
      expect(statSync(binary).mode & 0o777, target).toBe(0o755);
      // The whole folder goes into the installer: the program and nothing else.
      expect(readdirSync(path.join(out, target)), target).toEqual([TARGETS[target].binary]);
    }
    expect(readdirSync(path.join(out, 'win-x64'))).toEqual(['nats-server.exe']);
    expect(Object.fromEntries(results.map((result) => [result.target, result.check]))).toEqual({
      'win-x64': 'pinned',
      'mac-x64': 'SHA256SUMS',
      'mac-arm64': 'SHA256SUMS',
      'linux-x64': 'pinned',
    });
    expect(results.every((result) => result.downloaded)).toBe(true);
    // The output says which check each one passed.
    expect(lines.find((line) => line.includes('linux-x64'))).toContain('pinned in');
    expect(lines.find((line) => line.includes('mac-arm64'))).toContain("the release's SHA256SUMS");
  });

  it('asks for the assets by nats-io’s release names', async () => {
    await fetchNatsServer(options());
    expect(release.archiveRequests().sort()).toEqual(
      [
        `/v${VERSION}/nats-server-v${VERSION}-darwin-amd64.zip`,
        `/v${VERSION}/nats-server-v${VERSION}-darwin-arm64.zip`,
        `/v${VERSION}/nats-server-v${VERSION}-linux-amd64.tar.gz`,
        `/v${VERSION}/nats-server-v${VERSION}-windows-amd64.zip`,
      ].sort(),
    );
  });

  it('refuses an archive whose SHA-256 is not the pinned one, and leaves nothing behind', async () => {
    release.put(assetName(VERSION, 'linux-x64'), releaseArchive(work, 'linux-x64', Buffer.from('#!/bin/sh\nevil\n')));

    const error = await fetchNatsServer(options({ targets: ['linux-x64'] })).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`SHA-256 of nats-server-v${VERSION}-linux-amd64.tar.gz does not match`);
    expect(message).toContain('não confere');
    expect(message).not.toContain('\n');
    expect(filesUnder(work).filter((file) => file.startsWith('build'))).toEqual([]);
  });

  it('refuses an archive that does not match the release’s SHA256SUMS when no SHA-256 is pinned', async () => {
    release.put(assetName(VERSION, 'mac-arm64'), releaseArchive(work, 'mac-arm64', Buffer.from('tampered')));

    await expect(fetchNatsServer(options({ targets: ['mac-arm64'] }))).rejects.toThrow(
      /does not match the release's SHA256SUMS/,
    );
    expect(filesUnder(out)).toEqual([]);
  });

  it('refuses a pinned SHA-256 that the release’s SHA256SUMS contradicts', async () => {
    const sums = new Map(ALL.map((target) => [assetName(VERSION, target), sha256(archives.get(target)!)]));
    sums.set(assetName(VERSION, 'linux-x64'), 'f'.repeat(64));
    release.putSums(sums);

    await expect(fetchNatsServer(options({ targets: ['mac-x64', 'linux-x64'] }))).rejects.toThrow(
      /pinned SHA-256 of .*linux-amd64\.tar\.gz differs from the release's SHA256SUMS/,
    );
    expect(filesUnder(path.join(out, 'linux-x64'))).toEqual([]);
  });

  it('never keeps a binary the current checksums did not verify: a failed update removes the old one', async () => {
    await fetchNatsServer(options({ targets: ['linux-x64'] }));
    expect(filesUnder(path.join(out, 'linux-x64'))).toEqual(['nats-server']);

    // The pin changes (a new release was pinned) but the download does not match it.
    writeChecksums({ 'linux-x64': 'a'.repeat(64) });
    await expect(fetchNatsServer(options({ targets: ['linux-x64'] }))).rejects.toThrow(/does not match/);

    expect(filesUnder(out)).toEqual([]);
  });

  it('stops with one line naming the missing asset when the release answers 404', async () => {
    release.files.delete(`/v${VERSION}/${assetName(VERSION, 'win-x64')}`);

    const error = await fetchNatsServer(options({ targets: ['win-x64'] })).catch((caught: unknown) => caught);

    const message = (error as Error).message;
    expect(message).toContain(`nats-server-v${VERSION}-windows-amd64.zip is not in the release`);
    expect(message).toContain('404');
    expect(message).toContain('não existe na release');
    expect(message).not.toContain('\n');
    expect(filesUnder(out)).toEqual([]);
  });

  it('stops when SHA256SUMS is needed and the release has none', async () => {
    release.files.delete(`/v${VERSION}/SHA256SUMS`);

    await expect(fetchNatsServer(options({ targets: ['mac-x64'] }))).rejects.toThrow(
      /SHA256SUMS is not in the release.*404/,
    );
    expect(filesUnder(out)).toEqual([]);
  });

  it('makes npm run dist stop: the command exits 1 with the one line on stderr', async () => {
    release.files.delete(`/v${VERSION}/${assetName(VERSION, 'linux-x64')}`);

    const run = promisify(execFile)(
      process.execPath,
      [script, '--base-url', baseUrl, '--targets', 'linux-x64', '--out', out, '--checksums', checksums],
      { cwd: work },
    );
    const failure = await run.then(
      () => null,
      (caught: { code?: number; stderr?: string }) => caught,
    );

    expect(failure?.code).toBe(1);
    const stderr = (failure?.stderr ?? '').trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^fetch-nats-server: .*linux-amd64\.tar\.gz.*404/);
    expect(filesUnder(out)).toEqual([]);
  });

  it('takes the base URL and the targets from the environment when run as a command', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--out', out, '--checksums', checksums], {
      cwd: work,
      env: { ...process.env, WIFIRE_DESK_NATS_BASE_URL: baseUrl, WIFIRE_DESK_NATS_TARGETS: 'mac-arm64' },
    });

    expect(filesUnder(out).sort()).toEqual(['mac-arm64.json', path.join('mac-arm64', 'nats-server')].sort());
    expect(stdout).toContain('mac-arm64');
  });

  it('does not download again what it already fetched and verified', async () => {
    await fetchNatsServer(options());
    const fetched = release.requests.length;
    const before = statSync(path.join(out, 'linux-x64', 'nats-server')).mtimeMs;

    const again = await fetchNatsServer(options());

    expect(release.requests.length).toBe(fetched);
    expect(again.map((result) => result.downloaded)).toEqual(ALL.map(() => false));
    expect(statSync(path.join(out, 'linux-x64', 'nats-server')).mtimeMs).toBe(before);
    expect(lines.filter((line) => line.includes('already fetched and verified'))).toHaveLength(ALL.length);
  });

  it('downloads again a binary that changed on disk since it was verified', async () => {
    await fetchNatsServer(options({ targets: ['linux-x64'] }));
    const binary = path.join(out, 'linux-x64', 'nats-server');
    writeFileSync(binary, 'changed');

    const [result] = await fetchNatsServer(options({ targets: ['linux-x64'] }));

    expect(result?.downloaded).toBe(true);
    expect(readFileSync(binary)).toEqual(fakeBinary('linux-x64'));
    expect(release.archiveRequests()).toHaveLength(2);
  });

  it('refuses an unknown target and a release address that is neither https nor this machine', async () => {
    await expect(fetchNatsServer(options({ targets: ['win-arm64'] }))).rejects.toThrow(/unknown target "win-arm64"/);
    await expect(fetchNatsServer(options({ baseUrl: 'http://example.com/releases' }))).rejects.toThrow(/https only/);
    expect(release.requests).toEqual([]);
  });
});

describe('the archive readers', () => {
  it('find the program in a zip whether stored or deflated, and say so when it is missing', () => {
    const program = Buffer.from('program bytes');
    const stored = zip([{ name: 'dir/nats-server.exe', data: program, method: 0 }]);
    expect(extractFromZip(stored, 'nats-server.exe')).toEqual(program);
    const deflated = zip([{ name: 'dir/nats-server', data: program, method: 8 }]);
    expect(extractFromZip(deflated, 'nats-server')).toEqual(program);
    expect(() => extractFromZip(deflated, 'nats-server.exe', 'a.zip')).toThrow(
      /a\.zip does not contain nats-server\.exe/,
    );
    expect(() => extractFromZip(Buffer.from('not a zip at all, not even close'), 'nats-server', 'b.zip')).toThrow(
      /b\.zip could not be read/,
    );
  });

  it('do not take a file that only ends in the program’s name', () => {
    const gz = zlib.gzipSync(Buffer.alloc(1024));
    expect(() => extractFromTarGz(gz, 'nats-server', 'empty.tar.gz')).toThrow(/does not contain nats-server/);
    const decoy = zip([{ name: 'dir/not-nats-server', data: Buffer.from('x'), method: 0 }]);
    expect(() => extractFromZip(decoy, 'nats-server')).toThrow(/does not contain/);
  });

  it('read a release’s SHA256SUMS', () => {
    const sums = parseSha256Sums(
      `${'A'.repeat(64)}  nats-server-v1.2.3-linux-amd64.tar.gz\r\n${'b'.repeat(64)} *x.zip\n`,
    );
    expect(sums.get('nats-server-v1.2.3-linux-amd64.tar.gz')).toBe('a'.repeat(64));
    expect(sums.get('x.zip')).toBe('b'.repeat(64));
  });
});

describe('scripts/nats-server-checksums.json', () => {
  const file = path.join(root, 'scripts/nats-server-checksums.json');

  it('pins assets by the names the fetch asks for, and accounts for every target', async () => {
    const { version, pinned } = await readChecksums(file);
    const raw = JSON.parse(readFileSync(file, 'utf8')) as {
      assets: Record<string, { source: string }>;
      notPinned?: Record<string, string>;
    };
    const names = ALL.map((target) => assetName(version, target));
    // A pin under a misspelt name would never be used: every pin names an asset the fetch downloads.
    for (const name of pinned.keys()) expect(names).toContain(name);
    for (const entry of Object.values(raw.assets)) expect(entry.source.length).toBeGreaterThan(10);
    // Each asset is pinned or says why not (and is then checked against the release's SHA256SUMS).
    for (const name of names) expect(pinned.has(name) || raw.notPinned?.[name] !== undefined, name).toBe(true);
    expect(assetName(version, 'mac-arm64')).toBe(`nats-server-v${version}-darwin-arm64.zip`);
    expect(assetName(version, 'linux-x64')).toBe(`nats-server-v${version}-linux-amd64.tar.gz`);
  });
});
