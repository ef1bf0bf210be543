// The headless panel as a browser reaches it: who gets in, what comes back, and what is pushed live.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer, withBirthdayToday } from '../../../../main/headless/simulator/payloads.js';
import type { CustomerCard, FeedItem, FeedPage, SettingsView, Status } from '../../../../shared/bridge-contract.js';
import { PANEL_CSP, panelCookie } from '../../../../main/headless/panel-routes.js';
import { openPanel, rawRequest, type PanelSession } from '../../../support/panel-client.js';
import {
  makeTempDir,
  postTo,
  recordingBackend,
  startTempService,
  TEST_TOKEN,
  type TempService,
} from '../../../support/temp-service.js';

const running: TempService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.close()));
});

async function start(
  options: Parameters<typeof startTempService>[0] = {},
): Promise<{ t: TempService; panel: PanelSession }> {
  const t = await startTempService(options);
  running.push(t);
  return { t, panel: await openPanel(t.service.panelUrl) };
}

describe('who gets into the panel', () => {
  it('trades the Panel URL token for an HttpOnly, SameSite=Strict cookie and drops the token from the address', async () => {
    const t = await startTempService();
    running.push(t);
    const answer = await rawRequest(t.service.panelUrl);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/panel/');
    const cookie = answer.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(new URL(t.service.panelUrl).searchParams.get('token')!);

    const page = await rawRequest(`http://${new URL(t.service.panelUrl).host}/panel/`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>WiFire Desk</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives nothing without the cookie, with a wrong token, with the webhook secret or with a foreign Host', async () => {
    const { t, panel } = await start();
    const base = panel.base;
    for (const target of ['/panel/', '/panel/app.js', '/panel/api/events', '/panel?token=wrong-token-0123456789abc']) {
      expect((await rawRequest(`${base}${target}`)).status, target).toBe(404);
    }
    expect((await rawRequest(`${base}/panel?token=${TEST_TOKEN}`)).status).toBe(404);
    const api = await rawRequest(`${base}/panel/api/listFeed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(404);
    expect(api.text).not.toContain('items');

    // DNS rebinding: the right address and cookie, but the browser believes it talks to another site.
    const rebound = await rawRequest(`${base}/panel/`, { headers: { cookie: panel.cookie, host: 'evil.example:80' } });
    expect(rebound.status).toBe(404);
    const reboundToken = await rawRequest(t.service.panelUrl, { headers: { host: `evil.example:${t.service.port}` } });
    expect(reboundToken.status).toBe(404);
    // Another site's page posting with the user's cookie (were SameSite ever bypassed) is refused by Origin.
    const foreign = await panel.call('getStatus', undefined, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(404);
    // No CORS: a preflight gets the same 404 and no Access-Control header.
    const preflight = await rawRequest(`${base}/panel/api/getStatus`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    // And the panel token does not accept webhooks.
    const token = new URL(t.service.panelUrl).searchParams.get('token')!;
    const hook = t.service.webhookUrl.replace(TEST_TOKEN, token);
    expect((await postTo(hook, buildPayload('cliente-chegou', fakeCustomer(1)))).status).toBe(404);
  });
});

/** What Chromium sends when a person opens an address (a bookmark, the address bar). */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const THIRTY_DAYS_S = 30 * 24 * 60 * 60;

function attributesOf(setCookie: string): Map<string, string> {
  return new Map(
    setCookie
      .split(';')
      .slice(1)
      .map((part) => {
        const [key, ...value] = part.trim().split('=');
        return [key!.toLowerCase(), value.join('=')] as const;
      }),
  );
}

describe('a browser that comes back without the Panel URL', () => {
  it('keeps the panel cookie for 30 days, HttpOnly, SameSite=Strict, on /panel only and on this host only', async () => {
    const t = await startTempService();
    running.push(t);
    const before = Date.now();
    const setCookie = (await rawRequest(t.service.panelUrl)).headers['set-cookie']?.[0] ?? '';
    const attributes = attributesOf(setCookie);
    expect(attributes.get('max-age')).toBe(String(THIRTY_DAYS_S));
    const expires = Date.parse(attributes.get('expires') ?? '');
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + THIRTY_DAYS_S * 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + THIRTY_DAYS_S * 1000);
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')).toBe('Strict');
    expect(attributes.get('path')).toBe('/panel');
    expect(attributes.has('domain')).toBe(false);
  });

  it('starts the 30 days again each time the panel opens, and not when a script or the API is fetched', async () => {
    const { panel } = await start();
    const page = await rawRequest(`${panel.base}/panel/`, {
      headers: { cookie: panel.cookie, accept: BROWSER_ACCEPT },
    });
    expect(page.status).toBe(200);
    const renewed = page.headers['set-cookie']?.[0] ?? '';
    expect(renewed.split(';')[0]).toBe(panel.cookie);
    expect(attributesOf(renewed).get('max-age')).toBe(String(THIRTY_DAYS_S));
    const script = await rawRequest(`${panel.base}/panel/app.js`, { headers: { cookie: panel.cookie } });
    expect(script.status).toBe(200);
    expect(script.headers['set-cookie']).toBeUndefined();
  });

  it('keeps a cookie only until the browser closes when the panel is served beyond loopback', () => {
    expect(panelCookie('t'.repeat(32), '127.0.0.1:4560')).toMatch(/Max-Age=2592000/);
    expect(panelCookie('t'.repeat(32), '[::1]:4560')).toMatch(/Max-Age=2592000/);
    const lan = panelCookie('t'.repeat(32), '192.168.0.10:4560');
    expect(lan).not.toMatch(/Max-Age|Expires/);
    expect(lan).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('answers a bookmark of the panel without the cookie with a page in pt-BR and English on how to open it again', async () => {
    const t = await startTempService();
    running.push(t);
    const base = new URL(t.service.panelUrl).origin;
    const token = new URL(t.service.panelUrl).searchParams.get('token')!;
    for (const target of ['/panel/', '/panel', '/panel/index.html', '/panel?token=an-old-token-0123456789ab']) {
      const answer = await rawRequest(`${base}${target}`, { headers: { accept: BROWSER_ACCEPT } });
      expect(answer.status, target).toBe(404);
      expect(answer.headers['content-type'], target).toBe('text/html; charset=utf-8');
      expect(answer.headers['content-security-policy'], target).toBe(PANEL_CSP);
      expect(answer.headers['cache-control'], target).toBe('no-store');
      expect(answer.headers.vary, target).toMatch(/Accept/);
      expect(answer.headers['set-cookie'], target).toBeUndefined();
      expect(answer.text).toContain('<html lang="pt-BR">');
      expect(answer.text.match(/<h1>/g)).toHaveLength(1);
      expect(answer.text).toContain('Como abrir o painel de novo');
      expect(answer.text).toContain('<section lang="en">');
      expect(answer.text).toContain('How to open the panel again');
      expect(answer.text).toContain('npm run headless -- --print-panel-url');
      expect(answer.text).not.toMatch(/<script|style=|<style/);
      expect(answer.text).not.toContain(token);
      expect(answer.text).not.toContain(TEST_TOKEN);
      expect(answer.text).not.toContain(t.dir);
    }
  });

  it('keeps the bare JSON 404 for the API, the event stream, scripts, fetch and curl, and a foreign Host', async () => {
    const t = await startTempService();
    running.push(t);
    const base = new URL(t.service.panelUrl).origin;
    const cases: Array<[string, Record<string, string>, string?]> = [
      ['/panel/api/listFeed', { accept: BROWSER_ACCEPT, 'content-type': 'application/json' }, 'POST'],
      ['/panel/api/events', { accept: BROWSER_ACCEPT }],
      ['/panel/api/events', { accept: 'text/event-stream' }],
      ['/panel/app.js', { accept: BROWSER_ACCEPT }],
      ['/panel/', { accept: '*/*' }],
      ['/panel/', {}],
      ['/panel/', { accept: 'application/json' }],
      ['/panel/', { accept: BROWSER_ACCEPT, host: `evil.example:${t.service.port}` }],
      ['/hooks/wrong-secret', { accept: BROWSER_ACCEPT }],
      ['/nothing-here', { accept: BROWSER_ACCEPT }],
    ];
    for (const [target, headers, method] of cases) {
      const answer = await rawRequest(`${base}${target}`, { method, headers, body: method ? '{}' : undefined });
      const label = `${method ?? 'GET'} ${target} ${JSON.stringify(headers)}`;
      expect(answer.status, label).toBe(404);
      expect(answer.headers['content-type'], label).toBe('application/json; charset=utf-8');
      expect(JSON.parse(answer.text), label).toEqual({ ok: false, error: 'not_found' });
    }
  });

  it('opens the panel with the old cookie after a restart, and no longer once the panel token has changed', async () => {
    const dir = makeTempDir();
    const first = await startTempService({ dir });
    const cookie = (await openPanel(first.service.panelUrl)).cookie;
    const oldUrl = first.service.panelUrl;
    await first.service.close();

    // The next morning: the service starts again on the same folder and keeps its token, so the cookie still works.
    const second = await startTempService({ dir });
    const origin = (s: TempService): string => new URL(s.service.panelUrl).origin;
    expect(new URL(second.service.panelUrl).searchParams.get('token')).toBe(new URL(oldUrl).searchParams.get('token'));
    const kept = await rawRequest(`${origin(second)}/panel/`, { headers: { cookie, accept: BROWSER_ACCEPT } });
    expect(kept.status).toBe(200);
    expect(kept.text).toContain('<title>WiFire Desk</title>');
    await second.service.close();

    // A new token (the key removed from config.json while stopped) voids every cookie made from the old one.
    const configFile = path.join(dir, 'config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    delete config.panelToken;
    fs.writeFileSync(configFile, JSON.stringify(config));
    const third = await startTempService({ dir });
    running.push(third);
    const newToken = new URL(third.service.panelUrl).searchParams.get('token');
    expect(newToken).not.toBe(new URL(oldUrl).searchParams.get('token'));

    const page = await rawRequest(`${origin(third)}/panel/`, { headers: { cookie, accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(404);
    expect(page.text).toContain('How to open the panel again');
    expect(page.text).not.toContain('<title>WiFire Desk</title>');
    const api = await rawRequest(`${origin(third)}/panel/api/getStatus`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(404);
    expect(JSON.parse(api.text)).toEqual({ ok: false, error: 'not_found' });
    expect((await rawRequest(`${origin(third)}/panel/api/events`, { headers: { cookie } })).status).toBe(404);
    // The old Panel URL, bookmarked with its token, gets the same help page; the new one opens the panel.
    const oldLink = await rawRequest(`${origin(third)}/panel?token=${new URL(oldUrl).searchParams.get('token')}`, {
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(oldLink.status).toBe(404);
    expect(oldLink.text).toContain('Como abrir o painel de novo');
    const fresh = await openPanel(third.service.panelUrl);
    expect(fresh.cookie).not.toBe(cookie);
    expect((await fresh.call('listFeed', {})).status).toBe(200);
  });
});

describe('the bridge over HTTP', () => {
  it('lists the feed newest first with texts in pt-BR and the unread count', async () => {
    const { t, panel } = await start();
    await t.post(buildPayload('cliente-chegou', fakeCustomer(1)));
    await t.post(buildPayload('cliente-avaliou-negativamente', fakeCustomer(2)));
    const { status, body } = await panel.call('listFeed', {});
    expect(status).toBe(200);
    const page = body.result as FeedPage;
    expect(page.total).toBe(2);
    expect(page.unread).toBe(2);
    expect(page.items.map((i) => i.type)).toEqual(['cliente-avaliou-negativamente', 'cliente-chegou']);
    expect(page.items[0]!.title).toBe('Avaliação negativa');
    expect(page.items[0]!.priority).toBe('urgent');
    expect(page.items[1]!.customerName).toBe(fakeCustomer(1).name);
  });

  it('filters by category, type, establishment, day and a name typed without accents', async () => {
    const { t, panel } = await start();
    const joao = { ...fakeCustomer(3), name: 'João Conceição' };
    await t.post(buildPayload('cliente-chegou', joao));
    await t.post(buildPayload('cliente-conectou', fakeCustomer(4)));
    await t.post(buildPayload('um-tipo-novo', fakeCustomer(5)));
    const types = async (query: object): Promise<string[]> =>
      ((await panel.call('listFeed', query)).body.result as FeedPage).items.map((i) => i.type);
    expect(await types({ categories: ['connection'] })).toEqual(['cliente-conectou']);
    expect(await types({ categories: ['engagement'] })).toEqual(['um-tipo-novo']);
    expect(await types({ types: ['cliente-chegou'] })).toEqual(['cliente-chegou']);
    expect(await types({ search: 'JOAO conceicao' })).toEqual(['cliente-chegou']);
    expect(await types({ search: 'ninguém' })).toEqual([]);
    expect(await types({ establishmentIds: ['outro-lugar'] })).toEqual([]);
    expect(await types({ fromDay: '2000-01-01', toDay: '2000-01-02' })).toEqual([]);
    expect((await types({ fromDay: '2000-01-01' })).length).toBe(3);
  });

  it('pages through the feed with beforeId without repeating or skipping an event', async () => {
    const { t, panel } = await start();
    for (let n = 0; n < 7; n++) await t.post(buildPayload('cliente-conectou', fakeCustomer(10 + n)));
    const seen: string[] = [];
    let beforeId: string | null | undefined;
    do {
      const page = (await panel.call('listFeed', { limit: 3, ...(beforeId ? { beforeId } : {}) })).body
        .result as FeedPage;
      seen.push(...page.items.map((i) => i.id));
      beforeId = page.nextBeforeId;
    } while (beforeId);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
  });

  it('refuses a malformed request with the paths at fault and without echoing what was sent', async () => {
    const { panel } = await start();
    const bad = await panel.call('listFeed', { limit: 'Maria Silva 123.456.789-00' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('invalid_request');
    expect(bad.body.error?.issues?.[0]?.path).toBe('limit');
    expect(JSON.stringify(bad.body)).not.toContain('Maria');
    const unknown = await panel.call('dropDatabase', {});
    expect(unknown.status).toBe(404);
    const wrongType = await rawRequest(`${panel.base}/panel/api/getStatus`, {
      method: 'POST',
      headers: { cookie: panel.cookie, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
  });

  it('shows the customer card with the birthday flag, the kept contact and the history, but not CPF or RG', async () => {
    const { t, panel } = await start();
    const customer = withBirthdayToday(fakeCustomer(6));
    await t.post(buildPayload('cliente-aniversariante-chegou', customer));
    await t.post(buildPayload('cliente-avaliou-positivamente', customer));
    const card = (await panel.call('getCustomer', { customerId: customer.id })).body.result as CustomerCard;
    expect(card.name).toBe(customer.name);
    expect(card.birthdayToday).toBe(true);
    expect(card.visitCount).toBe(1);
    expect(card.lastRating?.band).toBe('promoter');
    expect(card.contact).toEqual({ email: customer.email, phone: customer.phone, cpf: null, rg: null });
    expect(card.history.map((i) => i.type)).toEqual(['cliente-avaliou-positivamente', 'cliente-aniversariante-chegou']);
    expect((await panel.call('getCustomer', { customerId: 'nobody' })).body.result).toBeNull();
  });

  it('shows the photo main fetched, as a data URL, and deletes its file when the customer is removed', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const fetched: string[] = [];
    const { t, panel } = await start({
      photoFetch: async (url) => {
        fetched.push(url);
        return { mime: 'image/png', bytes: png };
      },
    });
    const customer = { ...fakeCustomer(7), image: 'https://fotos.exemplo.com.br/clientes/7.png' };
    await t.post(buildPayload('cliente-chegou', customer));
    const photo = (await panel.call('getPhoto', { customerId: customer.id })).body.result as { dataUrl: string };
    expect(photo.dataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(fetched).toEqual([customer.image]);
    const photosDir = path.join(t.dir, 'photos');
    expect(fs.readdirSync(photosDir)).toHaveLength(1);
    expect(fs.readdirSync(photosDir)[0]).not.toContain(customer.id);

    await t.post(buildPayload('cliente-removeu-conta', customer));
    expect(fs.readdirSync(photosDir)).toEqual([]);
    expect((await panel.call('getPhoto', { customerId: customer.id })).body.result).toBeNull();
  });

  it('marks events read one by one and all at once, and pushes the new unread count', async () => {
    const { t, panel } = await start();
    for (let n = 0; n < 3; n++) await t.post(buildPayload('cliente-conectou', fakeCustomer(20 + n)));
    const stream = await panel.stream();
    const first = ((await panel.call('listFeed', {})).body.result as FeedPage).items[0]!;
    expect((await panel.call('markRead', { ids: [first.id] })).body.result).toEqual({ unread: 2 });
    expect((await stream.next((e) => e.event === 'eventsRead')).data).toEqual({ ids: [first.id], unread: 2 });
    expect((await panel.call('markRead', { all: true, upToId: first.id })).body.result).toEqual({ unread: 0 });
    const page = (await panel.call('listFeed', {})).body.result as FeedPage;
    expect(page.items.every((i) => i.read)).toBe(true);
    expect(page.unread).toBe(0);
    stream.close();
  });

  it('applies settings at once and keeps muted types under mutedTypes in config.json', async () => {
    const { t, panel } = await start();
    const view = (await panel.call('updateSettings', { mutedTypes: ['cliente-conectou'], locale: 'en' })).body
      .result as SettingsView;
    expect(view.settings.mutedTypes).toEqual(['cliente-conectou']);
    expect(view).not.toHaveProperty('settings.webhookSecret');
    expect(view).not.toHaveProperty('settings.panelToken');
    const config = JSON.parse(fs.readFileSync(path.join(t.dir, 'config.json'), 'utf8')) as { mutedTypes: string[] };
    expect(config.mutedTypes).toEqual(['cliente-conectou']);
    await t.post(buildPayload('cliente-conectou', fakeCustomer(30)));
    await t.post(buildPayload('cliente-chegou', fakeCustomer(31)));
    await t.service.notifier.idle();
    expect(t.popUps.map((p) => p.type)).toEqual(['cliente-chegou']);
    expect(t.popUps[0]!.title).toBe('Customer on site');
    const page = (await panel.call('listFeed', {})).body.result as FeedPage;
    expect(page.items.map((i) => i.type)).toEqual(['cliente-chegou', 'cliente-conectou']);
    const bad = await panel.call('updateSettings', { privacy: { retentionDays: 0 } });
    expect(bad.status).toBe(400);
  });

  it('holds pop-ups while snoozed and lists the events anyway', async () => {
    const { t, panel } = await start();
    const status = (await panel.call('snooze', { minutes: 60 })).body.result as Status;
    expect(status.snoozedUntil).toBeGreaterThan(Date.now() + 59 * 60_000);
    await t.post(buildPayload('cliente-avaliou-negativamente', fakeCustomer(40)));
    await t.service.notifier.idle();
    expect(t.popUps).toHaveLength(0);
    expect(((await panel.call('listFeed', {})).body.result as FeedPage).total).toBe(1);
    // Lifting the snooze brings back the one event it held, as itself; what comes next pops up as usual.
    await panel.call('snooze', { minutes: 0 });
    await t.post(buildPayload('cliente-avaliou-negativamente', fakeCustomer(41)));
    await t.service.notifier.idle();
    expect(t.popUps.map((popUp) => popUp.title)).toEqual(['Avaliação negativa', 'Avaliação negativa']);
    expect(t.popUps[0]!.body).toContain(fakeCustomer(40).name.split(' ')[0]);
    expect(t.popUps[1]!.body).toContain(fakeCustomer(41).name.split(' ')[0]);
  });

  it('regenerates the webhook secret: the old URL stops working and the new one is stored', async () => {
    const { t, panel } = await start({ env: {} });
    const oldUrl = t.service.webhookUrl;
    const view = (await panel.call('regenerateWebhookSecret')).body.result as SettingsView;
    expect(view.webhookUrl).not.toBe(oldUrl);
    expect((await postTo(oldUrl, buildPayload('cliente-chegou', fakeCustomer(50)))).status).toBe(404);
    expect((await postTo(view.webhookUrl, buildPayload('cliente-chegou', fakeCustomer(50)))).status).toBe(200);
  });

  it('will not regenerate a secret that WIFIRE_DESK_TOKEN supplies', async () => {
    const { t, panel } = await start();
    const answer = await panel.call('regenerateWebhookSecret');
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toContain('WIFIRE_DESK_TOKEN');
    expect(t.service.webhookUrl.endsWith(TEST_TOKEN)).toBe(true);
  });

  it('sends a test notification through the backend, and says what to check when it fails', async () => {
    const { t, panel } = await start();
    expect((await panel.call('sendTestNotification')).body.result).toEqual({ ok: true, backend: 'recording' });
    expect(t.popUps.map((p) => p.type)).toEqual(['teste']);

    const failing = await start({
      backend: {
        name: 'broken',
        show: () => Promise.reject(Object.assign(new Error('x'), { code: 'no_notification_daemon' })),
      },
    });
    const result = (await failing.panel.call('sendTestNotification')).body.result as { ok: boolean; hint: string };
    expect(result.ok).toBe(false);
    expect(result.hint).toMatch(/serviço de notificações/);
  });
});

describe('live pushes over the event stream', () => {
  it('pushes the status first, then a new event within a second of its delivery', async () => {
    const { t, panel } = await start();
    const stream = await panel.stream();
    const status = (await stream.next((e) => e.event === 'status')).data as Status;
    expect(status.listening).toBe(true);
    const customer = withBirthdayToday(fakeCustomer(60));
    await t.post(buildPayload('cliente-aniversariante-chegou', customer));
    const added = (await stream.next((e) => e.event === 'eventAdded', 1000)).data as FeedItem;
    expect(added.customerName).toBe(customer.name);
    expect(added.body).toContain('aniversário');
    stream.close();
  });

  it('pushes a removal so open views drop the customer, and an update with the rewritten rows', async () => {
    const { t, panel } = await start();
    const stream = await panel.stream();
    const gone = fakeCustomer(61);
    const renamed = fakeCustomer(62);
    await t.post(buildPayload('cliente-chegou', gone));
    await t.post(buildPayload('cliente-conectou', renamed));
    await t.post(buildPayload('cliente-removeu-conta', gone));
    expect((await stream.next((e) => e.event === 'customerPurged')).data).toEqual({ customerId: gone.id, unread: 1 });
    await t.post(buildPayload('cliente-atualizou-conta', { ...renamed, name: 'Zuleica Nova' }));
    const updated = (await stream.next((e) => e.event === 'customerUpdated')).data as {
      customerId: string;
      items: FeedItem[];
    };
    expect(updated.customerId).toBe(renamed.id);
    expect(updated.items[0]!.customerName).toBe('Zuleica Nova');
    expect(updated.items[0]!.title + updated.items[0]!.body).not.toContain(renamed.name.split(' ')[0]!);
    stream.close();
  });

  it('pushes changed settings to every open view', async () => {
    const { panel } = await start();
    const stream = await panel.stream();
    await panel.call('updateSettings', { locale: 'en' });
    const changed = (await stream.next((e) => e.event === 'settingsChanged')).data as SettingsView;
    expect(changed.settings.locale).toBe('en');
    stream.close();
  });

  it('ends open event streams when the service stops', async () => {
    const t = await startTempService({ backend: recordingBackend([]) });
    const panel = await openPanel(t.service.panelUrl);
    const stream = await panel.stream();
    await stream.next((e) => e.event === 'status');
    await t.close();
    await stream.ended;
    const last = stream.events.at(-1)!;
    expect(last.event).toBe('status');
    expect((last.data as Status).listening).toBe(false);
  });
});
