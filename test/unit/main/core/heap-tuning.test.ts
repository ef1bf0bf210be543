// The node flags the service's process starts with: the npm scripts that run it give exactly these, and node takes
// them (a young generation that stays small under a stream of garbage, where without them it grows to 32 MB).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from '../../../../main/core/heap-tuning.js';

const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Allocates as a stream of requests does (some of it outliving a collection); prints the young generation's MB. */
const ALLOCATE = `
const v8 = require('node:v8');
const kept = [];
for (let round = 0; round < 300; round++) {
  kept.push(Array.from({ length: 20000 }, (_, i) => ({ i, text: 'x' + i })));
  if (kept.length > 3) kept.shift();
}
const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
process.stdout.write(String(young.physical_space_size / 1048576));
`;

function youngGenerationMb(flags: readonly string[]): number {
  const result = spawnSync(process.execPath, [...flags, '-e', ALLOCATE], { encoding: 'utf8', timeout: 30_000 });
  expect(result.status, result.stderr).toBe(0);
  return Number(result.stdout);
}

describe('the service process node flags', () => {
  it('are the ones npm start and npm run headless give node, before the script', () => {
    const flags = SERVICE_NODE_FLAGS.join(' ');
    expect(scripts.start).toContain(`&& node ${flags} dist/main/launcher/start.js`);
    expect(scripts.headless).toContain(`&& node ${flags} dist/main/headless/cli.js`);
  });

  it('keep the young generation at two halves of 2 MB, where by default it grows to 16 MB each', () => {
    expect(youngGenerationMb(SERVICE_NODE_FLAGS)).toBeLessThanOrEqual(4);
    expect(youngGenerationMb([])).toBeGreaterThan(16);
  });
});
