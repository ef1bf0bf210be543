// The Electron security gate: runs electronegativity over what ships and fails on any HIGH or MEDIUM finding
// that is not in ALLOWLIST below. Exit 0: passed; 1: findings (or files the tool could not read); 2: cannot judge.
//
// What is scanned: the built desktop shell (dist/main/desktop) and the renderer (dist/renderer, whose CSP meta tag
// the global CSP check needs). Not the TypeScript sources: electronegativity's TS parsing drops files with modern
// syntax (`accessor`) and does not resolve variables (`new BrowserWindow(options)` becomes a false HIGH), while the
// compiled ES2023 output keeps the sources' names and layout.
//
// The tool is called through its programmatic entry (the function its CLI calls), not `-o report.csv`: in 1.10.3
// the CSV header and rows are two racing fs.writeFile calls that can overwrite the first finding, and with `-o` the
// CLI stays silent about files it failed to parse, whose findings are then simply missing.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatReport, judge, toFinding } from './electronegativity-verdict.mjs';

/**
 * Findings reviewed by hand. Each entry: `{ issue, file?, count?, why }` with the file as printed in the report
 * (relative to dist/), every file when absent; `count` caps how many findings it covers, so a new preload or a new
 * call blocks again; `why` in one line. These checks ask for a review of every use, whatever its arguments.
 */
const ALLOWLIST = [
  {
    issue: 'PRELOAD_JS_CHECK',
    file: 'main/desktop/window-hardening.js',
    count: 1,
    why: 'the one preload exposes exactly the bridge contract, never ipcRenderer (test/unit/main/desktop/preload.test.ts)',
  },
  {
    issue: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/desktop/main.js',
    // The bundle (scripts/build-bundles.mjs) holds window-hardening.js's openExternalSafely too: the entry below.
    count: 2,
    why: 'the shell.openExternal adapter is handed only to hardenContents, which calls it through openExternalSafely',
  },
  {
    issue: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/desktop/window-hardening.js',
    count: 1,
    why: 'openExternalSafely opens a URL only after it parsed as http(s) without credentials (tested)',
  },
];

// Staged dist folders. The tool reads only .js/.jsx/.ts/.tsx/.html/.htm, so .cjs/.mjs bundles get a `.js` suffix.
const SCANNED = ['main/desktop', 'renderer'];
const SUFFIXED = ['.cjs', '.mjs'];
const READ_AS_IS = ['.js', '.html', '.htm'];
// It downloads Electron's release list from GitHub to judge the Electron in a staged package.json; none is staged.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const TIME_LIMIT_MS = 45_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(code, message) {
  console.error(message);
  process.exit(code);
}

/** Copies the scanned folders into `into`; returns a map from staged relative path to dist-relative path. */
async function stage(dist, into) {
  const names = new Map();
  for (const folder of SCANNED) {
    for (const entry of await readdir(path.join(dist, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const extension = path.extname(entry.name);
      if (!READ_AS_IS.includes(extension) && !SUFFIXED.includes(extension)) continue;
      const source = path.join(entry.parentPath ?? entry.path, entry.name);
      const relative = path.relative(dist, source).split(path.sep).join('/');
      const staged = SUFFIXED.includes(extension) ? `${relative}.js` : relative;
      await mkdir(path.dirname(path.join(into, staged)), { recursive: true });
      await copyFile(source, path.join(into, staged));
      names.set(staged, relative);
    }
  }
  return names;
}

async function main() {
  const { values } = parseArgs({ options: { dist: { type: 'string' } } });
  const dist = path.resolve(values.dist ?? path.join(root, 'dist'));
  for (const needed of ['main/desktop/main.js', 'renderer/index.html']) {
    if (!existsSync(path.join(dist, needed))) {
      fail(2, `electronegativity: ${path.join(dist, needed)} is missing; run npm run build first.`);
    }
  }

  const electronVersion = require('electron/package.json').version;
  const toolVersion = require('@doyensec/electronegativity/package.json').version;
  const runElectronegativity = require('@doyensec/electronegativity');

  const staging = await mkdtemp(path.join(os.tmpdir(), 'wifire-electronegativity-'));
  const watchdog = setTimeout(
    () => fail(2, `electronegativity did not finish in ${TIME_LIMIT_MS / 1000} s.`),
    TIME_LIMIT_MS,
  );
  watchdog.unref();
  try {
    const names = await stage(dist, staging);
    const toDist = (file) => {
      const relative = path.isAbsolute(file) ? path.relative(staging, file) : file;
      const posix = relative.split(path.sep).join('/');
      return names.get(posix) ?? posix;
    };
    console.log(
      `electronegativity ${toolVersion}, Electron ${electronVersion}: ${names.size} files from ${SCANNED.map((f) => `dist/${f}`).join(', ')}`,
    );

    const result = await runElectronegativity({
      input: staging,
      isRelative: true,
      electronVersionOverride: electronVersion,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((check) => check.toLowerCase()),
    });
    const findings = result.issues.map(toFinding).map((finding) => ({ ...finding, file: toDist(finding.file) }));
    const errors = result.errors.map((error) => ({ ...error, file: toDist(error.file) }));
    const verdict = judge({ findings, errors, allowlist: ALLOWLIST });

    console.log(formatReport(verdict));
    if (verdict.passed) {
      console.log(
        `electronegativity: passed (${verdict.allowed.length} allowlisted, ${verdict.passing.length} low or informational).`,
      );
      return 0;
    }
    console.error(
      `electronegativity: ${verdict.blocking.length} HIGH/MEDIUM finding(s) and ${verdict.unanalysed.length} unreadable file(s). ` +
        'Fix them, or add a reviewed entry with a reason to ALLOWLIST in scripts/electronegativity.mjs.',
    );
    return 1;
  } finally {
    clearTimeout(watchdog);
    await rm(staging, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => fail(2, `electronegativity could not run: ${error instanceof Error ? error.stack : String(error)}`),
);
