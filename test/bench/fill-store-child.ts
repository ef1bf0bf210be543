// Child process: fills a data folder's store (see fill-store.ts) and reports the FillResult over IPC.
// Usage: node fill-store-child.js <data-dir> <events> <customers> [<FillOptions as JSON>].
import { fillStore, type FillOptions } from './fill-store.js';

const [dataDir, events, customers, options] = process.argv.slice(2);
if (!dataDir || !process.send || !Number.isInteger(Number(events)) || !Number.isInteger(Number(customers))) {
  process.stderr.write('usage: node fill-store-child.js <data-dir> <events> <customers> [options] (forked with IPC)\n');
  process.exit(2);
}
// Between transactions the loop turns, so SIGTERM and a lost parent end the fill promptly.
process.on('disconnect', () => process.exit(0));
const result = await fillStore(
  dataDir,
  Number(events),
  Number(customers),
  options ? (JSON.parse(options) as FillOptions) : {},
);
process.send(result, () => process.disconnect());
