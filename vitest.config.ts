import { defineConfig } from 'vitest/config';

// One project per kind of test. `unit` and `dom` need no root, display, browser or sshd (npm run test:unit);
// `e2e` drives the real parts (Chromium, Xvfb + D-Bus + dunst, OpenSSH); `reliability` kills, fills and locks.
const node = { environment: 'node', testTimeout: 30_000, hookTimeout: 30_000 } as const;

export default defineConfig({
  test: {
    projects: [
      { test: { ...node, name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'dom', environment: 'happy-dom', include: ['test/dom/**/*.test.ts'] } },
      { test: { ...node, name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
      { test: { ...node, name: 'reliability', include: ['test/reliability/**/*.test.ts'] } },
    ],
  },
});
