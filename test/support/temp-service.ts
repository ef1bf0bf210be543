// A real service on a temporary data folder and a free loopback port, with a notifier backend that records.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { createFileLogger } from '../../main/core/logger.js';
import type { NotifierBackend, PopUp } from '../../main/core/notify/notifier-port.js';
import { startService, type PhotoFetch, type Service, type ServiceOptions } from '../../main/core/service.js';
import { mountPanel } from '../../main/headless/panel-routes.js';

export const TEST_TOKEN = 'test-secret-0123456789abcdef';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

export interface TempService {
  service: Service;
  dir: string;
  popUps: PopUp[];
  /** POSTs to the webhook (or `options.path`), JSON by default. */
  post(
    body: unknown,
    options?: { contentType?: string; path?: string; headers?: Record<string, string> },
  ): Promise<Answer>;
  /**
   * A second connection to the service's database, for a test to look at (or arrange) rows directly: the service's
   * own connection lives in its store's worker. Opened on first use, closed before the service closes.
   */
  db(): Database.Database;
  close(): Promise<void>;
}

/** Another connection to a service's database, as a second program would have: WAL lets it read beside the worker. */
export function openSecondConnection(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  return db;
}

export function makeTempDir(prefix = 'wifire-desk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function recordingBackend(popUps: PopUp[]): NotifierBackend {
  return {
    name: 'recording',
    show: async (popUp) => {
      popUps.push(popUp);
      return undefined;
    },
  };
}

export async function postTo(
  url: string,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the test looks at `text`.
  }
  return { status: response.status, body: parsed, text };
}

export async function startTempService(
  options: {
    config?: Record<string, unknown>;
    dir?: string;
    busyTimeoutMs?: number;
    backend?: NotifierBackend;
    photoFetch?: PhotoFetch;
    env?: NodeJS.ProcessEnv;
    tunnel?: ServiceOptions['tunnel'];
    /** A fixed port, when something outside must know it beforehand (a tunnel's dashboard); else any free one. */
    port?: number;
    /** How long a minute of the urgent repeat interval lasts. */
    repeatMinuteMs?: number;
    /** Fan-out: a hub, or a satellite joined with a code. */
    fanout?: ServiceOptions['fanout'];
    /** The store worker's script (test/fixtures/store/dying-store-worker.mjs: one that ends mid-day). */
    storeWorkerFile?: string;
  } = {},
): Promise<TempService> {
  const dir = options.dir ?? makeTempDir();
  if (options.config) fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(options.config));
  const popUps: PopUp[] = [];
  const service = await startService({
    dataDir: dir,
    port: options.port ?? 0,
    notifier: options.backend ?? recordingBackend(popUps),
    log: createFileLogger({ dir: path.join(dir, 'logs') }),
    env: options.env ?? { WIFIRE_DESK_TOKEN: TEST_TOKEN },
    busyTimeoutMs: options.busyTimeoutMs,
    mountPanel,
    ...(options.photoFetch ? { photoFetch: options.photoFetch } : {}),
    ...(options.tunnel ? { tunnel: options.tunnel } : {}),
    ...(options.repeatMinuteMs ? { repeatMinuteMs: options.repeatMinuteMs } : {}),
    ...(options.fanout ? { fanout: options.fanout } : {}),
    ...(options.storeWorkerFile ? { storeWorkerFile: options.storeWorkerFile } : {}),
  });
  let second: Database.Database | null = null;
  return {
    service,
    dir,
    popUps,
    db: () => (second ??= openSecondConnection(service.paths.database)),
    post: (body, postOptions = {}) =>
      postTo(
        postOptions.path ? `http://127.0.0.1:${service.port}${postOptions.path}` : service.webhookUrl,
        body,
        postOptions.contentType,
        postOptions.headers,
      ),
    close: async () => {
      second?.close();
      await service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Which of `needles` still appear, as UTF-8 bytes, in any file under `dir` (file → needles found). */
export function findBytes(dir: string, needles: readonly string[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const file of filesUnder(dir)) {
    const bytes = fs.readFileSync(file);
    const hits = needles.filter((needle) => needle !== '' && bytes.includes(Buffer.from(needle, 'utf8')));
    if (hits.length > 0) found[path.relative(dir, file)] = hits;
  }
  return found;
}
