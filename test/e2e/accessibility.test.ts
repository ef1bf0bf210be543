// WCAG 2.1 AA: axe-core in Debian's Chromium on every view of the real panel, served by the real headless service.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, EVENT_TYPES, isLgpdType } from '../../shared/catalog.js';
import {
  buildPayload,
  fakeCustomer,
  withBirthdayToday,
  type FakeCustomer,
} from '../../main/headless/simulator/payloads.js';
import { launchChromium } from '../support/chromium.js';
import { post, startHeadless, WAIT_MS, type HeadlessService } from '../support/e2e-headless.js';
import { startNotificationSession, type NotificationSession } from '../support/notification-session.js';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const BLOCKING: readonly ImpactValue[] = ['critical', 'serious'];
const TRAY = { width: 380, height: 560 };
const MUTED_TYPE = 'cliente-curtiu';

interface Finding {
  rule: string;
  impact: ImpactValue | null;
  targets: string[];
}

/** Selectors only, with every attribute value but our own test hooks blanked: a report never quotes a customer. */
function safeTarget(selector: string): string {
  return selector.replace(/\[(?!data-testid|data-list|data-priority)([\w-]+)="[^"]*"\]/g, '[$1="…"]');
}

async function audit(page: Page): Promise<Finding[]> {
  // The page's CSP (script-src 'self') refuses an injected script: only this test's context bypasses it.
  await page.addScriptTag({ content: AXE_SOURCE });
  const options = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  const results = await page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? null,
    targets: violation.nodes.map((node) => safeTarget(node.target.map(String).join(' > '))),
  }));
}

/** One line per rule: impact, id, how many elements, and the first few selectors. */
function report(findings: Finding[]): string {
  const line = (f: Finding): string =>
    `${f.impact ?? '?'} ${f.rule} ×${f.targets.length}: ${f.targets.slice(0, 3).join(', ')}${f.targets.length > 3 ? ', …' : ''}`;
  return findings.map(line).join('\n') || '(none)';
}

/** The longest pt-BR title a stored event can carry: LGPD types are never listed. */
const LONGEST_TYPE = EVENT_TYPES.filter((type) => !isLgpdType(type)).reduce((a, b) =>
  CATALOG[b].texts['pt-BR'].title.length > CATALOG[a].texts['pt-BR'].title.length ? b : a,
);

/** A typical three-part name, the longest among the first made-up customers. */
function longNamedCustomer(): FakeCustomer {
  let longest = fakeCustomer(300);
  for (let n = 301; n < 400; n++) {
    const customer = fakeCustomer(n);
    if (customer.name.length > longest.name.length) longest = customer;
  }
  return longest;
}

describe('accessibility of every panel view (axe-core, WCAG 2.1 AA)', () => {
  let session: NotificationSession | undefined;
  let service: HeadlessService | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let setupError: unknown;
  const long = longNamedCustomer();
  const birthday = withBirthdayToday(fakeCustomer(201));

  beforeAll(async () => {
    try {
      session = await startNotificationSession();
      // Quiet all week (urgent ones still pop up) and one muted type: both "silenciado" marks are on screen.
      const quietHours = [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '00:00' }];
      service = await startHeadless({ ...session.env }, { mutedTypes: [MUTED_TYPE], quietHours });
      const events: Array<[string, FakeCustomer]> = [
        ['cliente-chegou', fakeCustomer(202)],
        ['cliente-tirou-foto', fakeCustomer(203)],
        [MUTED_TYPE, fakeCustomer(204)],
        ['cliente-frequente-chegou', fakeCustomer(205)],
        ['cliente-conectou', fakeCustomer(206)],
        ['cliente-sorteado', fakeCustomer(207)],
        ['cliente-avaliou-negativamente', fakeCustomer(208)],
        ['cliente-fez-algo-novo', fakeCustomer(209)],
        ['cliente-aniversariante-chegou', birthday],
        [LONGEST_TYPE, long],
      ];
      for (const [type, customer] of events) {
        const answer = await post(service.webhookUrl, buildPayload(type, customer));
        if (answer.status !== 200) throw new Error(`${type} was answered ${answer.status}`);
      }
      browser = await launchChromium();
      context = await browser.newContext({
        viewport: { width: 1100, height: 750 },
        locale: 'pt-BR',
        // Only here: axe-core is injected as an inline script, which the panel's CSP rightly refuses.
        bypassCSP: true,
      });
    } catch (error) {
      setupError = error;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    try {
      if (service) expect(await service.terminate()).toEqual({ code: 0, signal: null });
    } finally {
      await session?.stop();
    }
  });

  function stack(): { app: HeadlessService; context: BrowserContext } {
    if (setupError !== undefined || !service || !context) throw setupError ?? new Error('the stack did not start');
    return { app: service, context };
  }

  async function open(route: string, viewport?: { width: number; height: number }): Promise<Page> {
    const { app, context } = stack();
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(app.panelUrl);
    await page.goto(`${new URL(page.url()).origin}/panel/${route}`);
    return page;
  }

  async function expectNoBlockingViolations(page: Page, view: string): Promise<void> {
    // Wait for transitions to end so contrast is measured on the colours a person sees.
    await page.evaluate('Promise.all(document.getAnimations().map((animation) => animation.finished)).then(() => 0)');
    const findings = await audit(page);
    const blocking = findings.filter((f) => f.impact !== null && BLOCKING.includes(f.impact));
    if (blocking.length > 0) console.error(`${view}: axe-core found\n${report(findings)}`);
    expect(report(blocking), view).toBe('(none)');
  }

  it('finds no critical or serious violation in the feed', async () => {
    const page = await open('#/feed');
    await page.locator(`[data-testid="feed-row"][data-customer-id="${long.id}"]`).waitFor({ timeout: WAIT_MS });
    await expectNoBlockingViolations(page, 'feed');
    await page.close();
  });

  it('finds no critical or serious violation in a customer card', async () => {
    const page = await open(`#/customer/${encodeURIComponent(birthday.id)}`);
    await page.getByTestId('history-row').first().waitFor({ timeout: WAIT_MS });
    await expectNoBlockingViolations(page, 'customer card');
    await page.close();
  });

  it('finds no critical or serious violation in the tray at its real size', async () => {
    const page = await open('#/tray', TRAY);
    await page.getByTestId('feed-row').first().waitFor({ timeout: WAIT_MS });
    await expectNoBlockingViolations(page, 'tray');
    await page.close();
  });

  it('shows a long three-part name and the longest title whole in the tray at 380×560', async () => {
    const page = await open('#/tray', TRAY);
    const row = page.locator(`[data-testid="feed-row"][data-customer-id="${long.id}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    const size = (el: { scrollWidth: number; clientWidth: number }) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
    });
    const name = await row.getByTestId('row-who').evaluate(size);
    const tag = await row.getByTestId('row-tag').evaluate(size);
    expect(await row.getByTestId('row-who').innerText()).toBe(long.name);
    expect(await row.getByTestId('row-tag').innerText()).toBe(CATALOG[LONGEST_TYPE].texts['pt-BR'].title);
    expect(name.scroll, 'the name is cut').toBeLessThanOrEqual(name.client);
    expect(tag.scroll, 'the title is cut').toBeLessThanOrEqual(tag.client);
    await page.close();
  });

  it('marks a muted type "silenciado", one that came in quiet hours "em horário de silêncio", an urgent one neither', async () => {
    const page = await open('#/tray', TRAY);
    const rowOf = (n: number) => page.locator(`[data-testid="feed-row"][data-customer-id="${fakeCustomer(n).id}"]`);
    await rowOf(204).waitFor({ timeout: WAIT_MS });
    expect(await rowOf(204).getByTestId('row-silenced').innerText()).toBe('silenciado');
    expect(await rowOf(205).getByTestId('row-silenced').innerText()).toBe('em horário de silêncio');
    expect(await rowOf(208).getByTestId('row-silenced').count()).toBe(0);
    await page.close();
  });

  it('finds no critical or serious violation in the settings', async () => {
    const page = await open('#/settings');
    // Once a control is drawn, the settings have loaded (the sections themselves are being reworked).
    await page.getByTestId('settings').locator('input').first().waitFor({ timeout: WAIT_MS });
    await expectNoBlockingViolations(page, 'settings');
    await page.close();
  });

  it('finds no critical or serious violation in the delivery log', async () => {
    const page = await open('#/deliveries');
    await page.getByTestId('delivery-row').first().waitFor({ timeout: WAIT_MS });
    await expectNoBlockingViolations(page, 'deliveries');
    await page.close();
  });

  it('finds no critical or serious violation with one delivery opened', async () => {
    const page = await open('#/deliveries');
    await page.getByTestId('delivery-open').first().click();
    await page.getByTestId('delivery-payload').waitFor({ timeout: WAIT_MS });
    await expectNoBlockingViolations(page, 'opened delivery');
    await page.close();
  });
});
