// "Este computador é…" in Chromium against the real headless service: a code that cannot be used is refused in
// words, "o balcão principal" is saved and waits for a restart, and the service started again on the same data
// folder, with no option, runs as the main desk and shows its join code. The whole config.json after each step.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../shared/settings-schema.js';
import { UI_STRINGS } from '../../shared/ui-strings.js';
import { launchChromium } from '../support/chromium.js';
import { eventually, startHeadless, WAIT_MS, type HeadlessService } from '../support/e2e-headless.js';
import { freePort } from '../support/free-port.js';
import { makeTempDir } from '../support/temp-service.js';

const pt = UI_STRINGS['pt-BR'];
type Json = Record<string, unknown>;

/** What the place had set up before: none of it may move while this computer's role changes. */
const SET_UP: Json = {
  mutedTypes: ['cliente-curtiu', 'cliente-tirou-foto'],
  quietHours: [{ days: [1, 2, 3, 4, 5], from: '23:00', to: '07:00' }],
  urgentRepeat: { intervalMinutes: 5, maxRepeats: 3 },
  privacy: { keepCpfRg: false, retentionDays: 90 },
  timeZone: 'America/Recife',
};

function readConfig(dataDir: string): Json {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')) as Json;
}

function logsOf(dataDir: string): string {
  const dir = path.join(dataDir, 'logs');
  return fs
    .readdirSync(dir)
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'))
    .join('\n');
}

describe('"Este computador é…" in Chromium, through a restart of the headless service', () => {
  const dataDir = makeTempDir('wifire-fanout-choice-');
  let natsPort = 0;
  let service: HeadlessService | undefined;
  let browser: Browser | undefined;
  /** config.json as the first start wrote it (the generated secrets in it): each step says what differs. */
  let start: Json = {};

  beforeAll(async () => {
    natsPort = await freePort();
    service = await startHeadless({}, SET_UP, { dataDir });
    browser = await launchChromium();
    start = readConfig(dataDir);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    try {
      if (service) expect(await service.terminate()).toEqual({ code: 0, signal: null });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  async function openOtherDesks(): Promise<Page> {
    const page = await browser!.newPage({ viewport: { width: 1100, height: 900 }, locale: 'pt-BR' });
    await page.goto(service!.panelUrl);
    await page.goto(`${new URL(page.url()).origin}/panel/#/settings/other-desks`);
    await page.getByTestId('fanout-role').waitFor({ timeout: WAIT_MS });
    return page;
  }

  /** The three choices as a person reads them, the ticked one marked. */
  async function choices(page: Page): Promise<string[]> {
    return page
      .getByTestId('fanout-role')
      .locator('label')
      .evaluateAll((labels) =>
        labels.map((label) => `${label.querySelector('input')!.checked ? '(•)' : '( )'} ${label.textContent}`),
      );
  }

  it('starts as this desk alone, with every earlier choice and no fan-out in config.json', async () => {
    expect(start).toEqual(
      JSON.parse(
        JSON.stringify(
          settingsSchema.parse({ ...SET_UP, webhookSecret: start.webhookSecret, panelToken: start.panelToken }),
        ),
      ),
    );
    expect(start.fanout).toEqual({ role: 'off', listen: null });
    const page = await openOtherDesks();
    expect(await choices(page)).toEqual([
      `(•) ${pt.fanoutRoleOff}`,
      `( ) ${pt.fanoutRoleHub}`,
      `( ) ${pt.fanoutRoleSatellite}`,
    ]);
    expect(await page.getByTestId('other-desks-off').innerText()).toBe(pt.otherDesksOff);
    await page.close();
  });

  it('refuses a join code that cannot be used, in words beside the field, and saves nothing', async () => {
    const page = await openOtherDesks();
    await page.getByTestId('fanout-role-satellite').check();
    const typed = 'wdj1.eyJub3QiOiJhIGNvZGUifQ';
    await page.getByTestId('fanout-join-code').fill(typed);
    await page.getByTestId('fanout-save').click();
    const error = page.getByTestId('fanout-error');
    await error.waitFor({ timeout: WAIT_MS });
    expect(await error.innerText()).toContain(
      `${pt.fanoutJoinCodeLabel}: não é um código de conexão válido: copie-o de novo do balcão principal (Configurações > Outros balcões)`,
    );
    expect(await page.getByTestId('fanout-join-code').getAttribute('aria-invalid')).toBe('true');
    expect(readConfig(dataDir)).toEqual(start);
    expect(logsOf(dataDir)).not.toContain(typed);
    await page.close();
  });

  it('saves "o balcão principal" with its address, and says it applies once the service starts again', async () => {
    const page = await openOtherDesks();
    await page.getByTestId('fanout-role-hub').check();
    await page.getByTestId('fanout-listen').fill(`127.0.0.1:${natsPort}`);
    await page.getByTestId('fanout-save').click();
    await expect.poll(() => page.getByTestId('fanout-saved').innerText(), { timeout: WAIT_MS }).toBe(pt.fanoutSaved);

    expect(readConfig(dataDir)).toEqual({ ...start, fanout: { role: 'hub', listen: `127.0.0.1:${natsPort}` } });
    expect(await choices(page)).toEqual([
      `( ) ${pt.fanoutRoleOff}`,
      `(•) ${pt.fanoutRoleHub}`,
      `( ) ${pt.fanoutRoleSatellite}`,
    ]);
    // What runs now and what comes at the next start, both on screen while they differ.
    expect(await page.getByTestId('fanout-running').innerText()).toBe(
      'Agora: só este balcão. Ao reiniciar: o balcão principal.',
    );
    expect(await page.getByTestId('fanout-restart-needed').innerText()).toBe('Reinicie o WiFire Desk para aplicar.');
    expect(await page.getByTestId('fanout-restart-how').innerText()).toBe(pt.fanoutRestartHeadless);
    expect(await page.getByTestId('fanout-restart').count()).toBe(0);
    // Still running alone until then.
    expect(await page.getByTestId('other-desks-off').isVisible()).toBe(true);
    // The headless service cannot restart itself, and says so when asked anyway.
    const refusal = await page.evaluate<string>(
      "window.wifireDesk.restartApp().then(() => 'restarted', (error) => `${error.code}: ${error.message}`)",
    );
    expect(refusal).toBe(
      'forbidden: O serviço sem interface não se reinicia sozinho: pare-o (Ctrl+C, ou pelo gerenciador de serviços) e inicie-o de novo.',
    );
    await page.close();
  });

  it('runs as the main desk when started again with no option, and the panel shows its join code', async () => {
    const saved = readConfig(dataDir);
    expect(await service!.terminate()).toEqual({ code: 0, signal: null });
    service = await startHeadless({}, undefined, { dataDir });
    const code = await eventually(
      () => /^Join code: (\S+)$/m.exec(service!.process.output())?.[1],
      'the "Join code:" line',
      20_000,
    );
    expect(code).toMatch(/^wdj1\.[A-Za-z0-9_-]+$/);

    const page = await openOtherDesks();
    const shown = page.getByTestId('join-code');
    await shown.waitFor({ timeout: 20_000 });
    expect(await shown.inputValue()).toBe(code);
    expect(await page.getByTestId('other-desks-role').innerText()).toBe(pt.otherDesksHubRole);
    expect(await choices(page)).toEqual([
      `( ) ${pt.fanoutRoleOff}`,
      `(•) ${pt.fanoutRoleHub}`,
      `( ) ${pt.fanoutRoleSatellite}`,
    ]);
    expect(await page.getByTestId('fanout-listen').inputValue()).toBe(`127.0.0.1:${natsPort}`);
    // What runs is what was chosen: nothing waits for a restart.
    expect(await page.getByTestId('fanout-run').innerText()).toBe('');
    // Its nats-server listens where it was told, and nothing else in config.json moved.
    expect(service!.process.output()).not.toMatch(/Outros balcões \/ other desks:/);
    expect(readConfig(dataDir)).toEqual(saved);
    expect(logsOf(dataDir)).not.toContain(code);
    await page.close();
  }, 60_000);
});
