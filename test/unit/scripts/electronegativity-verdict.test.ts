import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkAllowlist,
  formatReport,
  judge,
  toFinding,
  type Finding,
  type Severity,
} from '../../../scripts/electronegativity-verdict.mjs';

const root = process.cwd(); // vitest runs in the project's root

function finding(issue: string, severity: Severity, file = 'main/desktop/main.js', sample = ''): Finding {
  return { issue, severity, confidence: 'FIRM', file, line: 3, column: 14, sample, description: '' };
}

/** An issue as electronegativity's runner returns it. */
function rawIssue(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'CSP_GLOBAL_CHECK',
    file: 'renderer/index.html',
    sample: "default-src 'none'; img-src 'self' data:, https://cdn.example, \"quoted\"",
    location: { line: 5, column: 0 },
    severity: { name: 'LOW', value: 1 },
    confidence: { name: 'FIRM', value: 1 },
    description: 'One or more CSP directives detected seems to be vulnerable',
    ...overrides,
  };
}

describe('the electronegativity verdict', () => {
  it('fails on a HIGH finding', () => {
    const verdict = judge({ findings: [finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH')] });
    expect(verdict.passed).toBe(false);
    expect(verdict.blocking.map((f) => f.issue)).toEqual(['CONTEXT_ISOLATION_JS_CHECK']);
  });

  it('fails on a MEDIUM finding', () => {
    expect(judge({ findings: [finding('SANDBOX_JS_CHECK', 'MEDIUM')] }).passed).toBe(false);
  });

  it('passes LOW and INFORMATIONAL findings but still lists them', () => {
    const verdict = judge({
      findings: [finding('CSP_GLOBAL_CHECK', 'LOW'), finding('NODE_INTEGRATION_JS_CHECK', 'INFORMATIONAL')],
    });
    expect(verdict.passed).toBe(true);
    expect(verdict.passing).toHaveLength(2);
    expect(formatReport(verdict)).toContain('NODE_INTEGRATION_JS_CHECK');
  });

  it('passes an allowlisted finding and shows the reason instead of failing', () => {
    const why = 'opened only after isSafeExternalUrl';
    const verdict = judge({
      findings: [finding('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/desktop/window-hardening.js')],
      allowlist: [{ issue: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/desktop/window-hardening.js', why }],
    });
    expect(verdict.passed).toBe(true);
    expect(verdict.allowed.map((f) => f.why)).toEqual([why]);
    expect(formatReport(verdict)).toContain(why);
  });

  it('still fails the same issue in a file the allowlist entry does not name', () => {
    const verdict = judge({
      findings: [finding('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/desktop/tray.js')],
      allowlist: [{ issue: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/desktop/window-hardening.js', why: 'checked' }],
    });
    expect(verdict.passed).toBe(false);
  });

  it('fails again when one more window turns up than the allowlist entry counted', () => {
    const windows = [1, 2, 3].map(() => finding('SANDBOX_JS_CHECK', 'MEDIUM'));
    const verdict = judge({
      findings: windows,
      allowlist: [{ issue: 'SANDBOX_JS_CHECK', file: 'main/desktop/main.js', count: 2, why: 'two known windows' }],
    });
    expect(verdict.allowed).toHaveLength(2);
    expect(verdict.blocking).toHaveLength(1);
    expect(verdict.passed).toBe(false);
  });

  it('names an allowlist entry that no longer matches anything, without failing', () => {
    const verdict = judge({ findings: [], allowlist: [{ issue: 'PRELOAD_JS_CHECK', why: 'gone' }] });
    expect(verdict.passed).toBe(true);
    expect(formatReport(verdict)).toContain('PRELOAD_JS_CHECK matched nothing');
  });

  it('refuses an allowlist entry without a reason', () => {
    expect(() => checkAllowlist([{ issue: 'SANDBOX_JS_CHECK', why: ' ' }])).toThrow(/why/);
    expect(() => judge({ findings: [], allowlist: [{ issue: 'SANDBOX_JS_CHECK', why: '' }] })).toThrow();
  });

  it('fails when the tool could not read a file, since that file’s findings would be missing', () => {
    const verdict = judge({
      findings: [],
      errors: [{ file: 'main/desktop/windows.js', message: 'Unexpected token (3:19)', tolerable: false }],
    });
    expect(verdict.passed).toBe(false);
    expect(formatReport(verdict)).toContain('NOT ANALYSED  main/desktop/windows.js');
  });

  it('tolerates a parser warning on a file it could still read', () => {
    const verdict = judge({ findings: [], errors: [{ file: 'a.js', message: 'recovered', tolerable: true }] });
    expect(verdict.passed).toBe(true);
  });

  it('keeps a sample with commas and quotes whole', () => {
    const read = toFinding(rawIssue());
    expect(read).toMatchObject({ issue: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'renderer/index.html', line: 5 });
    expect(read.sample).toBe("default-src 'none'; img-src 'self' data:, https://cdn.example, \"quoted\"");
  });

  it('reads a whole-app finding, which has no file, line or sample', () => {
    const read = toFinding(
      rawIssue({ id: 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', file: 'N/A', sample: undefined, location: undefined }),
    );
    expect(read).toMatchObject({ file: 'N/A', line: 0, sample: '' });
    expect(formatReport(judge({ findings: [{ ...read, severity: 'MEDIUM' }] }))).toContain('(whole app)');
  });

  it('refuses a finding whose severity it does not know rather than letting it pass', () => {
    expect(() => toFinding(rawIssue({ severity: { name: 'CRITICAL', value: 4 } }))).toThrow(/severity/);
    expect(() => toFinding(rawIssue({ id: undefined }))).toThrow(/unreadable/);
  });

  it('lists blocking findings before the rest, the most severe first', () => {
    const verdict = judge({
      findings: [
        finding('CSP_GLOBAL_CHECK', 'LOW'),
        finding('SANDBOX_JS_CHECK', 'MEDIUM'),
        finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH'),
      ],
    });
    const order = formatReport(verdict)
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/)[2]);
    expect(order).toEqual(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'CSP_GLOBAL_CHECK']);
  });
});

describe('scripts/electronegativity.mjs', () => {
  let fixture = '';
  afterEach(() => rmSync(fixture, { recursive: true, force: true }));

  function runGate(dist: string) {
    return spawnSync(process.execPath, [path.join(root, 'scripts/electronegativity.mjs'), '--dist', dist], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  it('asks for a build, with exit code 2, when the desktop shell has not been built', () => {
    fixture = mkdtempSync(path.join(os.tmpdir(), 'wifire-eng-'));
    const gate = runGate(fixture);
    expect(gate.status).toBe(2);
    expect(gate.stderr).toContain('run npm run build first');
  });

  it('fails an app whose window has Node integration, no sandbox and no CSP, even inside a CommonJS bundle', () => {
    fixture = mkdtempSync(path.join(os.tmpdir(), 'wifire-eng-'));
    mkdirSync(path.join(fixture, 'main/desktop'), { recursive: true });
    mkdirSync(path.join(fixture, 'renderer'));
    writeFileSync(path.join(fixture, 'main/desktop/main.js'), "require('../../window.cjs');\n");
    writeFileSync(
      path.join(fixture, 'main/desktop/window.cjs'),
      "const { BrowserWindow } = require('electron');\n" +
        "new BrowserWindow({ webPreferences: { nodeIntegration: true } }).loadFile('index.html');\n",
    );
    writeFileSync(
      path.join(fixture, 'renderer/index.html'),
      '<!doctype html><title>x</title><script src="app.js"></script>\n',
    );

    const gate = runGate(fixture);
    expect(gate.stderr).not.toContain('could not run');
    expect(gate.status).toBe(1);
    expect(gate.stdout).toMatch(/FAIL +HIGH\/FIRM +CONTEXT_ISOLATION_JS_CHECK +main\/desktop\/window\.cjs:2:0/);
    expect(gate.stdout).toMatch(/FAIL +MEDIUM\/FIRM +SANDBOX_JS_CHECK +main\/desktop\/window\.cjs/);
    expect(gate.stdout).toMatch(/FAIL +MEDIUM\/CERTAIN +CSP_GLOBAL_CHECK/);
  }, 90_000);
});
