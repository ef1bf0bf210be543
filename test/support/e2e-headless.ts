// The built headless service as a child process for end-to-end tests, on a fresh data folder and a free port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WifirePayload } from '../../main/headless/simulator/payloads.js';
import { isolatedEnv, spawnGroup, type GroupProcess } from './notification-session.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'main', 'headless', 'cli.js');
export const WAIT_MS = 10_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HeadlessService {
  readonly dataDir: string;
  readonly webhookUrl: string;
  /** The `Panel URL:` line: the panel with its token. */
  readonly panelUrl: string;
  readonly origin: string;
  readonly process: GroupProcess;
  /** SIGTERM, as a service manager or Ctrl+C would send; resolves with how the process ended. */
  terminate(): Promise<Exit>;
}

/** Starts `node dist/main/headless/cli.js` on a free port (a fresh data folder unless given); resolves once it printed its URL. */
export async function startHeadless(
  env: Record<string, string>,
  config?: Record<string, unknown>,
  options: { dataDir?: string } = {},
): Promise<HeadlessService> {
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(ROOT, CLI)} is missing: run \`npm run build\` first.`);
  // A folder the caller gives (to restart on it) stays theirs: it is never removed here.
  const owned = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-e2e-data-'));
  if (config) fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(config));
  const childEnv = isolatedEnv(env, ['WIFIRE_DESK_DATA_DIR', 'WIFIRE_DESK_PORT', 'WIFIRE_DESK_TOKEN']);
  const proc = spawnGroup(process.execPath, [CLI, '--data-dir', dataDir, '--port', '0'], { env: childEnv, cwd: ROOT });

  const { webhookUrl, panelUrl } = await new Promise<{ webhookUrl: string; panelUrl: string }>((resolve, reject) => {
    let stdout = '';
    const finish = (error: Error | null, urls = { webhookUrl: '', panelUrl: '' }): void => {
      clearTimeout(timer);
      proc.child.stdout!.off('data', onData);
      proc.child.off('exit', onExit);
      if (error) reject(error);
      else resolve(urls);
    };
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString('utf8');
      const webhook = /^Webhook URL: (\S+)$/m.exec(stdout)?.[1];
      const panel = /^Panel URL: (\S+)$/m.exec(stdout)?.[1];
      if (webhook && panel) finish(null, { webhookUrl: webhook, panelUrl: panel });
    };
    const onExit = (): void => finish(new Error(`the headless service exited at start:\n${proc.output()}`));
    const timer = setTimeout(
      () => finish(new Error(`no "Webhook URL:" line within ${WAIT_MS} ms:\n${proc.output()}`)),
      WAIT_MS,
    );
    proc.child.stdout!.on('data', onData);
    proc.child.once('exit', onExit);
  }).catch(async (error: unknown) => {
    await proc.stop();
    if (owned) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });

  let terminated: Promise<Exit> | null = null;
  return {
    dataDir,
    webhookUrl,
    panelUrl,
    origin: new URL(webhookUrl).origin,
    process: proc,
    terminate: () =>
      (terminated ??= (async () => {
        const { child } = proc;
        const exit = new Promise<Exit>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolve({ code: child.exitCode, signal: child.signalCode });
          } else child.once('exit', (code, signal) => resolve({ code, signal }));
        });
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const result = await Promise.race([
          exit,
          new Promise<Exit>((resolve) => (timer = setTimeout(() => resolve({ code: null, signal: null }), WAIT_MS))),
        ]);
        clearTimeout(timer);
        await proc.stop(); // anything still in the group (a notify-send in flight), and a hung leader
        if (owned) fs.rmSync(dataDir, { recursive: true, force: true });
        return result;
      })()),
  };
}

export async function post(url: string, payload: WifirePayload): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text for the failure message
  }
  return { status: response.status, body };
}

/** Polls a condition the service reaches on its own (a log line), up to `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
