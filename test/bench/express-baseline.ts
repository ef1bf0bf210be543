// The baseline: a bare express 5 app that parses JSON and answers 200. Nothing else.
// Forked with an IPC channel it listens on a free port and reports ready (intake, memory, loop delay);
// spawned as `node express-baseline.js --port N` it only listens (the cold-start baseline, timed like the CLI).
import type { AddressInfo } from 'node:net';
import express from 'express';
import { HOST, answerQuestions, exitWithParent, type ChildMessage } from './harness.js';

const portFlag = process.argv.indexOf('--port');
const port = portFlag >= 0 ? Number(process.argv[portFlag + 1]) : 0;
if (!process.send && portFlag < 0) {
  process.stderr.write('usage: node express-baseline.js --port N, or forked with an IPC channel\n');
  process.exit(2);
}

const app = express();
app.use(express.json());
app.post('/hooks/:secret', (_req, res) => {
  res.status(200).json({ ok: true });
});

const server = app.listen(port, HOST, () => {
  const { port: listening } = server.address() as AddressInfo;
  const ready: ChildMessage = { type: 'ready', port: listening, url: `http://${HOST}:${listening}/hooks/baseline` };
  process.send?.(ready);
});

const close = (): Promise<void> =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

if (process.send) {
  // The built-in questions (rss, cpu, memory, loop delay) are all the baseline is asked.
  answerQuestions((request) => {
    throw new Error(`unknown question: ${request.cmd}`);
  });
  exitWithParent(close);
} else {
  process.once('SIGTERM', () => void close().finally(() => process.exit(0)));
}
