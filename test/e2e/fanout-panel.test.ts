// "Outros balcões" in a real browser (Debian's Chromium): a hub with its own nats-server and a satellite joined with
// the code read off the hub's panel, each desk's panel in its own browser profile, as on two computers.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { freePort } from '../support/free-port.js';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFanoutReason } from '../../main/core/fanout/fanout-texts.js';
import { buildPayload, fakeCustomer, withBirthdayToday } from '../../main/headless/simulator/payloads.js';
import { UI_STRINGS } from '../../shared/ui-strings.js';
import { launchChromium } from '../support/chromium.js';
import { WAIT_MS } from '../support/e2e-headless.js';
import { makeTempDir, startTempService, type TempService } from '../support/temp-service.js';

const pt = UI_STRINGS['pt-BR'];
/** A revoked desk learns it once the hub's nats-server reloaded and its client gave up reconnecting. */
const REFUSED_MS = 30_000;
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** "14/03/2026, 15:00": how the panel writes an instant on a pt-BR desk in São Paulo (the default settings). */
function deskTime(at: number): string {
  return new Intl.DateTimeFormat('pt-BR', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'America/Sao_Paulo',
  }).format(at);
}

/** Every way the panel may write an instant between `from` and `to` (a minute may turn in between). */
function deskTimes(from: number, to: number): string[] {
  const times = new Set<string>();
  for (let at = from; at < to + 60_000; at += 30_000) times.add(deskTime(Math.min(at, to)));
  return [...times];
}

describe('"Outros balcões" in Chromium: a hub and a satellite, joined, fed, revoked, restarted', () => {
  const hubDir = makeTempDir('wifire-fanout-panel-hub-');
  const satelliteDir = makeTempDir('wifire-fanout-panel-desk-');
  let natsPort = 0;
  let hub: TempService | undefined;
  let satellite: TempService | undefined;
  let browser: Browser | undefined;
  /** Two browser profiles, as two computers: the panels' cookies are per host, not per port. */
  let hubBrowser: BrowserContext | undefined;
  let deskBrowser: BrowserContext | undefined;
  let hubPage: Page | undefined;
  let deskPage: Page | undefined;
  let deskId = '';
  /** The satellite's line in the hub's list once revoked, as it must still read after a restart. */
  let revokedLine = '';
  let joinedAt: string[] = [];
  const ana = withBirthdayToday(fakeCustomer(401));

  const startHub = async (): Promise<TempService> =>
    startTempService({ dir: hubDir, fanout: { role: 'hub', listen: { host: '127.0.0.1', port: natsPort } } });

  beforeAll(async () => {
    natsPort = await freePort();
    hub = await startHub();
    browser = await launchChromium();
    const options = { viewport: { width: 1100, height: 750 }, locale: 'pt-BR' };
    hubBrowser = await browser.newContext(options);
    deskBrowser = await browser.newContext(options);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    // The folders go last: a restarted hub is closed by hand, not through TempService.close (which removes them).
    await satellite?.service.close();
    await hub?.service.close();
    for (const dir of [hubDir, satelliteDir]) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function openPanel(context: BrowserContext, service: TempService, route: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(service.service.panelUrl);
    expect(new URL(page.url()).pathname).toBe('/panel/');
    await page.goto(`${new URL(page.url()).origin}/panel/${route}`);
    return page;
  }

  const section = (page: Page): Locator => page.getByTestId('settings-other-desks');
  const deskItem = (page: Page): Locator =>
    section(page).locator(`[data-testid="other-desk"][data-desk-id="${deskId}"]`);
  const light = (page: Page): Locator => page.getByTestId('connection');

  /** The light as a person reads it: its words, its colour, and its tooltip. */
  async function lightOf(page: Page): Promise<{ text: string; state: string | null; title: string | null }> {
    const indicator = light(page);
    return {
      text: await indicator.innerText(),
      state: await indicator.getAttribute('data-state'),
      title: await indicator.getAttribute('title'),
    };
  }

  /** Each desk in the hub's list: its name, what is known of it, and its button if any. */
  async function deskLines(page: Page): Promise<string[]> {
    return section(page)
      .locator('[data-testid="other-desk"]')
      .evaluateAll((items) =>
        items.map((item) =>
          [
            item.querySelector('.other-desk-name')?.textContent,
            item.querySelector('.other-desk-facts')?.textContent,
            item.querySelector('button')?.textContent,
          ]
            .filter(Boolean)
            .join(' | '),
        ),
      );
  }

  async function audit(service: TempService, route: string): Promise<string[]> {
    // axe-core goes in as an inline script, which the panel's CSP rightly refuses: only this profile bypasses it.
    const auditing = await browser!.newContext({
      viewport: { width: 1100, height: 750 },
      locale: 'pt-BR',
      bypassCSP: true,
    });
    try {
      const page = await openPanel(auditing, service, route);
      await section(page).locator('[data-testid="other-desks-state"]').waitFor({ timeout: WAIT_MS });
      await page.addScriptTag({ content: AXE_SOURCE });
      const options = {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        resultTypes: ['violations'],
      };
      const results = await page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
      return results.violations
        .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
        .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    } finally {
      await auditing.close();
    }
  }

  it('shows the hub’s join code, how to use it, and no desk yet', async () => {
    hubPage = await openPanel(hubBrowser!, hub!, '#/settings/other-desks');
    const code = hubPage.getByTestId('join-code');
    await code.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => code.inputValue()).toBe(hub!.service.fanout!.joinCode());
    expect(await code.inputValue()).toMatch(/^wdj1\.[A-Za-z0-9_-]+$/);
    expect(await section(hubPage).locator('h2').innerText()).toBe('Outros balcões');
    expect(await hubPage.getByTestId('other-desks-role').innerText()).toBe(pt.otherDesksHubRole);
    expect(await hubPage.getByTestId('other-desks-state').innerText()).toBe(pt.otherDesksHubReady);
    expect(await hubPage.getByTestId('join-code-how-to').innerText()).toBe(
      `${pt.joinCodeHowTo} npm run headless -- --join <código>`,
    );
    expect(await hubPage.getByTestId('renew-join-code').isEnabled()).toBe(true);
    expect(await hubPage.getByTestId('other-desks-empty').innerText()).toBe(pt.desksEmpty);
    // The main desk still receives WiFire itself: its light speaks of its own tunnel (none here), not of fan-out.
    expect(await lightOf(hubPage)).toMatchObject({ text: pt.healthNoPublicAddress, state: 'degraded' });
    // The code is on screen only: not in the hub's log.
    const logs = fs
      .readdirSync(path.join(hubDir, 'logs'))
      .map((file) => fs.readFileSync(path.join(hubDir, 'logs', file), 'utf8'));
    expect(logs.join('\n')).not.toContain(await code.inputValue());
  });

  it('lists the satellite joined with that code, and the satellite’s light says it is linked', async () => {
    // As a person would: the code copied from the hub's panel, pasted into `--join` on the other computer.
    const code = await hubPage!.getByTestId('join-code').inputValue();
    const before = Date.now();
    satellite = await startTempService({ dir: satelliteDir, fanout: { role: 'satellite', joinCode: code } });
    deskId = (JSON.parse(fs.readFileSync(path.join(satelliteDir, 'fanout', 'desk.json'), 'utf8')) as { desk: string })
      .desk;

    // The hub's open page follows without a reload.
    await deskItem(hubPage!).waitFor({ timeout: WAIT_MS });
    joinedAt = deskTimes(before, Date.now());
    const lines = await deskLines(hubPage!);
    expect(lines).toHaveLength(1);
    // Joined and seen just now, in the desk's language and time zone.
    const [name, facts, button] = lines[0]!.split(' | ');
    expect(name).toBe(`Balcão ${deskId.slice(0, 8)}`);
    const [since, seen] = facts!.split(' · ');
    expect(joinedAt.map((time) => `desde ${time}`)).toContain(since);
    expect(joinedAt.map((time) => `visto por último ${time}`)).toContain(seen);
    expect(button).toBe('Revogar');
    expect(await hubPage!.locator('[data-testid="other-desks-empty"]').count()).toBe(0);
    expect(await hubPage!.getByTestId('other-desks-state').innerText()).toBe(pt.otherDesksHubReady);
    expect(await lightOf(hubPage!)).toMatchObject({ text: pt.healthNoPublicAddress, state: 'degraded' });

    deskPage = await openPanel(deskBrowser!, satellite, '#/feed');
    await expect
      .poll(() => lightOf(deskPage!), { timeout: WAIT_MS })
      .toEqual({
        text: pt.healthHubConnected,
        state: 'ok',
        title: `${pt.healthHubConnected}\n${pt.healthHubConnectedDetail}`,
      });
    // Nothing to set up on another desk: no "Primeiros passos", no banner, an empty feed.
    expect(await deskPage.getByTestId('first-run').isHidden()).toBe(true);
    expect(await deskPage.locator('[data-testid="feed-row"]').count()).toBe(0);
  });

  it('shows a webhook posted to the hub in the satellite’s feed, live', async () => {
    const answer = await hub!.post(buildPayload('cliente-aniversariante-chegou', ana));
    expect(answer.status).toBe(200);
    const row = deskPage!.locator(`[data-testid="feed-row"][data-customer-id="${ana.id}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => row.innerText()).toContain(ana.name);
    expect(await row.innerText()).toContain('aniversário');
    expect(await deskPage!.locator('[data-testid="feed-row"]').count()).toBe(1);
    expect(await deskPage!.getByTestId('unread-count').first().innerText()).toContain('1');
    // It popped up on the satellite too, by its own rules.
    await expect
      .poll(() => satellite!.popUps.filter((popUp) => popUp.customerId === ana.id).length, { timeout: WAIT_MS })
      .toBe(1);
    const [popUp] = satellite!.popUps;
    expect(`${popUp!.title} ${popUp!.body}`).toContain(ana.name);
    expect(await lightOf(deskPage!)).toMatchObject({ text: pt.healthHubConnected, state: 'ok' });
    // The hub's list is as it was.
    expect(await deskLines(hubPage!)).toHaveLength(1);
  });

  it('revokes the satellite from the hub’s panel after the confirm step: its light turns to the refusal', async () => {
    // The satellite's settings are open on "Outros balcões" while it happens.
    await deskPage!.goto(`${new URL(deskPage!.url()).origin}/panel/#/settings/other-desks`);
    await expect
      .poll(() => deskPage!.getByTestId('other-desks-state').innerText(), { timeout: WAIT_MS })
      .toBe(pt.otherDesksConnected);
    expect(await deskPage!.getByTestId('other-desks-role').innerText()).toBe(pt.otherDesksSatelliteRole);
    // It names itself as the hub's list does, so the owner revokes the right one.
    expect(await deskPage!.getByTestId('other-desks-self').innerText()).toBe(
      pt.otherDesksSelf(`Balcão ${deskId.slice(0, 8)}`),
    );
    // Another desk has no webhook address or tunnel of its own.
    expect(await deskPage!.locator('[data-testid="settings-webhook"]').count()).toBe(0);
    expect(await deskPage!.locator('[data-testid="settings-tunnel"]').count()).toBe(0);

    // Declined first: nothing happens.
    const messages: string[] = [];
    hubPage!.once('dialog', (dialog) => {
      messages.push(dialog.message());
      void dialog.dismiss();
    });
    await deskItem(hubPage!).getByTestId('revoke-desk').click();
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toMatch(new RegExp(`^Revogar Balcão ${deskId.slice(0, 8)}\\?`));
    expect(await deskItem(hubPage!).getAttribute('data-revoked')).toBe('false');

    hubPage!.once('dialog', (dialog) => void dialog.accept());
    const before = Date.now();
    await deskItem(hubPage!).getByTestId('revoke-desk').click();
    await expect.poll(() => deskItem(hubPage!).getAttribute('data-revoked'), { timeout: WAIT_MS }).toBe('true');
    const revokedAt = deskTimes(before, Date.now());
    const lines = await deskLines(hubPage!);
    expect(lines).toHaveLength(1);
    revokedLine = lines[0]!;
    const [name, facts, button] = revokedLine.split(' | ');
    expect(name).toBe(`Balcão ${deskId.slice(0, 8)}`);
    const [since, revoked] = facts!.split(' · ');
    expect(joinedAt.map((time) => `desde ${time}`)).toContain(since);
    expect(revokedAt.map((time) => `revogado em ${time}`)).toContain(revoked);
    expect(button).toBeUndefined();
    expect(await hubPage!.getByTestId('other-desks-state').innerText()).toBe(pt.otherDesksHubReady);
    expect(await lightOf(hubPage!)).toMatchObject({ text: pt.healthNoPublicAddress, state: 'degraded' });
    expect(await hubPage!.locator('.toasts').innerText()).toContain(pt.revokedDesk(`Balcão ${deskId.slice(0, 8)}`));
    // The code still shows: those not revoked, and new desks, still use it.
    expect(await hubPage!.getByTestId('join-code').inputValue()).toBe(hub!.service.fanout!.joinCode());

    const refused = describeFanoutReason('refused', 'pt-BR');
    await expect
      .poll(() => lightOf(deskPage!), { timeout: REFUSED_MS })
      .toEqual({
        text: pt.healthHubDisconnected,
        state: 'down',
        title: `${pt.healthHubDisconnected}\n${refused}`,
      });
    expect(await light(deskPage!).getAttribute('href')).toBe('#/settings/other-desks');
    expect(await deskPage!.getByTestId('other-desks-state').innerText()).toBe(pt.otherDesksDisconnected(refused));
    expect(satellite!.service.fanout!.status('pt-BR')).toMatchObject({ state: 'disconnected', reason: 'refused' });
  }, 60_000);

  it('still lists the desk as revoked after the hub restarts, with the same code; "Gerar novo código" replaces it', async () => {
    const code = await hubPage!.getByTestId('join-code').inputValue();
    await hubPage!.close();
    await hub!.service.close();
    hub = await startHub();
    hubPage = await openPanel(hubBrowser!, hub, '#/settings/other-desks');
    await deskItem(hubPage).waitFor({ timeout: WAIT_MS });
    // Word for word as before the restart: when it joined, when it was revoked, and no "Revogar".
    const lines = await deskLines(hubPage);
    expect(lines).toEqual([revokedLine]);
    expect(await deskItem(hubPage).getAttribute('data-revoked')).toBe('true');
    expect(await lightOf(hubPage)).toMatchObject({ text: pt.healthNoPublicAddress, state: 'degraded' });
    await expect.poll(() => hubPage!.getByTestId('join-code').inputValue(), { timeout: WAIT_MS }).toBe(code);
    expect(await hubPage.getByTestId('other-desks-state').innerText()).toBe(pt.otherDesksHubReady);

    hubPage.once('dialog', (dialog) => void dialog.accept());
    await hubPage.getByTestId('renew-join-code').click();
    await expect.poll(() => hubPage!.getByTestId('join-code').inputValue(), { timeout: WAIT_MS }).not.toBe(code);
    const renewed = await hubPage.getByTestId('join-code').inputValue();
    expect(renewed).toMatch(/^wdj1\./);
    expect(renewed).toBe(hub.service.fanout!.joinCode());
    expect(await hubPage.locator('.toasts').innerText()).toContain(pt.renewedJoinCode);
    expect(await deskLines(hubPage)).toEqual(lines);
    // The revoked satellite stays out, whatever the hub did meanwhile.
    expect(await lightOf(deskPage!)).toMatchObject({ text: pt.healthHubDisconnected, state: 'down' });
  }, 60_000);

  it('passes axe-core (WCAG 2.1 AA) on both desks’ "Outros balcões"', async () => {
    expect(await audit(hub!, '#/settings/other-desks')).toEqual([]);
    expect(await audit(satellite!, '#/settings/other-desks')).toEqual([]);
  }, 60_000);
});
