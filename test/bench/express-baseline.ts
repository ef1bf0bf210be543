// Child process: the baseline, a bare express 5 app that parses JSON and answers 200. Nothing else.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { HOST, answerQuestions, exitWithParent, type ChildMessage } from './harness.js';

if (!process.send) {
  process.stderr.write('express-baseline.js must be forked with an IPC channel\n');
  process.exit(2);
}

const app = express();
app.use(express.json());
app.post('/hooks/:secret', (_req, res) => {
  res.status(200).json({ ok: true });
});

const server = app.listen(0, HOST, () => {
  const { port } = server.address() as AddressInfo;
  const ready: ChildMessage = { type: 'ready', port, url: `http://${HOST}:${port}/hooks/baseline` };
  process.send!(ready);
});

// 'rss' and 'cpu' are answered by the harness itself; nothing else is asked of the baseline.
answerQuestions(() => Number.NaN);

exitWithParent(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
