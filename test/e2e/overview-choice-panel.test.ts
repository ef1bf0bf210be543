// "Este computador é…" makes a chain's overview from the panel in Chromium: two places on an existing NATS, their two
// codes pasted one per line with this desk's NATS credentials file, refused in words without the file, saved with
// it (config.json changes in its fan-out only), and the service started again on the same folder follows both places.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanoutFromSetting } from '../../main/core/settings/fanout-setting.js';
import { UI_STRINGS } from '../../shared/ui-strings.js';
import { launchChromium } from '../support/chromium.js';
import { eventually, WAIT_MS } from '../support/e2e-headless.js';
import { startChainHub, startSharedNats, type SharedNats } from '../support/shared-nats.js';
import { makeTempDir, startTempService, type TempService } from '../support/temp-service.js';

const pt = UI_STRINGS['pt-BR'];
const ACCOUNT = 'rede-x';
type Json = Record<string, unknown>;

const readConfig = (dir: string): Json => JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Json;

describe('an overview chosen in the panel: two places of a chain on an existing NATS', () => {
  let nats: SharedNats;
  const hubs: TempService[] = [];
  const codes: string[] = [];
  const dir = makeTempDir('wifire-overview-choice-');
  let desk: TempService | undefined;
  let browser: Browser;
  let start: Json = {};
  /** The shells' rule: the saved choice decides this run's fan-out. */
  const fromSetting = { fanout: (saved: Parameters<typeof fanoutFromSetting>[0]) => fanoutFromSetting(saved) };

  beforeAll(async () => {
    nats = await startSharedNats(ACCOUNT, ['gerencia']);
    for (let i = 0; i < 2; i++) hubs.push(await startChainHub(nats, ACCOUNT));
    codes.push(...hubs.map((hub) => hub.service.fanout!.joinCode()!));
    desk = await startTempService({ dir, config: { mutedTypes: ['cliente-curtiu'] }, ...fromSetting });
    start = readConfig(dir);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
    for (const hub of hubs) await hub.close();
    await nats?.stop();
  }, 60_000);

  async function openOtherDesks(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'pt-BR' });
    await page.goto(desk!.service.panelUrl);
    await page.goto(`${new URL(page.url()).origin}/panel/#/settings/other-desks`);
    await page.getByTestId('fanout-role').waitFor({ timeout: WAIT_MS });
    return page;
  }

  it('starts alone, and refuses the codes of an existing NATS without this desk’s credentials file', async () => {
    expect(desk!.service.fanout).toBeNull();
    expect(start.fanout).toEqual({ role: 'off', listen: null });
    const page = await openOtherDesks();
    await page.getByTestId('fanout-role-satellite').check();
    await page.getByTestId('fanout-join-code').fill(codes.join('\n'));
    await page.getByTestId('fanout-save').click();
    const error = page.getByTestId('fanout-error');
    await error.waitFor({ timeout: WAIT_MS });
    expect(await error.innerText()).toContain(
      `${pt.fanoutNatsCredsLabel}: um código de uma rede NATS já existente precisa do arquivo de credenciais do NATS deste balcão`,
    );
    expect(await page.getByTestId('fanout-nats-creds').getAttribute('aria-invalid')).toBe('true');
    expect(await error.innerText()).not.toContain(codes[0]!);
    expect(readConfig(dir)).toEqual(start);
    await page.close();
  });

  it('saves both codes with the credentials file’s path; config.json changes in its fan-out only', async () => {
    const page = await openOtherDesks();
    await page.getByTestId('fanout-role-satellite').check();
    await page.getByTestId('fanout-join-code').fill(`${codes[0]}\n\n${codes[1]}\n`);
    await page.getByTestId('fanout-nats-creds').fill(nats.desks.gerencia!.file);
    await page.getByTestId('fanout-save').click();
    await expect.poll(() => page.getByTestId('fanout-saved').innerText(), { timeout: WAIT_MS }).toBe(pt.fanoutSaved);
    expect(readConfig(dir)).toEqual({
      ...start,
      fanout: { role: 'satellite', listen: null, joinCode: codes.join('\n'), natsCreds: nats.desks.gerencia!.file },
    });
    // Neither the codes nor the file's content on the page, nor the file's content in config.json.
    expect(await page.content()).not.toContain(codes[1]!);
    const text = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    expect(text).not.toContain(nats.desks.gerencia!.seed);
    expect(await page.getByTestId('fanout-running').innerText()).toBe(
      'Agora: só este balcão. Ao reiniciar: outro balcão.',
    );
    await page.close();
  });

  it('follows both places once started again on the same folder', async () => {
    const saved = readConfig(dir);
    await desk!.service.close();
    desk = await startTempService({ dir, ...fromSetting });
    await eventually(
      () => (desk!.service.fanout?.status('pt-BR').state === 'connected' ? true : undefined),
      'the overview linked to both places',
      30_000,
    );
    expect(desk.service.fanout!.status('pt-BR').places).toEqual({ connected: 2, total: 2 });
    expect(desk.service.fanout!.existingNats).toBe(true);
    const page = await openOtherDesks();
    await expect
      .poll(() => page.getByTestId('other-desks-state').innerText(), { timeout: WAIT_MS })
      .toBe(pt.otherDesksPlaces(2, 2));
    expect(await page.getByTestId('fanout-run').innerText()).toBe('');
    expect(readConfig(dir)).toEqual(saved);
    await page.close();
  }, 60_000);
});
