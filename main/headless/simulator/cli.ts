// npm run simulate -- <type|all>: realistic WiFire deliveries to a running app, paced, with what each got back.
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { isKnownType } from '../../../shared/catalog.js';
import { parseSimulatorArgs, SimulatorArgsError, USAGE, type ParsedCommand } from './options.js';
import { buildPayload, type FakeCustomer } from './payloads.js';
import { customerFor, planDeliveries, type PlannedDelivery } from './plan.js';
import { deliver, type Outcome } from './send.js';
import { maskUrl, resolveTarget, TargetError, type Target } from './target.js';

/** Deliveries awaiting an answer at once: a slow app slows the run instead of piling up sockets. */
const MAX_IN_FLIGHT = 64;
const TYPE_COLUMN = 32;
/** Lateness the pacer makes up by sending back to back; beyond it the run falls behind rather than bursts. */
const MAX_LAG_MS = 10;

export interface SimulatorIo {
  out(line: string): void;
  err(line: string): void;
}

const processIo: SimulatorIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Everything personal a payload carries about this customer, kept off the screen. */
function personalStrings(customer: FakeCustomer): string[] {
  return [customer.name, customer.email, customer.phone, customer.cpf, customer.rg, customer.mac];
}

function statusLabel(outcome: Exclude<Outcome, { kind: 'refused' }>): string {
  return outcome.kind === 'answered' ? String(outcome.status) : outcome.label;
}

function isSuccess(outcome: Outcome): boolean {
  return outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300;
}

function formatLine(delivery: PlannedDelivery, total: number, customerId: string, outcome: Outcome): string {
  const width = String(total).length;
  const index = `[${String(delivery.index).padStart(width)}/${total}]`;
  const status = outcome.kind === 'refused' ? 'refused' : statusLabel(outcome);
  const answer = outcome.kind === 'refused' ? '' : outcome.answer;
  return `${index} ${delivery.type.padEnd(TYPE_COLUMN)} cliente/customer ${customerId.padEnd(6)} ${status} ${answer}`;
}

function deliveries(n: number): string {
  return `${n} ${n === 1 ? 'entrega / delivery' : 'entregas / deliveries'}`;
}

function hints(counts: Map<string, number>): string[] {
  const lines: string[] = [];
  if (counts.has('404')) {
    lines.push(
      '404: a URL não confere — copie a linha "Webhook URL:" do WiFire Desk (o segredo vem depois de /hooks/). ' +
        '/ The URL does not match: copy the "Webhook URL:" line WiFire Desk prints.',
    );
  }
  if (counts.has('429')) {
    lines.push(
      '429: acima do limite de entregas do app — use um --rate menor, ou aumente intake.ratePerSecond no config.json. ' +
        "/ Over the app's request budget: lower --rate, or raise intake.ratePerSecond in config.json.",
    );
  }
  return lines;
}

/** Runs the simulator and returns the exit code: 0 all answered 2xx, 1 otherwise, 2 bad options or no URL. */
export async function runSimulator(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: SimulatorIo = processIo,
  stop?: AbortSignal,
): Promise<number> {
  let command: ParsedCommand;
  let target: Target;
  try {
    command = parseSimulatorArgs(argv);
    if (command.help) {
      io.out(USAGE.trimEnd());
      return 0;
    }
    target = resolveTarget(command, env);
  } catch (error) {
    if (error instanceof SimulatorArgsError) {
      io.err(`${error.message}\n\n${USAGE.trimEnd()}`);
      return 2;
    }
    if (error instanceof TargetError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }

  const { count, rate } = command;
  const plan = planDeliveries(command.target, count, rate);
  const shownUrl = maskUrl(target.url);
  if (command.target !== 'all' && !isKnownType(command.target)) {
    io.out(
      `Tipo desconhecido "${command.target}": enviado no formato de insight, como o WiFire faria com um tipo novo. ` +
        `/ Unknown type: sent in the insight shape, as WiFire would send a new type.`,
    );
  }
  io.out(`Enviando / sending ${deliveries(plan.length)} → ${shownUrl} a / at ${rate}/s`);

  const total = plan.length;
  const results: ({ line: string; outcome: Outcome } | undefined)[] = new Array(total);
  const counts = new Map<string, number>();
  let printed = 0;
  let refused = false;
  let succeeded = 0;
  let answered = 0;

  // Lines come out in sending order even when answers arrive out of order.
  const flush = (): void => {
    while (printed < total && results[printed] !== undefined) {
      const result = results[printed]!;
      if (result.outcome.kind !== 'refused') io.out(result.line);
      printed++;
    }
  };

  const send = async (delivery: PlannedDelivery): Promise<void> => {
    const at = new Date();
    const customer = {
      ...customerFor(delivery, at, target.timeZone),
      ...(command.customer ? { id: command.customer } : {}),
      ...(command.name ? { name: command.name } : {}),
      // Made-up photo addresses lead nowhere: the app would only log each failed download.
      image: null,
    };
    const payload = buildPayload(delivery.type, customer, { at, timeZone: target.timeZone });
    const outcome = await deliver(target.url, payload, personalStrings(customer));
    if (outcome.kind === 'refused') {
      if (!refused) {
        io.err(
          `Nada escutando em ${shownUrl} — o WiFire Desk está rodando? / Nothing listening at ${shownUrl} — is WiFire Desk running?`,
        );
      }
      refused = true;
    } else {
      answered++;
      if (isSuccess(outcome)) succeeded++;
      const label = statusLabel(outcome);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    results[delivery.index - 1] = { line: formatLine(delivery, total, customer.id, outcome), outcome };
    flush();
  };

  const started = performance.now();
  const interval = 1000 / rate;
  let nextAt = started;
  const inFlight = new Set<Promise<void>>();
  for (const delivery of plan) {
    if (refused || stop?.aborted) break;
    if (delivery.afterPrevious) {
      await Promise.all(inFlight);
      nextAt = Math.max(nextAt, performance.now());
    }
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const wait = nextAt - performance.now();
    if (wait > 0) await sleep(wait, undefined, { signal: stop }).catch(() => undefined);
    if (refused || stop?.aborted) break;
    // Timers are late by a millisecond or so: make up that lag, but never more than MAX_LAG_MS worth at once.
    nextAt = Math.max(nextAt, performance.now() - Math.max(interval, MAX_LAG_MS)) + interval;
    const pending: Promise<void> = send(delivery).finally(() => inFlight.delete(pending));
    inFlight.add(pending);
  }
  await Promise.all(inFlight);

  if (refused && answered === 0) return 1;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const byStatus = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, n]) => `${label}: ${n}`)
    .join(', ');
  const missing = total - answered;
  io.out(
    `Resumo / summary: ${deliveries(total)} em / in ${seconds} s — ${byStatus || 'nenhuma resposta / no answers'}` +
      (missing > 0 ? ` — sem resposta ou não enviadas / unanswered or not sent: ${missing}` : ''),
  );
  for (const line of hints(counts)) io.err(line);
  return succeeded === total ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const controller = new AbortController();
  // First Ctrl+C: stop sending, wait for answers, print the summary; a second one leaves at once.
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  runSimulator(process.argv.slice(2), process.env, processIo, controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `Falha inesperada / unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
