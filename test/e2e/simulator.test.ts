// npm run simulate: the real CLI as a child process against the real service, as a person checking their set-up would.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../shared/catalog.js';
import type { NotifierBackend, PopUp } from '../../main/core/notify/notifier-port.js';
import { startService, type Service } from '../../main/core/service.js';
import { openSecondConnection } from '../support/temp-service.js';
import { fakeCustomer } from '../../main/headless/simulator/payloads.js';
import {
  ERASED_CUSTOMER_NUMBER,
  planDeliveries,
  REMOVAL_TYPE,
  type PlannedDelivery,
} from '../../main/headless/simulator/plan.js';
import * as target from '../../main/headless/simulator/target.js';

const CLI = path.resolve('dist/main/headless/simulator/cli.js');
const TOKEN = 'simulator-test-secret-0123456789';
const FAST_INTAKE = { intake: { ratePerSecond: 1000, burst: 1000 } };
const LINE = /^\[\s*(\d+)\/(\d+)\] (\S+)\s+cliente\/customer (\d+)\s+(\S+) (.*)$/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface DeliveryLine {
  index: number;
  type: string;
  customerId: string;
  status: string;
  answer: string;
}

let service: Service | null = null;
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-desk-simulator-'));
  tempDirs.push(dir);
  return dir;
}

function recordingBackend(popUps: PopUp[]): NotifierBackend {
  return {
    name: 'recording',
    show: async (popUp) => {
      popUps.push(popUp);
      return undefined;
    },
  };
}

async function start(options: { env?: NodeJS.ProcessEnv; config?: object } = {}): Promise<Service> {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(options.config ?? FAST_INTAKE));
  service = await startService({
    dataDir,
    port: 0,
    notifier: recordingBackend([]),
    env: options.env ?? { WIFIRE_DESK_TOKEN: TOKEN },
  });
  return service;
}

/** The parent's own WIFIRE_DESK_* settings must not leak into the child: each test says what it sets. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('WIFIRE_DESK_')));
  return { ...env, ...extra };
}

function simulate(args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function deliveryLines(stdout: string): DeliveryLine[] {
  return stdout.split('\n').flatMap((line) => {
    const match = LINE.exec(line);
    if (!match) return [];
    const [, index, , type, customerId, status, answer] = match;
    return [{ index: Number(index), type: type!, customerId: customerId!, status: status!, answer: answer! }];
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does).`);
});

afterEach(async () => {
  await service?.close();
  service = null;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run simulate against a running WiFire Desk', () => {
  it('sends every one of the 26 types and each is answered 200', async () => {
    const app = await start();
    const run = await simulate(['all', '--url', app.webhookUrl, '--rate', '50']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = deliveryLines(run.stdout);
    expect(lines).toHaveLength(26);
    expect(lines.map((line) => line.index)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(new Set(lines.map((line) => line.type))).toEqual(new Set(EVENT_TYPES));
    expect(lines.every((line) => line.status === '200')).toBe(true);
    expect(run.stdout).toMatch(/summary: 26 entregas \/ deliveries em \/ in [\d.]+ s — 200: 26\n$/);
  });

  it('leaves in the store the 24 insight events it sent, and erases only a customer kept for the removal', async () => {
    const app = await start();
    const run = await simulate(['all', '--url', app.webhookUrl, '--rate', '50']);
    expect(run.code).toBe(0);
    const lines = deliveryLines(run.stdout);

    const removal = lines.at(-1)!;
    expect(removal.type).toBe(REMOVAL_TYPE);
    expect(lines.filter((line) => line.customerId === removal.customerId)).toHaveLength(1);

    // Every insight answer names the stored event: it is there, of the type and about the customer sent.
    const insights = lines.filter((line) => line.type !== REMOVAL_TYPE && line.type !== 'cliente-atualizou-conta');
    expect(insights).toHaveLength(24);
    for (const line of insights) {
      const id = (JSON.parse(line.answer) as { id: string }).id;
      expect(await app.store.getEvent(id)).toMatchObject({ type: line.type, customerId: line.customerId });
    }
    expect(await app.store.countEvents()).toBe(24);
    expect(await app.store.listErasures()).toEqual([{ erasedAt: expect.any(Number), eventsRemoved: 0 }]);
    expect(await app.store.getCustomer(removal.customerId)).toBeNull();
  });

  it('prints ids and answers but no customer name, e-mail, phone or the full secret', async () => {
    const app = await start();
    const run = await simulate(['all', '--url', app.webhookUrl, '--rate', '50']);
    expect(run.code).toBe(0);
    const output = run.stdout + run.stderr;

    const customers = deliveryLines(run.stdout).map((line) => fakeCustomer(Number(line.customerId) - 1000));
    expect(customers).toHaveLength(26);
    for (const customer of customers) {
      for (const personal of [customer.name, customer.email, customer.phone, customer.cpf]) {
        expect(output).not.toContain(personal);
      }
      expect(output).not.toContain(customer.name.split(' ')[0]);
    }
    expect(output).not.toContain(TOKEN);
    expect(output).toContain(`/hooks/${TOKEN.slice(0, 4)}…`);
  });

  it('finds the local URL by itself from WIFIRE_DESK_PORT and the secret in the data folder', async () => {
    const app = await start({ env: {}, config: FAST_INTAKE });
    const run = await simulate(
      ['cliente-conectou', '--count', '3', '--rate', '50'],
      cleanEnv({ WIFIRE_DESK_DATA_DIR: app.paths.root, WIFIRE_DESK_PORT: String(app.port) }),
    );

    expect(run.code).toBe(0);
    expect(deliveryLines(run.stdout).map((line) => line.status)).toEqual(['200', '200', '200']);
    expect(await app.store.countEvents()).toBe(3);
  });

  it('finds the running service by itself from the data folder alone, on whatever port it took', async () => {
    const app = await start({ env: {}, config: FAST_INTAKE });
    // No --url and no WIFIRE_DESK_PORT: the port (0 here, so any) comes from the lock the service keeps.
    const run = await simulate(
      ['cliente-chegou', '--count', '2', '--rate', '50'],
      cleanEnv({ WIFIRE_DESK_DATA_DIR: app.paths.root }),
    );

    expect(run.code).toBe(0);
    expect(deliveryLines(run.stdout).map((line) => line.status)).toEqual(['200', '200']);
    expect(await app.store.countEvents()).toBe(2);
  });

  it('sends three deliveries of one type as three distinct events, about three customers', async () => {
    const app = await start();
    const run = await simulate([
      'cliente-avaliou-negativamente',
      '--url',
      app.webhookUrl,
      '--count',
      '3',
      '--rate',
      '50',
    ]);

    expect(run.code).toBe(0);
    const lines = deliveryLines(run.stdout);
    expect(new Set(lines.map((line) => line.customerId)).size).toBe(3);
    expect(lines.every((line) => !line.answer.includes('duplicate'))).toBe(true);
    expect(await app.store.countEvents()).toBe(3);
  });

  it('paces deliveries at --rate instead of sending them in one burst', async () => {
    const app = await start();
    const arrivals: number[] = [];
    app.bus.on('event-stored', () => arrivals.push(performance.now()));
    const run = await simulate(['cliente-chegou', '--url', app.webhookUrl, '--count', '5', '--rate', '10']);

    expect(run.code).toBe(0);
    expect(arrivals).toHaveLength(5);
    // Five at 10 per second are four intervals of 100 ms (400 ms); a burst would land within a few milliseconds.
    // Measured after each commit, so the first fsync's delay on a loaded machine may eat into the span: half of it.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(200);
  });

  it('sends an unknown, well-formed type in the insight shape, and the app stores it', async () => {
    const app = await start();
    const run = await simulate(['cliente-pediu-a-conta', '--url', app.webhookUrl]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Unknown type: sent in the insight shape');
    const [line] = deliveryLines(run.stdout);
    const id = (JSON.parse(line!.answer) as { id: string }).id;
    expect(await app.store.getEvent(id)).toMatchObject({ type: 'cliente-pediu-a-conta' });
  });

  it('with --customer and --name, arrives about a chosen customer and then removes exactly that one', async () => {
    const app = await start();
    const keep = await simulate(['cliente-chegou', '--url', app.webhookUrl]);
    expect(keep.code).toBe(0);
    const arrival = await simulate([
      'cliente-chegou',
      '--url',
      app.webhookUrl,
      '--customer',
      '77077',
      '--name',
      'Ana Teste',
    ]);
    expect(arrival.code).toBe(0);
    expect(deliveryLines(arrival.stdout).map((line) => line.customerId)).toEqual(['77077']);
    expect(await app.store.getCustomer('77077')).toMatchObject({ name: 'Ana Teste', photoUrl: null });
    const othersNow = (): unknown[] => {
      const db = openSecondConnection(app.paths.database);
      try {
        return db.prepare("SELECT id FROM customers WHERE id <> '77077'").all();
      } finally {
        db.close();
      }
    };
    const others = othersNow();
    expect(others).toHaveLength(1);

    const removal = await simulate(['cliente-removeu-conta', '--url', app.webhookUrl, '--customer', '77077']);
    expect(removal.code).toBe(0);
    expect(await app.store.getCustomer('77077')).toBeNull();
    // Only her: the other customer of this feed is still there.
    expect(othersNow()).toEqual(others);
    expect(arrival.stdout + removal.stdout).not.toContain('Ana Teste');
  });

  it('exits 1 and prints the 404 when the secret in the URL is wrong', async () => {
    const app = await start();
    const wrong = `http://127.0.0.1:${app.port}/hooks/${'x'.repeat(26)}`;
    const run = await simulate(['cliente-chegou', '--url', wrong]);

    expect(run.code).toBe(1);
    expect(deliveryLines(run.stdout)).toMatchObject([
      { type: 'cliente-chegou', status: '404', answer: '{"ok":false,"error":"not_found"}' },
    ]);
    expect(run.stdout).toContain('404: 1');
    expect(run.stderr).toContain('Webhook URL:');
    expect(await app.store.countEvents()).toBe(0);
  });

  it('exits 1 with one clear line and no stack trace when nothing is listening', async () => {
    const port = await freePort();
    const run = await simulate(['all', '--url', `http://127.0.0.1:${port}/hooks/${TOKEN}`, '--rate', '50']);

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `Nada escutando em http://127.0.0.1:${port}/hooks/simu… — o WiFire Desk está rodando? / ` +
        `Nothing listening at http://127.0.0.1:${port}/hooks/simu… — is WiFire Desk running?`,
    ]);
    expect(deliveryLines(run.stdout)).toEqual([]);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at |Error:|ECONNREFUSED/);
  });

  it('exits 2 with the reason and the usage when --count is not a number', async () => {
    const run = await simulate(['all', '--count', 'abc', '--url', 'http://127.0.0.1:9/hooks/x']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--count deve ser um inteiro');
    expect(run.stderr).toContain('Uso / usage: npm run simulate');
    expect(run.stdout).toBe('');
  });

  it('exits 2 with the options that are wrong: no type, a malformed type, a zero rate, an unknown option', async () => {
    for (const args of [[], ['Cliente Chegou'], ['all', '--rate', '0'], ['all', '--verbose']]) {
      const run = await simulate([...args, '--url', 'http://127.0.0.1:9/hooks/x']);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('Uso / usage');
    }
  });

  it('says in Portuguese and English that it found no URL, and exits 2, when there is no secret anywhere', async () => {
    const empty = tempDir();
    const run = await simulate(['all'], cleanEnv({ WIFIRE_DESK_DATA_DIR: empty }));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Não achei a URL do webhook');
    expect(run.stderr).toContain('No webhook URL found');
    expect(run.stdout).toBe('');
  });
});

describe('the simulator plan', () => {
  it('sends the LGPD removal last, for a customer no other delivery is about', () => {
    const plan = planDeliveries('all', 2, 5);
    expect(plan).toHaveLength(52);
    const removals = plan.filter((d) => d.type === REMOVAL_TYPE);
    expect(removals.map((d) => d.index)).toEqual([51, 52]);
    expect(removals.every((d) => d.customerNumber === ERASED_CUSTOMER_NUMBER)).toBe(true);
    const others = plan.filter((d: PlannedDelivery) => d.type !== REMOVAL_TYPE);
    expect(others.some((d) => d.customerNumber === ERASED_CUSTOMER_NUMBER)).toBe(false);
    expect(removals[0]!.afterPrevious).toBe(true);
  });

  it('brings the same customers back run after run', () => {
    expect(planDeliveries('all', 1, 5)).toEqual(planDeliveries('all', 1, 5));
  });

  it('masks the secret of a webhook URL, and drops credentials and the query', () => {
    expect(target.maskUrl('https://user:pw@desk.example.com/hooks/abcdefghijklmnopqrstuvwxyz?x=1')).toBe(
      'https://desk.example.com/hooks/abcd…?…',
    );
  });
});
