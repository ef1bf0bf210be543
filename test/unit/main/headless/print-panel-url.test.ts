// npm run headless -- --print-panel-url: the Panel URL again from the data folder, never a second service.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHeadlessArgs, USAGE } from '../../../../main/headless/args.js';
import { panelUrlReport } from '../../../../main/headless/print-panel-url.js';
import { ROOT } from '../../../support/e2e-headless.js';
import { makeTempDir, startTempService, type TempService } from '../../../support/temp-service.js';

const run = promisify(execFile);
const CLI = path.join(ROOT, 'dist', 'main', 'headless', 'cli.js');
const TOKEN = 'panel-token-0123456789abcdefgh';

const running: TempService[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.close()));
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function folderWithToken(): string {
  const dir = makeTempDir();
  folders.push(dir);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ panelToken: TOKEN, locale: 'pt-BR' }));
  return dir;
}

describe('printing the Panel URL again', () => {
  it('is an option of npm run headless, listed in its usage', () => {
    expect(parseHeadlessArgs(['--print-panel-url', '--data-dir', '/x'], {})).toMatchObject({
      printPanelUrl: true,
      dataDir: '/x',
    });
    expect(parseHeadlessArgs([], {}).printPanelUrl).toBe(false);
    expect(USAGE).toContain('--print-panel-url');
  });

  it('prints the running service’s Panel URL, with the port from the folder’s lock', async () => {
    const t = await startTempService();
    running.push(t);
    const report = panelUrlReport(t.dir, { host: undefined, port: 4999 });
    expect(report).toEqual({ exitCode: 0, stdout: `Panel URL: ${t.service.panelUrl}\n`, stderr: '' });
  });

  it('prints it from the built command and exits, leaving the running service the only one', async () => {
    const t = await startTempService();
    running.push(t);
    const lockBefore = fs.readFileSync(path.join(t.dir, 'wifire-desk.lock'), 'utf8');
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('WIFIRE_DESK_')));
    const { stdout } = await run(process.execPath, [CLI, '--print-panel-url', '--data-dir', t.dir], {
      env,
      timeout: 10_000,
    });
    expect(stdout).toBe(`Panel URL: ${t.service.panelUrl}\n`);
    expect(fs.readFileSync(path.join(t.dir, 'wifire-desk.lock'), 'utf8')).toBe(lockBefore);
    expect((await fetch(t.service.panelUrl, { redirect: 'manual' })).status).toBe(303);
  });

  it('says the service is not running, and uses the port the next start would take', () => {
    const dir = folderWithToken();
    const byDefault = panelUrlReport(dir, { host: undefined, port: undefined });
    expect(byDefault.exitCode).toBe(0);
    expect(byDefault.stdout).toBe(`Panel URL: http://127.0.0.1:4560/panel?token=${TOKEN}\n`);
    expect(byDefault.stderr).toContain('não está rodando');
    expect(byDefault.stderr).toContain('is not running');
    expect(panelUrlReport(dir, { host: '::1', port: 5001 }).stdout).toBe(
      `Panel URL: http://[::1]:5001/panel?token=${TOKEN}\n`,
    );
    expect(panelUrlReport(dir, { host: undefined, port: 0 }).exitCode).toBe(1);
  });

  it('prints nothing and creates nothing in a folder that never ran the service', () => {
    const dir = makeTempDir();
    folders.push(dir);
    const missing = path.join(dir, 'nunca-usada');
    for (const folder of [dir, missing]) {
      const report = panelUrlReport(folder, { host: undefined, port: undefined });
      expect(report.exitCode).toBe(1);
      expect(report.stdout).toBe('');
      expect(report.stderr).toContain('Não há token do painel');
      expect(report.stderr).toContain('No panel token');
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
