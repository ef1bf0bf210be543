// Finding the tunnel program in real folders: PATH from the given environment, execute bits, Windows' .exe.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findExecutable } from '../../../../../main/core/tunnel/find-executable.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const dirs: string[] = [];
const startDir = process.cwd();
function tempDir(): string {
  const dir = makeTempDir('wifire-desk-exe-');
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  process.chdir(startDir);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function writeProgram(dir: string, name: string, mode: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(file, mode);
  return file;
}

// A tool name no system folder holds, so the usual install folders never answer for it.
const TOOL = 'wifire-test-tunnel-tool';

describe('findExecutable on Linux and macOS', () => {
  it('finds an executable on the PATH given in env, not the process’s own', () => {
    const empty = tempDir();
    const bin = tempDir();
    const file = writeProgram(bin, TOOL, 0o755);
    expect(findExecutable(TOOL, { env: { PATH: `${empty}:${bin}` }, platform: 'linux' })).toBe(file);
    expect(findExecutable(TOOL, { env: { PATH: empty }, platform: 'linux' })).toBeNull();
  });

  it('skips a file without an execute bit and goes on to the next folder', () => {
    const first = tempDir();
    const second = tempDir();
    writeProgram(first, TOOL, 0o644);
    const good = writeProgram(second, TOOL, 0o755);
    expect(findExecutable(TOOL, { env: { PATH: first }, platform: 'linux' })).toBeNull();
    expect(findExecutable(TOOL, { env: { PATH: `${first}:${second}` }, platform: 'darwin' })).toBe(good);
  });

  it('skips a folder that has the program’s name', () => {
    const bin = tempDir();
    fs.mkdirSync(path.join(bin, TOOL), { mode: 0o755 });
    expect(findExecutable(TOOL, { env: { PATH: bin }, platform: 'linux' })).toBeNull();
  });

  it('takes a configured absolute path as is when it exists, and gives null when it does not', () => {
    const bin = tempDir();
    const file = writeProgram(bin, TOOL, 0o755);
    expect(findExecutable(file, { env: { PATH: '' }, platform: 'linux' })).toBe(file);
    expect(findExecutable(path.join(bin, 'missing', TOOL), { env: { PATH: bin }, platform: 'linux' })).toBeNull();
  });

  it('does not search PATH for a configured path that is missing', () => {
    const bin = tempDir();
    writeProgram(bin, TOOL, 0o755);
    expect(findExecutable(`/nonexistent/${TOOL}`, { env: { PATH: bin }, platform: 'linux' })).toBeNull();
  });

  it('refuses a configured path without an execute bit', () => {
    const file = writeProgram(tempDir(), TOOL, 0o644);
    expect(findExecutable(file, { env: {}, platform: 'linux' })).toBeNull();
  });
});

// Windows paths are joined with "\", which Linux cannot open; a PATH of "." joins to a bare file name that it can,
// so these tests run from the temp folder. What stays untested here: absolute Windows folders on PATH.
describe('findExecutable on Windows', () => {
  it('adds .exe to the name and splits PATH at ";"', () => {
    const bin = tempDir();
    writeProgram(bin, `${TOOL}.exe`, 0o644);
    process.chdir(bin);
    expect(findExecutable(TOOL, { env: { PATH: 'C:\\nowhere;.' }, platform: 'win32' })).toBe(`${TOOL}.exe`);
  });

  it('reads the PATH of a Windows environment spelled "Path"', () => {
    const bin = tempDir();
    writeProgram(bin, `${TOOL}.exe`, 0o644);
    process.chdir(bin);
    expect(findExecutable(TOOL, { env: { Path: '.' }, platform: 'win32' })).toBe(`${TOOL}.exe`);
  });

  it('does not run a file without .exe or .com, which would need a shell', () => {
    const bin = tempDir();
    writeProgram(bin, TOOL, 0o755);
    writeProgram(bin, `${TOOL}.cmd`, 0o755);
    process.chdir(bin);
    expect(findExecutable(TOOL, { env: { PATH: '.' }, platform: 'win32' })).toBeNull();
  });

  it('takes a configured path without an execute bit, which Windows does not have', () => {
    const file = writeProgram(tempDir(), `${TOOL}.exe`, 0o644);
    expect(findExecutable(file, { env: {}, platform: 'win32' })).toBe(file);
  });
});
