// Child process: the notify baseline, a bare better-sqlite3 loop that commits one row per transaction with
// synchronous=FULL in WAL mode, paced like the webhooks, on the same disk as the service's data folder.
// Usage: node commit-baseline.js <dir>; then ask 'commit-run' { ratePerSecond, durationS, body } → times in ms.
import path from 'node:path';
import Database from 'better-sqlite3';
import { answerQuestions, exitWithParent, type ChildMessage } from './harness.js';

const dir = process.argv[2];
if (!dir || !process.send) {
  process.stderr.write('usage: node commit-baseline.js <dir> (forked with an IPC channel)\n');
  process.exit(2);
}

const db = new Database(path.join(dir, 'commit-baseline.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, body TEXT NOT NULL)');
const insert = db.prepare<[number, string]>('INSERT INTO events (received_at, body) VALUES (?, ?)');

interface CommitRun {
  ratePerSecond: number;
  durationS: number;
  body: string;
}

/** Commit i starts at start + i × interval, as the webhooks are sent; each commit is timed alone. */
function run({ ratePerSecond, durationS, body }: CommitRun): Promise<number[]> {
  const total = Math.round(ratePerSecond * durationS);
  const intervalMs = 1000 / ratePerSecond;
  const times: number[] = [];
  return new Promise((resolve) => {
    const start = performance.now();
    let next = 0;
    const tick = (): void => {
      while (next < total && start + next * intervalMs <= performance.now()) {
        const t0 = performance.now();
        insert.run(Date.now(), body);
        times.push(performance.now() - t0);
        next++;
      }
      if (next >= total) resolve(times);
      else setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    };
    tick();
  });
}

answerQuestions((request) => {
  if (request.cmd === 'commit-run') return run(request.arg as CommitRun);
  throw new Error(`unknown question: ${request.cmd}`);
});

exitWithParent(async () => {
  db.close();
});

const ready: ChildMessage = { type: 'ready', port: 0, url: '' };
process.send(ready);
