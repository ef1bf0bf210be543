import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SettingsPatch } from '../../../shared/settings-schema.js';
import type { TunnelSettingsInput } from '../../../shared/tunnel-settings.js';
import {
  FakeBridge,
  SECRET,
  makeItems,
  makeSettingsView,
  makeStatus,
  makeTunnelStatus,
} from '../support/fake-bridge.js';
import { byTestId, mountApp, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  vi.unstubAllGlobals();
  mounted?.destroy();
  mounted = null;
});

const OFF = makeStatus({
  tunnel: makeTunnelStatus({ preset: 'none', state: 'off', publicUrl: null, lastReachableAt: null }),
});

async function openTunnel(options: { tunnel?: TunnelSettingsInput; status?: ReturnType<typeof makeStatus> } = {}) {
  const fake = new FakeBridge({ items: makeItems(2), status: options.status ?? OFF });
  if (options.tunnel) fake.setTunnel(options.tunnel);
  mounted = await mountApp(fake, '#/settings');
  return { ...mounted, section: () => byTestId(mounted!.root, 'settings-tunnel') };
}

/** The tunnel fields on screen, by name, in the order a user reads them. */
function fieldsShown(root: ParentNode): string[] {
  return [...byTestId(root, 'settings-tunnel').querySelectorAll<HTMLElement>('[data-testid^="tunnel-field-"]')]
    .map((element) => /^tunnel-field-([A-Za-z]+)$/.exec(element.dataset['testid'] ?? '')?.[1])
    .filter((name): name is string => name !== undefined);
}

function choosePreset(root: ParentNode, preset: string): void {
  const select = byTestId<HTMLSelectElement>(root, 'tunnel-preset');
  select.value = preset;
  select.dispatchEvent(new Event('change'));
}

function type(root: ParentNode, name: string, value: string): void {
  const input = byTestId<HTMLInputElement | HTMLTextAreaElement>(root, `tunnel-field-${name}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function field(root: ParentNode, name: string): HTMLInputElement {
  return byTestId<HTMLInputElement>(root, `tunnel-field-${name}`);
}

function tunnelPatches(fake: FakeBridge): SettingsPatch['tunnel'][] {
  return (fake.callsOf('updateSettings') as SettingsPatch[]).map((patch) => patch.tunnel);
}

async function save(mountedApp: Mounted): Promise<void> {
  byTestId<HTMLButtonElement>(mountedApp.root, 'tunnel-save').click();
  await mountedApp.settle();
}

describe('settings: the tunnel section', () => {
  it('shows "Túnel" with no tunnel running, and the light is amber "Sem endereço público", not green', async () => {
    const { root, section } = await openTunnel();
    expect(section().querySelector('h2')!.textContent).toBe('Túnel');
    expect(section().textContent).toContain('Como o WiFire chega a este computador');
    expect(byTestId<HTMLSelectElement>(root, 'tunnel-preset').value).toBe('none');
    expect(byTestId(root, 'tunnel-state').textContent).toBe(
      'Sem túnel: o WiFire ainda não chega a este computador. Escolha um túnel abaixo, ou informe o endereço público que você já tem.',
    );
    expect(byTestId(root, 'connection').dataset['state']).toBe('degraded');
    expect(byTestId(root, 'connection').textContent).toBe('Sem endereço público');
    expect(section().querySelector('[data-testid="public-url"]')).toBeNull();
  });

  it('lists the presets with the labels the README uses', async () => {
    const { root } = await openTunnel();
    const options = [...byTestId<HTMLSelectElement>(root, 'tunnel-preset').options].map((o) => o.textContent);
    expect(options).toEqual([
      'Nenhum — já tenho um endereço público',
      'Cloudflare Tunnel (cloudflared)',
      'ngrok',
      'SSH',
      'Outro programa',
    ]);
  });

  it("shows each preset's own fields, and each mode's", async () => {
    const { root, section } = await openTunnel();
    expect(fieldsShown(root)).toEqual(['publicUrl']);
    expect(section().textContent).toContain('Endereço público');

    choosePreset(root, 'cloudflared');
    expect(fieldsShown(root)).toEqual(['mode', 'binaryPath']);
    expect(byTestId<HTMLInputElement>(root, 'tunnel-field-mode-quick').checked).toBe(true);
    expect(section().textContent).toContain('Rápido (endereço novo a cada início)');
    byTestId<HTMLInputElement>(root, 'tunnel-field-mode-named').click();
    expect(fieldsShown(root)).toEqual(['mode', 'token', 'hostname', 'binaryPath']);
    expect(section().textContent).toContain('Token do túnel');
    expect(section().textContent).toContain('Nome público (hostname)');
    expect(section().textContent).toContain('Caminho do programa (opcional)');

    choosePreset(root, 'ngrok');
    expect(fieldsShown(root)).toEqual(['authtoken', 'domain', 'binaryPath']);
    expect(section().textContent).toContain('Authtoken (opcional)');
    expect(section().textContent).toContain('Domínio reservado (opcional)');

    choosePreset(root, 'ssh');
    expect(fieldsShown(root)).toEqual(['mode', 'service', 'binaryPath']);
    const services = [...byTestId<HTMLSelectElement>(root, 'tunnel-field-service').options].map((o) => o.value);
    expect(services).toEqual(['localhost.run', 'serveo.net', 'pinggy.io']);
    byTestId<HTMLInputElement>(root, 'tunnel-field-mode-server').click();
    expect(fieldsShown(root)).toEqual([
      'mode',
      'host',
      'port',
      'user',
      'keyFile',
      'remotePort',
      'publicBase',
      'binaryPath',
    ]);
    expect(field(root, 'port').value).toBe('22');
    expect(field(root, 'remotePort').value).toBe('0');
    expect(section().textContent).toContain('Porta no servidor (0 = automática)');

    choosePreset(root, 'custom');
    expect(fieldsShown(root)).toEqual(['command', 'args', 'urlPattern', 'publicUrl']);
    expect(section().textContent).toContain('Argumentos (um por linha; {port} = porta local)');
    expect(section().textContent).toContain('URL pública fixa (opcional)');
  });

  it('keeps what was typed for a preset when the user looks at another one and comes back', async () => {
    const { root } = await openTunnel();
    choosePreset(root, 'ngrok');
    type(root, 'domain', 'boteco.ngrok.app');
    choosePreset(root, 'ssh');
    choosePreset(root, 'ngrok');
    expect(field(root, 'domain').value).toBe('boteco.ngrok.app');
  });

  it('saves ngrok with its domain and no authtoken key when the authtoken is left blank', async () => {
    const app = await openTunnel();
    const { root, fake } = app;
    choosePreset(root, 'ngrok');
    type(root, 'domain', 'boteco.ngrok.app');
    await save(app);
    const [patch] = tunnelPatches(fake);
    expect(patch).toStrictEqual({ preset: 'ngrok', domain: 'boteco.ngrok.app' });
    expect(fake.tunnel).toMatchObject({ preset: 'ngrok', domain: 'boteco.ngrok.app' });
    expect(byTestId(root, 'tunnel-saved').textContent).toBe('Túnel salvo.');
    expect(byTestId<HTMLSelectElement>(root, 'tunnel-preset').value).toBe('ngrok');
    expect(field(root, 'domain').value).toBe('boteco.ngrok.app');
  });

  it('never shows a saved token: the field is an empty password box saying it is kept, and saving keeps it', async () => {
    const app = await openTunnel({
      tunnel: { preset: 'ngrok', authtoken: '2abcSECRETtoken', domain: 'boteco.ngrok.app' },
    });
    const { root, fake } = app;
    const authtoken = field(root, 'authtoken');
    expect(authtoken.type).toBe('password');
    expect(authtoken.getAttribute('autocomplete')).toBe('off');
    expect(authtoken.value).toBe('');
    expect(authtoken.placeholder).toBe('salvo — deixe em branco para manter');
    const everything = [
      root.textContent,
      ...[...root.querySelectorAll('input, textarea')].map((input) => (input as HTMLInputElement).value),
      ...[...root.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((a) => a.value)),
    ].join('\n');
    expect(everything).not.toContain('2abcSECRETtoken');

    await save(app);
    expect(tunnelPatches(fake)).toStrictEqual([{ preset: 'ngrok', domain: 'boteco.ngrok.app' }]);
    expect(fake.tunnel).toMatchObject({ preset: 'ngrok', authtoken: '2abcSECRETtoken' });
  });

  it('clears a typed token from the page once it is saved', async () => {
    const app = await openTunnel();
    const { root, fake } = app;
    choosePreset(root, 'cloudflared');
    byTestId<HTMLInputElement>(root, 'tunnel-field-mode-named').click();
    type(root, 'token', 'eyJhIjoiNTcifQ');
    type(root, 'hostname', 'hooks.boteco.com.br');
    await save(app);
    expect(tunnelPatches(fake)).toStrictEqual([
      { preset: 'cloudflared', mode: 'named', token: 'eyJhIjoiNTcifQ', hostname: 'hooks.boteco.com.br' },
    ]);
    expect(field(root, 'token').value).toBe('');
    expect(field(root, 'token').placeholder).toBe('salvo — deixe em branco para manter');
    expect(field(root, 'hostname').value).toBe('hooks.boteco.com.br');
  });

  it('saves an ssh server with the ports as numbers', async () => {
    const app = await openTunnel();
    const { root, fake } = app;
    choosePreset(root, 'ssh');
    byTestId<HTMLInputElement>(root, 'tunnel-field-mode-server').click();
    type(root, 'host', 'tunel.boteco.com.br');
    type(root, 'user', 'wifire');
    type(root, 'port', '2222');
    type(root, 'remotePort', '8080');
    await save(app);
    expect(tunnelPatches(fake)).toStrictEqual([
      { preset: 'ssh', mode: 'server', host: 'tunel.boteco.com.br', port: 2222, user: 'wifire', remotePort: 8080 },
    ]);
    expect(fake.tunnel).toMatchObject({ preset: 'ssh', mode: 'server', port: 2222, remotePort: 8080 });
  });

  it('saves a public ssh service by name', async () => {
    const app = await openTunnel();
    const { root, fake } = app;
    choosePreset(root, 'ssh');
    const service = byTestId<HTMLSelectElement>(root, 'tunnel-field-service');
    service.value = 'serveo.net';
    service.dispatchEvent(new Event('change'));
    await save(app);
    expect(tunnelPatches(fake)).toStrictEqual([{ preset: 'ssh', mode: 'service', service: 'serveo.net' }]);
  });

  it('sends another program with one argument per line', async () => {
    const app = await openTunnel();
    const { root, fake } = app;
    choosePreset(root, 'custom');
    type(root, 'command', 'bore');
    type(root, 'args', 'local\n{port}\n\n--to\nbore.pub\n');
    type(root, 'urlPattern', 'listening at (\\S+)');
    await save(app);
    expect(tunnelPatches(fake)).toStrictEqual([
      {
        preset: 'custom',
        command: 'bore',
        args: ['local', '{port}', '--to', 'bore.pub'],
        urlPattern: 'listening at (\\S+)',
      },
    ]);
  });

  it("shows the bridge's refusal next to the form, naming the field in words", async () => {
    const app = await openTunnel();
    const { root, fake } = app;
    expect(byTestId(root, 'tunnel-error').hidden).toBe(true);
    choosePreset(root, 'cloudflared');
    byTestId<HTMLInputElement>(root, 'tunnel-field-mode-named').click();
    type(root, 'token', 'eyJhIjoiNTcifQ');
    await save(app);
    const error = byTestId(root, 'tunnel-error');
    expect(error.hidden).toBe(false);
    expect(error.textContent).toContain('Pedido inválido.');
    expect(error.textContent).toContain('Nome público (hostname): um túnel nomeado precisa do nome público');
    expect(field(root, 'hostname').getAttribute('aria-invalid')).toBe('true');
    // Nothing was saved, and what was typed is still there to correct.
    expect(fake.tunnel).toEqual({ preset: 'none' });
    expect(byTestId<HTMLSelectElement>(root, 'tunnel-preset').value).toBe('cloudflared');
    expect(field(root, 'token').value).toBe('eyJhIjoiNTcifQ');
    expect(byTestId<HTMLButtonElement>(root, 'tunnel-save').disabled).toBe(false);

    type(root, 'hostname', 'hooks.boteco.com.br');
    await save(app);
    expect(byTestId(root, 'tunnel-error').hidden).toBe(true);
    expect(fake.tunnel).toMatchObject({ preset: 'cloudflared', mode: 'named', hostname: 'hooks.boteco.com.br' });
  });

  it('restarts the tunnel with "Reiniciar túnel" and shows it starting', async () => {
    const { root, fake, settle } = await openTunnel({
      tunnel: { preset: 'cloudflared', mode: 'quick' },
      status: makeStatus({ tunnel: makeTunnelStatus({ state: 'failed', reason: 'o cloudflared não está instalado' }) }),
    });
    expect(byTestId(root, 'tunnel-state').textContent).toBe('Túnel fora do ar: o cloudflared não está instalado');
    const restart = byTestId<HTMLButtonElement>(root, 'tunnel-restart');
    expect(restart.textContent).toBe('Reiniciar túnel');
    restart.click();
    await settle();
    expect(fake.callsOf('restartTunnel')).toHaveLength(1);
    expect(byTestId(root, 'tunnel-state').textContent).toBe('Iniciando o túnel…');
  });

  it('follows the tunnel state and its reason as main pushes them, with the public webhook URL', async () => {
    const { root, fake } = await openTunnel({ tunnel: { preset: 'cloudflared', mode: 'quick' } });
    fake.emit('status', makeStatus({ tunnel: makeTunnelStatus() }));
    const state = byTestId(root, 'tunnel-state');
    expect(byTestId(root, 'tunnel-state').textContent).toBe('No ar: o WiFire chega a este computador.');
    expect(state.className).toContain('tunnel-state-ok');
    expect(byTestId<HTMLInputElement>(byTestId(root, 'settings-tunnel'), 'public-url').value).toBe(
      `https://boteco.trycloudflare.com/hooks/${SECRET}`,
    );
    expect(byTestId(root, 'tunnel-last-reachable').textContent).toBe('Alcançado pelo endereço público às 14:59.');

    fake.emit(
      'status',
      makeStatus({
        tunnel: makeTunnelStatus({ state: 'unreachable', reason: 'o teste pelo endereço público falhou' }),
      }),
    );
    expect(byTestId(root, 'tunnel-state').textContent).toBe('Túnel instável: o teste pelo endereço público falhou');
    expect(byTestId(root, 'tunnel-state').className).toContain('tunnel-state-degraded');

    fake.emit(
      'status',
      makeStatus({ tunnel: makeTunnelStatus({ state: 'restarting', reason: 'o cloudflared saiu' }) }),
    );
    expect(byTestId(root, 'tunnel-state').textContent).toBe('O túnel caiu e está sendo reiniciado: o cloudflared saiu');
  });

  it('keeps what is being typed when settings change elsewhere', async () => {
    const { root, fake } = await openTunnel();
    choosePreset(root, 'ngrok');
    type(root, 'domain', 'boteco.ngrok.app');
    fake.emit('settingsChanged', makeSettingsView({ mutedTypes: ['cliente-sorteado'] }));
    expect(byTestId<HTMLSelectElement>(root, 'tunnel-preset').value).toBe('ngrok');
    expect(field(root, 'domain').value).toBe('boteco.ngrok.app');
  });

  it('follows a tunnel saved in another window when nothing was typed here', async () => {
    const { root, fake } = await openTunnel();
    fake.emit(
      'settingsChanged',
      makeSettingsView({ tunnel: { preset: 'ngrok', domain: 'boteco.ngrok.app', hasAuthtoken: true } }),
    );
    expect(byTestId<HTMLSelectElement>(root, 'tunnel-preset').value).toBe('ngrok');
    expect(field(root, 'domain').value).toBe('boteco.ngrok.app');
    expect(field(root, 'authtoken').placeholder).toBe('salvo — deixe em branco para manter');
  });

  it('speaks English when the desk does, keeping the chosen preset', async () => {
    const { root, fake } = await openTunnel({ tunnel: { preset: 'ssh', mode: 'service', service: 'pinggy.io' } });
    fake.emit('settingsChanged', makeSettingsView({ locale: 'en', tunnel: fake.settingsView.settings.tunnel }));
    const section = byTestId(root, 'settings-tunnel');
    expect(section.querySelector('h2')!.textContent).toBe('Tunnel');
    expect(section.textContent).toContain('How WiFire reaches this computer');
    expect(section.textContent).toContain('Tunnel type');
    expect(section.textContent).toContain('Public service');
    expect(byTestId(root, 'tunnel-save').textContent).toBe('Save tunnel');
    expect(byTestId(root, 'tunnel-restart').textContent).toBe('Restart tunnel');
    expect(byTestId<HTMLSelectElement>(root, 'tunnel-field-service').value).toBe('pinggy.io');
  });
});
