// Start-up failures as a user meets them, on the real headless CLI and the desktop entry (fake electron): one
// bilingual line, exit code 1, nothing half-made; one service per data folder, and a killed one's lock taken over.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { startFakeDesk, stopFakeDesks } from '../support/fake-electron-app.js';
import { startHeadless, stopHeadlessChildren } from '../support/headless-process.js';
import { assertUnwritable, setImmutable, unmount } from '../support/reliability/disk-faults.js';
import { makeTempDir, postTo, TEST_TOKEN } from '../support/temp-service.js';

const CLI = path.resolve('dist/main/headless/cli.js');
const LOCK = 'wifire-desk.lock';

const dirs: string[] = [];
const immutable: string[] = [];
const mounts: string[] = [];
function tempDir(): string {
  const dir = makeTempDir('wifire-desk-startup-');
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  // Writable again and unmounted before the folders go (an immutable folder resists rm).
  if (immutable.length > 0) setImmutable(immutable.splice(0), false);
  await stopHeadlessChildren();
  await stopFakeDesks();
  for (const mount of mounts.splice(0)) unmount(mount);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  /** stdout and stderr together, as the terminal shows them. */
  output: string;
}

/** `npm run headless -- --data-dir <dir> --port 0` to its end. */
function runHeadless(dataDir: string): Promise<Run> {
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WIFIRE_DESK_TOKEN: TEST_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

/** Exactly one line, pt-BR then " / " English, with none of Node's error text. */
function expectOneLine(run: Run): string {
  expect(run.code, run.output).toBe(1);
  const lines = run.output.split('\n').filter((line) => line !== '');
  expect(lines, run.output).toHaveLength(1);
  expect(run.output).not.toMatch(/^\s+at |EEXIST|ENOTDIR|EPERM|EACCES|EROFS|Error:/m);
  const line = lines[0]!;
  const english = line.slice(line.lastIndexOf(' / ') + 3);
  expect(line.indexOf(' / '), 'pt-BR first, then " / " English').toBeGreaterThan(0);
  expect(english).toMatch(/^[A-Z][^ãçéêõ]+\.$/);
  return line;
}

/** What the front desk reads when the event database is not one. */
function damagedDatabaseLine(file: string): string {
  return (
    `O banco de eventos ${file} está danificado ou não é um banco do WiFire Desk; nada nele foi mudado. ` +
    'Substitua-o por uma cópia de segurança, se houver; sem cópia, apague-o (e os arquivos -wal e -shm ao lado, ' +
    'se houver) para começar um banco vazio, sem os eventos de antes. / The event database is damaged or not a ' +
    'WiFire Desk database, and was left as it is: restore a copy, or delete it to start empty (SQLITE_NOTADB).'
  );
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

function readLock(dir: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(dir, LOCK), 'utf8')) as Record<string, unknown>;
}

describe('npm run headless on a data folder it cannot use', () => {
  it('says in one line that the data folder is a file, and so when a file stands in its path', async () => {
    const file = path.join(tempDir(), 'WiFire Desk');
    fs.writeFileSync(file, 'not a folder');
    for (const dataDir of [file, path.join(file, 'data')]) {
      const line = expectOneLine(await runHeadless(dataDir));
      expect(line).toBe(
        `A pasta de dados ${dataDir} não é uma pasta (há um arquivo com esse nome, ou no caminho até ela). ` +
          'Indique outra com --data-dir ou WIFIRE_DESK_DATA_DIR. / The data folder is a file, not a folder.',
      );
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('says in one line that a folder it may not write to is not writable, and leaves nothing in it', async () => {
    // chattr +i binds root too (the tests and CI run as root, where permission bits are no obstacle).
    const dir = tempDir();
    setImmutable([dir], true);
    immutable.push(dir);
    const line = expectOneLine(await runHeadless(dir));
    expect(line).toBe(
      `Não é possível gravar na pasta de dados ${dir} (disco somente leitura ou sem permissão). ` +
        'Libere a gravação ou indique outra com --data-dir. / The data folder is not writable (read-only or no permission).',
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('says in one line that a read-only disk is not writable, for a new folder and for the disk itself', async () => {
    const disk = tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m,mode=0700', 'tmpfs', disk], { stdio: 'pipe' });
    mounts.push(disk);
    for (const dataDir of [path.join(disk, 'WiFire Desk'), disk]) {
      const line = expectOneLine(await runHeadless(dataDir));
      expect(line).toMatch(/^Não é possível gravar na pasta de dados .+ \/ The data folder is not writable/);
      expect(line).toContain(dataDir);
    }
  });
});

describe('npm run headless on an event database it cannot use', () => {
  const DB = 'wifire-desk.db';

  /** A data folder whose database holds one birthday, stored by a run that stopped cleanly; and that delivery. */
  async function folderWithOneEvent(): Promise<{ dir: string; delivery: unknown }> {
    const dir = tempDir();
    const delivery = buildPayload('aniversariante-presente', fakeCustomer(11));
    const first = await startHeadless(dir);
    expect((await postTo(first.url, delivery)).status).toBe(200);
    first.child.kill('SIGTERM');
    await exited(first.child);
    expect(first.child.exitCode).toBe(0);
    return { dir, delivery };
  }

  /** WiFire's retry of that delivery: a duplicate proves the event is still in the database. */
  async function expectStillStored(dir: string, delivery: unknown): Promise<void> {
    const service = await startHeadless(dir);
    expect((await postTo(service.url, delivery)).body).toMatchObject({ ok: true, duplicate: true });
    service.child.kill('SIGTERM');
    await exited(service.child);
  }

  it('says in one line that a file that is not a database is damaged, changes none of it, and starts once it is gone', async () => {
    const dir = tempDir();
    const file = path.join(dir, DB);
    const garbage = Buffer.concat([Buffer.from('not a database '.repeat(20)), Buffer.alloc(4096, 0xa5)]);
    fs.writeFileSync(file, garbage);

    const line = expectOneLine(await runHeadless(dir));
    expect(line).toBe(damagedDatabaseLine(file));
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);

    // Done as the line says: the next start makes an empty database and takes webhooks.
    for (const name of [DB, `${DB}-wal`, `${DB}-shm`]) fs.rmSync(path.join(dir, name), { force: true });
    const service = await startHeadless(dir);
    expect((await postTo(service.url, buildPayload('cliente-chegou', fakeCustomer(12)))).status).toBe(200);
  });

  it('refuses at start a database it could only read, rather than answering 503 to every webhook', async () => {
    // Before, SQLite opened a read-only file for reading, the service said it was running, and every webhook got a
    // 503 until WiFire gave up on it.
    const { dir, delivery } = await folderWithOneEvent();
    const file = path.join(dir, DB);
    const before = fs.readFileSync(file);
    setImmutable([file], true);
    immutable.push(file);
    assertUnwritable(file);

    const line = expectOneLine(await runHeadless(dir));
    expect(line).toBe(
      `Não é possível gravar no banco de eventos ${file} (arquivo somente leitura ou sem permissão). ` +
        'Libere a gravação do arquivo e inicie de novo. / The event database is not writable (a read-only file or ' +
        'no permission: SQLITE_READONLY).',
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    // Writable again: the next start serves, with the birthday still there.
    setImmutable(immutable.splice(0), false);
    await expectStillStored(dir, delivery);
  });

  it('says in one line that another program holds the database, and starts once it let go', async () => {
    const { dir, delivery } = await folderWithOneEvent();
    const file = path.join(dir, DB);
    // A SQLite browser in the middle of an edit: it holds the write lock for as long as it is open.
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const line = expectOneLine(await runHeadless(dir));
      expect(line).toBe(
        `O banco de eventos ${file} está em uso por outro programa (um leitor de SQLite, um antivírus, uma cópia de ` +
          'segurança em andamento). Feche esse programa e inicie de novo. / The event database is in use by another ' +
          'program: close it and start again (SQLITE_BUSY).',
      );
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await expectStillStored(dir, delivery);
  });
});

describe('one service per data folder', () => {
  it('refuses a second service on the same folder naming the first one’s port, and the first keeps serving', async () => {
    const dir = tempDir();
    const first = await startHeadless(dir);
    const port = Number(new URL(first.url).port);
    const lock = readLock(dir);
    expect(lock).toMatchObject({ pid: first.child.pid, port, host: '127.0.0.1' });
    expect(fs.statSync(path.join(dir, LOCK)).mode & 0o777).toBe(0o600);

    const second = await runHeadless(dir);
    const line = expectOneLine(second);
    expect(line).toBe(
      `Outro WiFire Desk já está usando a pasta de dados ${dir} (porta ${port}, processo ${first.child.pid}). ` +
        `Feche-o antes, ou indique outra pasta com --data-dir. / Another WiFire Desk is already using this data folder (on port ${port}).`,
    );

    expect(first.child.exitCode).toBeNull();
    expect((await postTo(first.url, buildPayload('cliente-chegou', fakeCustomer(1)))).status).toBe(200);
    expect(readLock(dir)).toEqual(lock);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('takes over the lock of a service killed with kill -9, and frees it on a clean stop', async () => {
    const dir = tempDir();
    const first = await startHeadless(dir);
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(readLock(dir)).toMatchObject({ pid: first.child.pid });

    const second = await startHeadless(dir);
    const port = Number(new URL(second.url).port);
    expect(readLock(dir)).toMatchObject({ pid: second.child.pid, port });
    expect((await postTo(second.url, buildPayload('cliente-chegou', fakeCustomer(2)))).status).toBe(200);

    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dir, LOCK))).toBe(false);
  });

  it.each([
    // The test runner is alive, but it is not the process that wrote this lock: its pid was reused.
    [
      'a reused pid',
      () => ({
        pid: process.pid,
        port: 4560,
        host: '127.0.0.1',
        startedAt: '2001-01-01T00:00:00.000Z',
        procStart: '1',
      }),
    ],
    ['an empty file left by a crash mid-write', () => ''],
  ])('takes over a stale lock holding %s', async (_name, content) => {
    const dir = tempDir();
    const lockFile = path.join(dir, LOCK);
    const value = content();
    fs.writeFileSync(lockFile, typeof value === 'string' ? value : JSON.stringify(value));
    const longAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile, longAgo, longAgo);

    const { child, url } = await startHeadless(dir);
    expect(readLock(dir)).toMatchObject({ pid: child.pid, port: Number(new URL(url).port) });
  });
});

describe('the desktop app on a data folder it cannot use', { timeout: 15_000 }, () => {
  it('says in an error box that the data folder is a file, and exits 1', async () => {
    const file = path.join(tempDir(), 'WiFire Desk');
    fs.writeFileSync(file, 'not a folder');
    const desk = await startFakeDesk({ env: { WIFIRE_DESK_DATA_DIR: file }, waitUntilReady: false });

    expect(await desk.waitForExit()).toEqual({ code: 1, signal: null });
    expect(desk.notices).toContainEqual({
      event: 'errorBox',
      title: 'O WiFire Desk não pôde iniciar / WiFire Desk could not start',
      content: `A pasta de dados ${file} não é uma pasta (há um arquivo com esse nome, ou no caminho até ela). Indique outra com --data-dir ou WIFIRE_DESK_DATA_DIR. / The data folder is a file, not a folder.`,
    });
  });

  it('says in an error box that the event database is damaged, and exits 1', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'wifire-desk.db');
    fs.writeFileSync(file, 'not a database '.repeat(100));
    const desk = await startFakeDesk({ env: { WIFIRE_DESK_DATA_DIR: dir }, waitUntilReady: false });

    expect(await desk.waitForExit()).toEqual({ code: 1, signal: null });
    const box = desk.notices.find((notice) => notice.event === 'errorBox');
    expect(box).toMatchObject({ title: 'O WiFire Desk não pôde iniciar / WiFire Desk could not start' });
    expect(box!.content).toBe(damagedDatabaseLine(file));
    expect(fs.readFileSync(file, 'utf8')).toBe('not a database '.repeat(100));
  });

  it('says in an error box which port has the data folder when the headless service runs on it, and exits 1', async () => {
    const dir = tempDir();
    const headless = await startHeadless(dir);
    const port = Number(new URL(headless.url).port);
    const desk = await startFakeDesk({ env: { WIFIRE_DESK_DATA_DIR: dir }, waitUntilReady: false });

    expect(await desk.waitForExit()).toEqual({ code: 1, signal: null });
    const box = desk.notices.find((notice) => notice.event === 'errorBox');
    expect(box).toMatchObject({ title: 'O WiFire Desk não pôde iniciar / WiFire Desk could not start' });
    expect(String(box!.content)).toContain(`Outro WiFire Desk já está usando a pasta de dados ${dir} (porta ${port}`);
    expect((await postTo(headless.url, buildPayload('cliente-chegou', fakeCustomer(3)))).status).toBe(200);
    expect(readLock(dir)).toMatchObject({ pid: headless.child.pid, port });
  });
});
