// The tunnel settings: what each preset needs, what the panel may see, and how a saved token survives a patch.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logger.js';
import { openSettingsStore } from '../../../main/core/settings/settings-store.js';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../shared/settings-schema.js';
import { toPublicTunnel, tunnelSettingsSchema, type TunnelSettings } from '../../../shared/tunnel-settings.js';
import { openPanel, rawRequest, type PanelSession } from '../../support/panel-client.js';
import { findBytes, makeTempDir, startTempService, type TempService } from '../../support/temp-service.js';

const TOKEN = 'eyJhIjoiY2xvdWRmbGFyZS10b2tlbi12YWx1ZS0xMjM0NSJ9';
const AUTHTOKEN = '2abcNgrokAuthtokenValue_0123456789xyz';
// Paths that do not exist: the service's tunnel finds no program and starts nothing.
const NO_CLOUDFLARED = '/nonexistent/wifire-test/cloudflared';
const NO_NGROK = '/nonexistent/wifire-test/ngrok';

const dirs: string[] = [];
const running: TempService[] = [];
function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The issue paths of a failed parse, joined with dots. */
function issuePaths(input: unknown): string[] {
  const parsed = tunnelSettingsSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => issue.path.map(String).join('.'));
}

describe('the tunnel schema', () => {
  it('defaults to no tunnel', () => {
    expect(DEFAULT_SETTINGS.tunnel).toEqual({ preset: 'none' });
    expect(settingsSchema.parse({}).tunnel).toEqual({ preset: 'none' });
  });

  it('refuses a named cloudflared tunnel without its token or hostname, naming each', () => {
    expect(issuePaths({ preset: 'cloudflared', mode: 'named' })).toEqual(['token', 'hostname']);
    expect(issuePaths({ preset: 'cloudflared', mode: 'named', hostname: 'hooks.example.com' })).toEqual(['token']);
    expect(issuePaths({ preset: 'cloudflared', mode: 'named', token: TOKEN })).toEqual(['hostname']);
    expect(issuePaths({ preset: 'cloudflared', mode: 'named', token: TOKEN, hostname: 'hooks.example.com' })).toEqual(
      [],
    );
  });

  it('accepts a quick cloudflared tunnel with nothing else', () => {
    expect(tunnelSettingsSchema.parse({ preset: 'cloudflared' })).toEqual({ preset: 'cloudflared', mode: 'quick' });
  });

  it('refuses an ssh server without its host or user', () => {
    expect(issuePaths({ preset: 'ssh', mode: 'server' })).toEqual(['host', 'user']);
    expect(issuePaths({ preset: 'ssh', mode: 'server', host: 'tunnel.example.com' })).toEqual(['user']);
    expect(issuePaths({ preset: 'ssh', mode: 'server', host: 'tunnel.example.com', user: 'wifire' })).toEqual([]);
  });

  it('refuses a user or host that ssh would read as an option', () => {
    const server = { preset: 'ssh', mode: 'server', host: 'tunnel.example.com', user: 'wifire' };
    expect(issuePaths({ ...server, user: '-oProxyCommand=touch /tmp/x' })).toEqual(['user']);
    expect(issuePaths({ ...server, user: '-l' })).toEqual(['user']);
    expect(issuePaths({ ...server, host: '-oProxyCommand=touch /tmp/x' })).toEqual(['host']);
    expect(issuePaths({ ...server, host: '-oProxyCommand=x' })).toEqual(['host']);
    expect(issuePaths({ ...server, host: '-example.com' })).toEqual(['host']);
  });

  it('accepts an ssh server given by IPv4, IPv6 or localhost', () => {
    for (const host of ['203.0.113.5', '2001:db8::10', 'localhost', 'Tunnel.Example.COM']) {
      expect(issuePaths({ preset: 'ssh', mode: 'server', host, user: 'wifire' }), host).toEqual([]);
    }
  });

  it('needs a URL pattern or a fixed public URL for a custom program', () => {
    expect(issuePaths({ preset: 'custom', command: 'bore' })).toEqual(['urlPattern']);
    expect(issuePaths({ preset: 'custom', command: 'bore', urlPattern: '(https://\\S+)' })).toEqual([]);
    expect(issuePaths({ preset: 'custom', command: 'bore', publicUrl: 'https://hooks.example.com' })).toEqual([]);
  });

  it('refuses a custom URL pattern that is not a valid regular expression', () => {
    expect(issuePaths({ preset: 'custom', command: 'bore', urlPattern: '(https://' })).toEqual(['urlPattern']);
    expect(issuePaths({ preset: 'custom', command: 'bore', urlPattern: '[' })).toEqual(['urlPattern']);
  });

  it('refuses a public address with a query, a fragment or another scheme', () => {
    expect(issuePaths({ preset: 'none', publicUrl: 'https://hooks.example.com/?a=1' })).toEqual(['publicUrl']);
    expect(issuePaths({ preset: 'none', publicUrl: 'https://hooks.example.com/#x' })).toEqual(['publicUrl']);
    expect(issuePaths({ preset: 'none', publicUrl: 'ftp://hooks.example.com' })).toEqual(['publicUrl']);
    expect(issuePaths({ preset: 'none', publicUrl: 'https://hooks.example.com/desk' })).toEqual([]);
  });

  it('refuses a token with spaces and an unknown preset', () => {
    expect(issuePaths({ preset: 'ngrok', authtoken: 'two words' })).toEqual(['authtoken']);
    expect(issuePaths({ preset: 'teleport' })).toEqual(['preset']);
  });
});

describe('the public view of the tunnel', () => {
  it('replaces the cloudflared token by hasToken', () => {
    const tunnel = tunnelSettingsSchema.parse({
      preset: 'cloudflared',
      mode: 'named',
      token: TOKEN,
      hostname: 'hooks.example.com',
    });
    const view = toPublicTunnel(tunnel);
    expect(view).toEqual({ preset: 'cloudflared', mode: 'named', hostname: 'hooks.example.com', hasToken: true });
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(toPublicTunnel({ preset: 'cloudflared', mode: 'quick' })).toMatchObject({ hasToken: false });
  });

  it('replaces the ngrok authtoken by hasAuthtoken', () => {
    const view = toPublicTunnel({ preset: 'ngrok', authtoken: AUTHTOKEN, domain: 'desk.ngrok.app' });
    expect(view).toEqual({ preset: 'ngrok', domain: 'desk.ngrok.app', hasAuthtoken: true });
    expect(JSON.stringify(view)).not.toContain(AUTHTOKEN);
    expect(toPublicTunnel({ preset: 'ngrok' })).toEqual({ preset: 'ngrok', hasAuthtoken: false });
  });
});

describe('the settings store', () => {
  const named: TunnelSettings = {
    preset: 'cloudflared',
    mode: 'named',
    token: TOKEN,
    hostname: 'hooks.example.com',
  };

  it('keeps the saved token when a patch for the same preset leaves it out', () => {
    const dir = tempDir();
    const store = openSettingsStore(dir, silentLogger);
    store.update({ tunnel: named });
    const next = store.update({ tunnel: { preset: 'cloudflared', mode: 'named', hostname: 'desk.example.com' } });
    expect(next.tunnel).toEqual({ ...named, hostname: 'desk.example.com' });
    expect(openSettingsStore(dir, silentLogger).get().tunnel).toEqual({ ...named, hostname: 'desk.example.com' });
  });

  it('keeps the saved ngrok authtoken when a patch leaves it out', () => {
    const store = openSettingsStore(tempDir(), silentLogger);
    store.update({ tunnel: { preset: 'ngrok', authtoken: AUTHTOKEN } });
    expect(store.update({ tunnel: { preset: 'ngrok', domain: 'desk.ngrok.app' } }).tunnel).toEqual({
      preset: 'ngrok',
      authtoken: AUTHTOKEN,
      domain: 'desk.ngrok.app',
    });
  });

  it('drops the token when the preset changes, so switching back does not bring it back', () => {
    const dir = tempDir();
    const store = openSettingsStore(dir, silentLogger);
    store.update({ tunnel: named });
    expect(store.update({ tunnel: { preset: 'ngrok' } }).tunnel).toEqual({ preset: 'ngrok' });
    expect(store.update({ tunnel: { preset: 'cloudflared', mode: 'quick' } }).tunnel).toEqual({
      preset: 'cloudflared',
      mode: 'quick',
    });
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).not.toContain(TOKEN);
  });

  it('salvages a config.json with a broken tunnel to no tunnel and keeps the other keys', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({
        locale: 'en',
        mutedTypes: ['cliente-conectou'],
        tunnel: { preset: 'cloudflared', mode: 'named', hostname: 'hooks.example.com' },
      }),
    );
    const settings = openSettingsStore(dir, silentLogger).get();
    expect(settings.tunnel).toEqual({ preset: 'none' });
    expect(settings.locale).toBe('en');
    expect(settings.mutedTypes).toEqual(['cliente-conectou']);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('config.json.invalid-'))).toHaveLength(1);
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(written.tunnel).toEqual({ preset: 'none' });
  });

  it('salvages a tunnel with an unknown preset the same way', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ locale: 'en', tunnel: { preset: 'teleport' } }));
    const settings = openSettingsStore(dir, silentLogger).get();
    expect(settings.tunnel).toEqual({ preset: 'none' });
    expect(settings.locale).toBe('en');
  });
});

describe('the tunnel over the bridge', () => {
  async function start(config?: Record<string, unknown>): Promise<{ t: TempService; panel: PanelSession }> {
    const t = await startTempService(config ? { config } : {});
    running.push(t);
    return { t, panel: await openPanel(t.service.panelUrl) };
  }

  /** The bridge's answer as the browser receives it: the raw text, before any parsing. */
  async function rawCall(panel: PanelSession, method: string, request?: unknown): Promise<string> {
    const answer = await rawRequest(`${panel.base}/panel/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: panel.cookie },
      body: JSON.stringify(request === undefined ? {} : { request }),
    });
    expect(answer.status, answer.text).toBe(200);
    return answer.text;
  }

  it('never sends the cloudflared token to the panel, only that one is saved', async () => {
    const { t, panel } = await start({
      tunnel: {
        preset: 'cloudflared',
        mode: 'named',
        token: TOKEN,
        hostname: 'hooks.example.com',
        binaryPath: NO_CLOUDFLARED,
      },
    });
    const text = await rawCall(panel, 'getSettings');
    expect(text).not.toContain(TOKEN);
    const view = JSON.parse(text) as { result: { settings: { tunnel: Record<string, unknown> } } };
    expect(view.result.settings.tunnel).toMatchObject({ preset: 'cloudflared', mode: 'named', hasToken: true });
    expect(view.result.settings.tunnel).not.toHaveProperty('token');
    expect(await rawCall(panel, 'getStatus')).not.toContain(TOKEN);
    expect(findBytes(path.join(t.dir, 'logs'), [TOKEN])).toEqual({});
  });

  it('never echoes a new ngrok authtoken in the answer to updateSettings, only hasAuthtoken', async () => {
    const { t, panel } = await start();
    const text = await rawCall(panel, 'updateSettings', {
      tunnel: { preset: 'ngrok', authtoken: AUTHTOKEN, binaryPath: NO_NGROK },
    });
    expect(text).not.toContain(AUTHTOKEN);
    const view = JSON.parse(text) as { result: { settings: { tunnel: Record<string, unknown> } } };
    expect(view.result.settings.tunnel).toEqual({ preset: 'ngrok', binaryPath: NO_NGROK, hasAuthtoken: true });
    expect(await rawCall(panel, 'getSettings')).not.toContain(AUTHTOKEN);
    expect(t.service.settings.get().tunnel).toMatchObject({ authtoken: AUTHTOKEN });
  });

  it('refuses a named cloudflared tunnel without a token, naming tunnel.token and echoing nothing sent', async () => {
    const { panel } = await start();
    const hostname = 'segredo-do-cliente.example.com';
    const answer = await panel.call('updateSettings', {
      tunnel: { preset: 'cloudflared', mode: 'named', hostname, binaryPath: NO_CLOUDFLARED },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('invalid_request');
    expect(answer.body.error?.issues?.map((issue) => issue.path)).toEqual(['tunnel.token']);
    expect(JSON.stringify(answer.body)).not.toContain(hostname);
    expect(JSON.stringify(answer.body)).not.toContain(NO_CLOUDFLARED);
    const after = (await panel.call('getSettings')).body.result as { settings: { tunnel: unknown } };
    expect(after.settings.tunnel).toEqual({ preset: 'none' });
  });

  it('refuses a token with spaces without echoing it', async () => {
    const { panel } = await start();
    const answer = await panel.call('updateSettings', {
      tunnel: { preset: 'ngrok', authtoken: 'meu token secreto' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.map((issue) => issue.path)).toEqual(['tunnel.authtoken']);
    expect(JSON.stringify(answer.body)).not.toContain('secreto');
  });
});
