// `npm run dist`, first step: nats-server for every installer target, from nats-io's GitHub release, its SHA-256
// verified, into build/nats-server/<os>-<arch>/. electron-builder ships that folder as <resources>/nats-server/
// (electron-builder.yml `extraResources`), where main/desktop/bundled-nats.ts looks for it.
//
// The archives are read here with node:zlib, not by the system's tar: every target is fetched on any build machine,
// and GNU tar (Linux) cannot read the Windows and macOS zips; nothing is added to package.json for it.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_BASE_URL = 'https://github.com/nats-io/nats-server/releases/download';
export const DEFAULT_CHECKSUMS = path.join(root, 'scripts', 'nats-server-checksums.json');
export const DEFAULT_OUT = path.join(root, 'build', 'nats-server');
const TIMEOUT_MS = 5 * 60_000;
const PREFIX = 'fetch-nats-server:';

/** electron-builder's `${os}-${arch}` (win, mac, linux; x64, arm64) and the release asset that serves it. */
export const TARGETS = Object.freeze({
  'win-x64': Object.freeze({ os: 'windows', arch: 'amd64', format: 'zip', binary: 'nats-server.exe' }),
  'mac-x64': Object.freeze({ os: 'darwin', arch: 'amd64', format: 'zip', binary: 'nats-server' }),
  'mac-arm64': Object.freeze({ os: 'darwin', arch: 'arm64', format: 'zip', binary: 'nats-server' }),
  'linux-x64': Object.freeze({ os: 'linux', arch: 'amd64', format: 'tar.gz', binary: 'nats-server' }),
});

/** A refusal said in one line, pt-BR / en; `npm run dist` stops on it. */
export class FetchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'FetchError';
  }
}

/** The release's file name for a target, as nats-io's goreleaser names it: nats-server-v<version>-<os>-<arch>.<ext>. */
export function assetName(version, target) {
  const spec = TARGETS[target];
  if (spec === undefined) throw new FetchError(unknownTarget(target));
  return `nats-server-v${version}-${spec.os}-${spec.arch}.${spec.format}`;
}

function unknownTarget(target) {
  const known = Object.keys(TARGETS).join(', ');
  return `${PREFIX} alvo desconhecido "${target}" (conhecidos: ${known}) / unknown target "${target}" (known: ${known})`;
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The version and the pinned SHA-256 of each asset, read from the checksums file (scripts/nats-server-checksums.json). */
export async function readChecksums(file) {
  let parsed;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new FetchError(
      `${PREFIX} não consegui ler ${file} (${error.message}) / could not read ${file} (${error.message})`,
    );
  }
  const version = parsed?.version;
  const assets = parsed?.assets ?? {};
  const bad = (why) => new FetchError(`${PREFIX} ${file} inválido: ${why} / ${file} is invalid: ${why}`);
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) throw bad('version');
  if (typeof assets !== 'object' || Array.isArray(assets)) throw bad('assets');
  const pinned = new Map();
  for (const [name, entry] of Object.entries(assets)) {
    if (typeof entry?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) throw bad(`${name}.sha256`);
    pinned.set(name, entry.sha256);
  }
  return { version, pinned };
}

/** `<sha256>  <file>` lines, as goreleaser writes a release's SHA256SUMS. */
export function parseSha256Sums(text) {
  const sums = new Map();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(line);
    if (match) sums.set(match[2], match[1].toLowerCase());
  }
  return sums;
}

function lastSegment(entryName) {
  return entryName.replace(/\/+$/, '').split('/').pop();
}

function unreadable(asset, why) {
  return new FetchError(`${PREFIX} ${asset} não pôde ser lido (${why}) / ${asset} could not be read (${why})`);
}

/** The bytes of the regular file named `binary` (in any folder) inside a .tar.gz. */
export function extractFromTarGz(archive, binary, asset = 'tar.gz') {
  let tar;
  try {
    tar = zlib.gunzipSync(archive);
  } catch (error) {
    throw unreadable(asset, error.message);
  }
  let longName = null;
  let paxPath = null;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start, length) => header.toString('latin1', start, start + length).replace(/\0.*$/s, '');
    const size = Number.parseInt(text(124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) throw unreadable(asset, 'tar header');
    const type = text(156, 1) || '0';
    const start = offset + 512;
    if (start + size > tar.length) throw unreadable(asset, 'truncated');
    const data = tar.subarray(start, start + size);
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
    } else if (type === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1] ?? null;
    } else {
      const prefix = text(257, 6) === 'ustar' ? text(345, 155) : '';
      const name = paxPath ?? longName ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100));
      longName = paxPath = null;
      if ((type === '0' || type === '7') && lastSegment(name) === binary) return Buffer.from(data);
    }
    offset = start + Math.ceil(size / 512) * 512;
  }
  throw new FetchError(`${PREFIX} ${asset} não contém ${binary} / ${asset} does not contain ${binary}`);
}

/**
 * The bytes of the file named `binary` (in any folder) inside a .zip. Sizes and offsets come from the central
 * directory: Go's archive/zip (goreleaser) writes them after the data, not in the local header.
 */
export function extractFromZip(archive, binary, asset = 'zip') {
  let end = -1;
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 0xffff); at--) {
    if (archive.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw unreadable(asset, 'no zip directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  if (at === 0xffffffff) throw unreadable(asset, 'zip64');
  for (let index = 0; index < count; index++) {
    if (at + 46 > archive.length || archive.readUInt32LE(at) !== 0x02014b50) throw unreadable(asset, 'zip directory');
    const method = archive.readUInt16LE(at + 10);
    const compressedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/') || lastSegment(name) !== binary) continue;
    if (local + 30 > archive.length || archive.readUInt32LE(local) !== 0x04034b50) throw unreadable(asset, 'zip entry');
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    if (start + compressedSize > archive.length) throw unreadable(asset, 'truncated');
    const stored = archive.subarray(start, start + compressedSize);
    let bytes;
    try {
      if (method === 0) bytes = Buffer.from(stored);
      else if (method === 8) bytes = zlib.inflateRawSync(stored);
      else throw new Error(`compression method ${method}`);
    } catch (error) {
      throw unreadable(asset, error.message);
    }
    if (bytes.length !== size) throw unreadable(asset, 'size');
    return bytes;
  }
  throw new FetchError(`${PREFIX} ${asset} não contém ${binary} / ${asset} does not contain ${binary}`);
}

function checkBaseUrl(baseUrl) {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new FetchError(`${PREFIX} endereço inválido: ${baseUrl} / invalid address: ${baseUrl}`);
  }
  // Plain http only to this machine (the tests' fake release): a release fetched over the network comes over https.
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new FetchError(`${PREFIX} só https: ${baseUrl} / https only: ${baseUrl}`);
  }
  return baseUrl.replace(/\/+$/, '');
}

async function download(url, what, timeoutMs) {
  const failed = (why) =>
    new FetchError(
      `${PREFIX} não foi possível baixar ${what} de ${url} (${why}) / could not download ${what} from ${url} (${why})`,
    );
  let response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw failed(error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error));
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new FetchError(
      `${PREFIX} ${what} não existe na release: ${url} respondeu 404 / ${what} is not in the release: ${url} answered 404`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw failed(`HTTP ${response.status}`);
  }
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw failed(error?.message ?? String(error));
  }
}

async function readStamp(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The binary already in place when its stamp says it was verified for this very asset and its bytes still match. */
async function alreadyVerified({ binaryPath, stampPath, version, asset, pinned }) {
  const stamp = await readStamp(stampPath);
  if (stamp?.version !== version || stamp?.asset !== asset) return null;
  if (pinned !== undefined && stamp.archiveSha256 !== pinned) return null;
  let bytes;
  try {
    bytes = await readFile(binaryPath);
  } catch {
    return null;
  }
  return sha256(bytes) === stamp.binarySha256 ? stamp : null;
}

/** Writes through a temporary name and renames: a reader never sees half a file. */
async function writeAtomically(file, bytes, mode) {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.part`;
  try {
    await writeFile(temporary, bytes, { mode });
    if (mode !== undefined) await chmod(temporary, mode);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

const CHECKS = {
  pinned: (checksums) => ({
    pt: `SHA-256 fixado em ${checksums}`,
    en: `the SHA-256 pinned in ${checksums}`,
  }),
  SHA256SUMS: () => ({ pt: 'SHA256SUMS da release', en: "the release's SHA256SUMS" }),
};

/**
 * Fetches, verifies and extracts nats-server for each target. Resolves to one entry per target; rejects with a
 * FetchError, leaving no binary of the failed target behind.
 */
export async function fetchNatsServer({
  baseUrl = DEFAULT_BASE_URL,
  targets = Object.keys(TARGETS),
  out = DEFAULT_OUT,
  checksums = DEFAULT_CHECKSUMS,
  timeoutMs = TIMEOUT_MS,
  log = console.log,
} = {}) {
  const base = checkBaseUrl(baseUrl);
  for (const target of targets) if (TARGETS[target] === undefined) throw new FetchError(unknownTarget(target));
  const { version, pinned } = await readChecksums(checksums);
  const checksumsLabel = path.relative(root, checksums).split(path.sep).join('/') || checksums;
  const shown = (file) => path.relative(process.cwd(), file) || file;

  const plans = [];
  for (const target of targets) {
    const asset = assetName(version, target);
    const binaryPath = path.join(out, target, TARGETS[target].binary);
    const stampPath = path.join(out, `${target}.json`);
    const plan = { target, asset, binaryPath, stampPath, version, pinned: pinned.get(asset) };
    plans.push({ ...plan, kept: await alreadyVerified(plan) });
  }

  // The release's own list, only when an asset to download has no pinned SHA-256.
  let sums = null;
  if (plans.some((plan) => !plan.kept && plan.pinned === undefined)) {
    const url = `${base}/v${version}/SHA256SUMS`;
    sums = parseSha256Sums((await download(url, 'SHA256SUMS', timeoutMs)).toString('utf8'));
  }

  const results = [];
  for (const plan of plans) {
    const { target, asset, binaryPath, stampPath } = plan;
    if (plan.kept) {
      await chmod(binaryPath, 0o755);
      const check = CHECKS[plan.kept.check]?.(checksumsLabel) ?? CHECKS.SHA256SUMS();
      log(
        `${PREFIX} ${target}: nats-server ${version} já baixado e conferido (${check.pt}) / already fetched and verified (${check.en})`,
      );
      results.push({ target, asset, path: binaryPath, downloaded: false, check: plan.kept.check });
      continue;
    }

    // A binary from another version or an unverified run is never shipped: the folder holds a verified one or nothing.
    await rm(path.dirname(binaryPath), { recursive: true, force: true });
    await rm(stampPath, { force: true });

    const listed = sums?.get(asset);
    if (plan.pinned !== undefined && listed !== undefined && listed !== plan.pinned) {
      throw new FetchError(
        `${PREFIX} o SHA-256 fixado de ${asset} difere do SHA256SUMS da release; nada foi instalado / ` +
          `the pinned SHA-256 of ${asset} differs from the release's SHA256SUMS; nothing was installed`,
      );
    }
    const expected = plan.pinned ?? listed;
    const checkName = plan.pinned !== undefined ? 'pinned' : 'SHA256SUMS';
    if (expected === undefined) {
      throw new FetchError(
        `${PREFIX} ${asset} não tem SHA-256 fixado nem consta do SHA256SUMS da release; nada foi instalado / ` +
          `${asset} has no pinned SHA-256 and is not in the release's SHA256SUMS; nothing was installed`,
      );
    }

    const url = `${base}/v${version}/${asset}`;
    const archive = await download(url, asset, timeoutMs);
    const actual = sha256(archive);
    if (actual !== expected) {
      const check = CHECKS[checkName](checksumsLabel);
      throw new FetchError(
        `${PREFIX} SHA-256 de ${asset} não confere com o ${check.pt} (esperado ${expected}, recebido ${actual}); nada foi instalado / ` +
          `SHA-256 of ${asset} does not match ${check.en} (expected ${expected}, got ${actual}); nothing was installed`,
      );
    }
    const { binary, format } = TARGETS[target];
    const bytes = format === 'zip' ? extractFromZip(archive, binary, asset) : extractFromTarGz(archive, binary, asset);

    await mkdir(path.dirname(binaryPath), { recursive: true });
    await writeAtomically(binaryPath, bytes, 0o755);
    const stamp = { version, asset, archiveSha256: actual, binarySha256: sha256(bytes), check: checkName };
    await writeAtomically(stampPath, `${JSON.stringify(stamp, null, 2)}\n`);
    const check = CHECKS[checkName](checksumsLabel);
    log(
      `${PREFIX} ${target}: nats-server ${version} baixado e conferido pelo ${check.pt} → ${shown(binaryPath)} / ` +
        `downloaded and checked against ${check.en}`,
    );
    results.push({ target, asset, path: binaryPath, downloaded: true, check: checkName });
  }
  return results;
}

/** The command line: `node scripts/fetch-nats-server.mjs [--base-url U] [--targets a,b] [--out D] [--checksums F]`. */
export async function main(argv = process.argv.slice(2), env = process.env) {
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          'base-url': { type: 'string' },
          targets: { type: 'string' },
          out: { type: 'string' },
          checksums: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new FetchError(`${PREFIX} ${error.message}`);
    }
    const targets = values.targets ?? env.WIFIRE_DESK_NATS_TARGETS;
    await fetchNatsServer({
      baseUrl: values['base-url'] ?? env.WIFIRE_DESK_NATS_BASE_URL ?? DEFAULT_BASE_URL,
      targets: targets ? targets.split(',').map((target) => target.trim()) : undefined,
      out: values.out ? path.resolve(values.out) : DEFAULT_OUT,
      checksums: values.checksums ? path.resolve(values.checksums) : DEFAULT_CHECKSUMS,
    });
    return 0;
  } catch (error) {
    console.error(error instanceof FetchError ? error.message : `${PREFIX} ${error?.stack ?? error}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
