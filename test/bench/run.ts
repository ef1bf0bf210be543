// npm run bench [-- --quick] [-- --json]: speed is measured here, never by timed assertions in tests.
// Prints a table (metric, value, target, pass/fail, baseline); with --json, one JSON object as the last line.
// A missed target is reported, not fatal; the exit code is non-zero only when a benchmark could not run
// or its result failed verification.
import { benchColdStart } from './cold-start-bench.js';
import { cleanupAll, round } from './harness.js';
import { benchIntake, benchRss } from './intake-bench.js';
import { benchNotify } from './notify-bench.js';
import { benchPanelRender } from './panel-render-bench.js';
import { benchPurge } from './purge-bench.js';

const METRICS = [
  'intake_vs_express',
  'notify_p99_ms',
  'purge_ms',
  'rss_mb',
  'cold_start_ms',
  'panel_first_render_ms',
] as const;
type Metric = (typeof METRICS)[number];

interface Target {
  op: '>=' | '<=';
  value: number;
}

const TARGETS: Record<Metric, Target> = {
  intake_vs_express: { op: '>=', value: 0.7 },
  notify_p99_ms: { op: '<=', value: 5 },
  purge_ms: { op: '<=', value: 100 },
  rss_mb: { op: '<=', value: 120 },
  cold_start_ms: { op: '<=', value: 1000 },
  panel_first_render_ms: { op: '<=', value: 300 },
};

interface Row {
  metric: Metric;
  value: number | null;
  status: 'pass' | 'FAIL' | 'ERROR' | 'skipped';
  notes: string;
}

interface Args {
  quick: boolean;
  json: boolean;
  only: Set<Metric> | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, json: false, only: null };
  for (const arg of argv) {
    if (arg === '--quick') args.quick = true;
    else if (arg === '--json') args.json = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',');
      for (const name of names) {
        if (!(METRICS as readonly string[]).includes(name)) throw new Error(`unknown metric: ${name}`);
      }
      args.only = new Set(names as Metric[]);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        `usage: npm run bench -- [--quick] [--json] [--only=${METRICS.join(',')}]\n` +
          '  --quick  reduced sizes and durations (under a minute)\n' +
          '  --json   also print one JSON object with every figure as the last line\n',
      );
      process.exit(0);
    } else throw new Error(`unknown option: ${arg}`);
  }
  return args;
}

const progress = (text: string): void => {
  process.stderr.write(`[bench] ${text}\n`);
};

function meets(metric: Metric, value: number): boolean {
  const target = TARGETS[metric];
  return target.op === '>=' ? value >= target.value : value <= target.value;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function renderTable(rows: readonly Row[]): string {
  const header = ['metric', 'value', 'target', 'result', 'baseline / details'];
  const lines = rows.map((row) => [
    row.metric,
    row.value === null ? '—' : String(row.value),
    `${TARGETS[row.metric].op} ${TARGETS[row.metric].value}`,
    row.status,
    row.notes,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(format)].join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const quick = args.quick;
  const wanted = (metric: Metric): boolean => args.only === null || args.only.has(metric);
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const extra: Record<string, number | null> = { intake_events_per_s: null, express_requests_per_s: null };
  const started = performance.now();

  const record = (metric: Metric, value: number, notes: string, verified = true): void => {
    rows.push({ metric, value, status: !verified ? 'ERROR' : meets(metric, value) ? 'pass' : 'FAIL', notes });
  };
  const attempt = async (metric: Metric, run: () => Promise<void>): Promise<void> => {
    if (!wanted(metric) || interrupted) {
      rows.push({ metric, value: null, status: 'skipped', notes: '' });
      return;
    }
    progress(`${metric}…`);
    const t0 = performance.now();
    try {
      await run();
    } catch (error) {
      rows.push({ metric, value: null, status: 'ERROR', notes: errorText(error) });
      details[`${metric}_error`] = errorText(error);
    }
    progress(`${metric} done in ${round((performance.now() - t0) / 1000)} s`);
  };

  await attempt('intake_vs_express', async () => {
    const connections = 50;
    const r = await benchIntake({ connections, durationS: quick ? 3 : 10, warmupS: quick ? 1 : 2, customers: 200 });
    extra.intake_events_per_s = round(r.serviceRate, 0);
    extra.express_requests_per_s = round(r.expressRate, 0);
    details.intake = {
      connections,
      durationS: r.service.durationS,
      service: r.service,
      express: r.express,
      stored: r.stored,
      verify: r.verifyNote,
    };
    record(
      'intake_vs_express',
      round(r.ratio, 3),
      `service ${round(r.serviceRate, 0)} stored ev/s vs express.json() ${round(r.expressRate, 0)} req/s ` +
        `(${connections} conns, ${r.service.durationS} s; p99 ${r.service.latencyP99Ms} vs ${r.express.latencyP99Ms} ms; ` +
        `server CPU ${r.service.serverCpuPct}% vs ${r.express.serverCpuPct}%, autocannon ` +
        `${r.service.loadGeneratorCpuPct}% vs ${r.express.loadGeneratorCpuPct}%; ` +
        `${r.service.other > 0 ? `${r.service.other} non-200 answers; ` : ''}` +
        `${r.verifyNote}${r.verified ? '' : ' — VERIFY FAILED'})`,
      r.verified,
    );
  });

  await attempt('notify_p99_ms', async () => {
    const rate = 200;
    const r = await benchNotify({
      ratePerSecond: rate,
      durationS: quick ? 3 : 10,
      warmupS: quick ? 0.5 : 1,
      // A high-priority type: each one pops up on its own (normal ones at 200/s are folded into burst summaries).
      type: 'cliente-aniversariante-chegou',
    });
    details.notify = r;
    const ok = r.missing === 0 && r.failed === 0;
    record(
      'notify_p99_ms',
      round(r.p99Ms, 2),
      `${rate} ev/s, ${r.measured} pop-ups; p50 ${round(r.p50Ms, 2)} ms, max ${round(r.maxMs, 2)} ms; ` +
        `p99 of sent → stored ${round(r.toStoredP99Ms, 2)} ms, stored → notifier ${round(r.storedToDispatchP99Ms, 2)} ms` +
        (ok ? '' : `; ${r.failed} not answered 200, ${r.missing} never dispatched`),
      ok,
    );
  });

  await attempt('purge_ms', async () => {
    const events = quick ? 100_000 : 1_000_000;
    const r = await benchPurge({ events, customers: 5000, samples: 5 });
    details.purge = { events, ...r };
    record(
      'purge_ms',
      round(r.medianMs, 1),
      `median of ${r.timesMs.length} among ${events} events (${r.timesMs.map((t) => round(t, 1)).join(', ')} ms; ` +
        `${r.eventsPerCustomer.join('/')} events each; fill ${round(r.fillSeconds)} s)` +
        (r.verified ? '' : ' — rows left behind'),
      r.verified,
    );
  });

  await attempt('rss_mb', async () => {
    const events = quick ? 20_000 : 100_000;
    const r = await benchRss(events, 20);
    details.rss = r;
    const verified = r.ok === events && r.stored === events;
    record(
      'rss_mb',
      round(r.rssMb, 1),
      `after ${r.ok}/${events} events answered 200 over HTTP in ${round(r.seconds)} s, ${r.stored} stored; ` +
        `bare express after the same requests: ${round(r.expressRssMb, 1)} MB` +
        (verified ? '' : ' — VERIFY FAILED'),
      verified,
    );
  });

  await attempt('cold_start_ms', async () => {
    const runs = quick ? 3 : 5;
    const r = await benchColdStart(runs);
    details.coldStart = r;
    record(
      'cold_start_ms',
      round(r.medianMs, 0),
      `median of ${runs}: ${r.timesMs.map((t) => round(t, 0)).join(', ')} ms (spawn → first 200, fresh data folder)`,
    );
  });

  await attempt('panel_first_render_ms', async () => {
    const events = 10_000;
    const loads = quick ? 3 : 5;
    const r = await benchPanelRender(events, loads);
    details.panelRender = r;
    const verified = r.rowsInDom > 0 && r.rowsInDom < 200;
    record(
      'panel_first_render_ms',
      round(r.medianMs, 0),
      `Chromium, ${events} events stored, median of ${loads} loads: ${r.timesMs.map((t) => round(t, 0)).join(', ')} ms; ` +
        `baseline with 100 events ${round(r.baselineMs, 0)} ms (ratio ${round(r.medianMs / r.baselineMs, 2)}); ` +
        `${r.rowsInDom} rows in the DOM` +
        (verified ? '' : ' — the list is not virtualised'),
      verified,
    );
  });

  rows.sort((a, b) => METRICS.indexOf(a.metric) - METRICS.indexOf(b.metric));
  const seconds = round((performance.now() - started) / 1000);
  process.stdout.write(
    `\nWiFire Desk benchmark (${quick ? 'quick' : 'full'}, ${seconds} s, node ${process.version})\n\n` +
      `${renderTable(rows)}\n\n`,
  );
  const failed = rows.filter((r) => r.status === 'FAIL').map((r) => r.metric);
  if (failed.length > 0) process.stdout.write(`Targets missed: ${failed.join(', ')}\n`);
  const errors = rows.filter((r) => r.status === 'ERROR');
  for (const row of errors) process.stdout.write(`Error in ${row.metric}: ${row.notes}\n`);

  if (args.json) {
    const result: Record<string, unknown> = { quick, seconds };
    for (const metric of METRICS) result[metric] = rows.find((r) => r.metric === metric)?.value ?? null;
    Object.assign(result, extra);
    result.status = Object.fromEntries(rows.map((r) => [r.metric, r.status]));
    result.targets = Object.fromEntries(METRICS.map((m) => [m, `${TARGETS[m].op} ${TARGETS[m].value}`]));
    result.details = details;
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  return errors.length > 0 ? 1 : 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    progress(`${signal}: cleaning up`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
} finally {
  await cleanupAll();
}
process.exit(exitCode);
