// Load from a second process, as WiFire's deliveries come from outside: realistic payloads at a steady rate over
// keep-alive, one stdout line "<id> <tag>" per event answered 200 with an id, and on through any error.
// Usage: node load-generator.mjs <webhook url> [--rate 1000] [--tag run1] [--sockets 16]
// Needs `npm run build` (it sends the simulator's payloads from dist/). Stops on SIGTERM with a summary on stderr.
import http from 'node:http';
import { buildPayload, fakeCustomer } from '../../../dist/main/headless/simulator/payloads.js';
import { EVENT_TYPES, isLgpdType } from '../../../dist/shared/catalog.js';

const [url, ...rest] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: node load-generator.mjs <webhook url> [--rate N] [--tag T] [--sockets N]\n');
  process.exit(2);
}
const option = (name, fallback) => {
  const at = rest.indexOf(`--${name}`);
  return at >= 0 && rest[at + 1] !== undefined ? rest[at + 1] : fallback;
};
const rate = Number(option('rate', '1000'));
const tag = option('tag', String(process.pid));
const sockets = Number(option('sockets', '16'));
// Enough in flight to hold the rate while each answer waits for its group commit, few enough not to pile up.
const maxInFlight = sockets * 4;

const INSIGHT_TYPES = EVENT_TYPES.filter((type) => !isLgpdType(type));
const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
const target = new URL(url);
const statuses = {};
let sent = 0;
let acknowledged = 0;
let errors = 0;
let inFlight = 0;

function payload(seq) {
  const body = buildPayload(INSIGHT_TYPES[seq % INSIGHT_TYPES.length], fakeCustomer(seq % 500), {
    // Within the last day, a second apart per delivery: inside retention, and no two deliveries alike.
    at: new Date(Date.now() - 3_600_000 - (seq % 80_000) * 1000),
  });
  body.activity.message = `${body.activity.message} [carga ${tag}-${seq}]`;
  return { text: JSON.stringify(body), tag: `${tag}-${seq}` };
}

function send(seq) {
  const { text, tag: deliveryTag } = payload(seq);
  inFlight++;
  let settled = false;
  const settle = (status, answerText) => {
    if (settled) return;
    settled = true;
    inFlight--;
    if (status === 0) {
      // The service was killed or is not up yet: count it and keep going, as a sender would.
      errors++;
      return;
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status !== 200) return;
    try {
      const answer = JSON.parse(answerText);
      if (typeof answer.id !== 'string') return;
      acknowledged++;
      // Synchronous on a pipe (Linux): the line is out before the next signal can be handled.
      process.stdout.write(`${answer.id} ${deliveryTag}\n`);
    } catch {
      errors++;
    }
  };
  const request = http.request(
    {
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
    },
    (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => settle(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
      response.on('error', () => settle(0, ''));
    },
  );
  request.on('error', () => settle(0, ''));
  request.end(text);
}

const started = performance.now();
// A token bucket refilled every few ms: ~`rate` a second, at most 100 ms of catching up after a stall.
let budget = 0;
let last = started;
const timer = setInterval(() => {
  const now = performance.now();
  budget = Math.min(budget + ((now - last) / 1000) * rate, rate / 10);
  last = now;
  while (budget >= 1 && inFlight < maxInFlight) {
    budget--;
    send(sent++);
  }
}, 5);

function stop() {
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`${JSON.stringify({ sent, acknowledged, errors, statuses, seconds })}\n`);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
