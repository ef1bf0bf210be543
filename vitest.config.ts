import { defineConfig } from 'vitest/config';

// One project per kind of test. `unit` and `dom` need no root, display, browser or sshd (npm run test:unit);
// `e2e` drives the real parts (Chromium, Xvfb + D-Bus + dunst, OpenSSH); `reliability` kills, fills and locks.
// `load` runs alone, after all the others: its files keep both cores busy (20 places at 200 events a second), and
// beside them another file's waits (a nats-server starting) ran out.
const node = { environment: 'node', testTimeout: 30_000, hookTimeout: 30_000 } as const;
const LOAD = ['test/e2e/fanout-chain.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { ...node, name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'dom', environment: 'happy-dom', include: ['test/dom/**/*.test.ts'] } },
      { test: { ...node, name: 'e2e', include: ['test/e2e/**/*.test.ts'], exclude: LOAD } },
      { test: { ...node, name: 'reliability', include: ['test/reliability/**/*.test.ts'] } },
      { test: { ...node, name: 'load', include: LOAD, sequence: { groupOrder: 1 } } },
    ],
  },
});
