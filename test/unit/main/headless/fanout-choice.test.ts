// The headless shell and "Este computador é…": without --fanout or --join it runs as the saved choice says; with
// them, the command line wins for that run and nothing of it is saved. The real CLI (dist/), as a person starts it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USAGE } from '../../../../main/headless/args.js';
import { DEFAULT_TUNNEL } from '../../../../shared/tunnel-settings.js';
import { freePort } from '../../../support/free-port.js';
import { allSamples, sampleJoinCode } from '../../../support/settings-samples.js';
import { makeTempDir, TEST_TOKEN } from '../../../support/temp-service.js';

const CLI = path.resolve('dist/main/headless/cli.js');
const SATELLITE_LINE = /^WiFire Desk em execução como outro balcão/m;
const HUB_LINE = /^Webhook URL: /m;

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** SIGTERM, as Ctrl+C; resolves once it has ended. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts the CLI on `dir` and resolves with what it printed once its first lines say how it runs. */
async function run(dir: string, args: string[] = []): Promise<string> {
  const child = spawn(process.execPath, [CLI, '--data-dir', dir, '--port', '0', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WIFIRE_DESK_TOKEN: TEST_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`it did not say how it runs:\n${output}`)), 10_000);
    const check = (): void => {
      if (/^Panel URL: /m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${output}`));
    });
  });
  await stop(child);
  return output;
}

type Json = Record<string, unknown>;
const readConfig = (dir: string): Json => JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Json;

/** A data folder whose config.json says this computer is `fanout`, with everything else a place would have set. */
function folderWith(fanout: Json): { dir: string; written: Json } {
  const dir = makeTempDir('wifire-headless-fanout-');
  dirs.push(dir);
  // The tunnel stays off: a preset would start its program.
  const written = JSON.parse(JSON.stringify({ ...allSamples(0), tunnel: DEFAULT_TUNNEL, fanout })) as Json;
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(written));
  return { dir, written };
}

describe('npm run headless and the saved "Este computador é…"', () => {
  it('runs as the saved choice without --fanout or --join, and leaves config.json as it was', async () => {
    const code = sampleJoinCode(await freePort());
    const { dir, written } = folderWith({ role: 'satellite', listen: null, joinCode: code });
    const first = await run(dir);
    expect(first).toMatch(SATELLITE_LINE);
    expect(first).not.toMatch(HUB_LINE);
    // The code is a secret: not on the terminal either (only the hub prints its own, for the owner).
    expect(first).not.toContain(code);
    // The whole file as it was; the service only added the panel's token it makes on a first start.
    const after = readConfig(dir);
    expect(after).toEqual({ ...written, panelToken: after.panelToken });

    // Off: as it always was.
    const alone = await run(folderWith({ role: 'off', listen: null }).dir);
    expect(alone).toMatch(HUB_LINE);
    expect(alone).not.toMatch(SATELLITE_LINE);
    expect(alone).not.toMatch(/^Join code: /m);
  });

  it('follows --join for that run over a saved "o balcão principal", and saves nothing of it', async () => {
    const code = sampleJoinCode(await freePort());
    const { dir, written } = folderWith({ role: 'hub', listen: `127.0.0.1:${await freePort()}` });
    // A first run settles what the service writes on its own (the panel token).
    await run(dir, ['--join', code]);
    const before = readConfig(dir);
    const output = await run(dir, ['--join', code]);
    expect(output).toMatch(SATELLITE_LINE);
    expect(output).not.toMatch(/^Join code: /m);
    expect(readConfig(dir)).toEqual(before);
    expect(before).toEqual({ ...written, panelToken: before.panelToken });
    // No nats-server of a hub was started in this folder.
    expect(fs.existsSync(path.join(dir, 'fanout', 'nats'))).toBe(false);
  });

  it('says so in --help', () => {
    expect(USAGE).toContain('Sem --fanout e sem --join, vale o que está salvo em Configurações > Outros balcões');
    expect(USAGE).toContain('Without --fanout or --join, the choice');
  });
});
