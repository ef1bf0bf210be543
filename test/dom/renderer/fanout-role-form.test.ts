// "Este computador é…" at the head of Settings > Outros balcões: the three choices in both languages, the address and
// the code fields, "Salvar", a refusal in words beside its field, and what runs now beside the choice for the next
// start, with "Reiniciar agora" on the desktop and the way to restart on the headless service.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeError, type SettingsView } from '../../../shared/bridge-contract.js';
import { FakeBridge, makeItems, makeSettingsView } from '../support/fake-bridge.js';
import { byTestId, mountApp, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  vi.unstubAllGlobals();
  mounted?.destroy();
  mounted = null;
});

const CODE = 'wdj1.eyJhZGRyZXNzZXMiOlsiMTkyLjE2OC4wLjEwOjQ1NjIiXX0';
const OTHER_CODE = 'wdj1.eyJhZGRyZXNzZXMiOlsiMTkyLjE2OC4xLjEwOjQ1NjIiXX0';

function settings(overrides: Partial<SettingsView> = {}, locale: 'pt-BR' | 'en' = 'pt-BR'): SettingsView {
  return { ...makeSettingsView({ locale }), ...overrides };
}

async function open(view: SettingsView = settings()): Promise<{ fake: FakeBridge; root: HTMLElement }> {
  const fake = new FakeBridge({ items: makeItems(2), settings: view });
  mounted = await mountApp(fake, '#/settings/other-desks');
  return { fake, root: mounted.root };
}

const form = (root: ParentNode): HTMLElement => byTestId(root, 'fanout-role-form');
/** Each choice as a person reads it, with the one ticked marked. */
const choices = (root: ParentNode): string[] =>
  [...form(root).querySelectorAll<HTMLInputElement>('input[name="fanout-role"]')].map(
    (radio) => `${radio.checked ? '(•)' : '( )'} ${radio.closest('label')!.textContent}`,
  );

function choose(root: ParentNode, choice: 'off' | 'hub' | 'satellite'): void {
  const radio = byTestId<HTMLInputElement>(root, `fanout-role-${choice}`);
  radio.checked = true;
  radio.dispatchEvent(new Event('change'));
}

function type(root: ParentNode, testId: string, value: string): void {
  const input = byTestId<HTMLInputElement>(root, testId);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

async function save(root: ParentNode): Promise<void> {
  byTestId<HTMLButtonElement>(root, 'fanout-save').click();
  await mounted!.settle();
}

describe('"Este computador é…"', () => {
  it('offers the three choices at the head of "Outros balcões", this desk alone ticked by default', async () => {
    const { root } = await open();
    const section = byTestId(root, 'settings-other-desks');
    expect(section.querySelector('h2')!.nextElementSibling).toBe(form(root));
    expect(form(root).querySelector('legend')!.textContent).toBe('Este computador é:');
    expect(choices(root)).toEqual([
      '(•) só este balcão (sem outros balcões)',
      '( ) o balcão principal (recebe o WiFire e avisa os outros)',
      '( ) outro balcão (conecta a um balcão principal)',
    ]);
    expect(root.querySelector('[data-testid="fanout-listen"]')).toBeNull();
    expect(root.querySelector('[data-testid="fanout-join-code"]')).toBeNull();
    expect(byTestId(root, 'fanout-run').textContent).toBe('');
  });

  it('reads in English on an English desk', async () => {
    const { root } = await open(settings({}, 'en'));
    expect(form(root).querySelector('legend')!.textContent).toBe('This computer is:');
    expect(choices(root)).toEqual([
      '(•) just this desk (no other desks)',
      '( ) the main desk (receives WiFire and tells the others)',
      '( ) another desk (connects to a main desk)',
    ]);
    expect(byTestId(root, 'fanout-save').textContent).toBe('Save');
  });

  it('saves "o balcão principal" with its address, and says it waits for a restart of the headless service', async () => {
    const { fake, root } = await open();
    choose(root, 'hub');
    const listen = byTestId<HTMLInputElement>(root, 'fanout-listen');
    expect(root.querySelector(`label[for="${listen.id}"]`)!.textContent).toBe(
      'Endereço para os outros balcões (opcional)',
    );
    expect(listen.placeholder).toBe('0.0.0.0:4562');
    type(root, 'fanout-listen', ' 192.168.0.10:4562 ');
    // Nothing is sent before "Salvar".
    expect(fake.callsOf('updateSettings')).toEqual([]);
    await save(root);
    expect(fake.callsOf('updateSettings')).toEqual([{ fanout: { role: 'hub', listen: '192.168.0.10:4562' } }]);
    expect(byTestId(root, 'fanout-saved').textContent).toBe('Salvo.');
    expect(choices(root)[1]).toBe('(•) o balcão principal (recebe o WiFire e avisa os outros)');
    expect(byTestId(root, 'fanout-running').textContent).toBe(
      'Agora: só este balcão. Ao reiniciar: o balcão principal.',
    );
    expect(byTestId(root, 'fanout-restart-needed').textContent).toBe('Reinicie o WiFire Desk para aplicar.');
    expect(byTestId(root, 'fanout-restart-how').textContent).toBe(
      'Este serviço não se reinicia sozinho: pare-o (Ctrl+C) e inicie-o de novo com npm run headless.',
    );
    expect(root.querySelector('[data-testid="fanout-restart"]')).toBeNull();
  });

  it('sends a blank address as the default, and the saved one comes back into the field', async () => {
    const { fake, root } = await open(
      settings({ settings: { ...makeSettingsView().settings, fanout: { role: 'hub', listen: '10.0.0.5:4570' } } }),
    );
    expect(byTestId<HTMLInputElement>(root, 'fanout-listen').value).toBe('10.0.0.5:4570');
    type(root, 'fanout-listen', '  ');
    await save(root);
    expect(fake.callsOf('updateSettings')).toEqual([{ fanout: { role: 'hub', listen: null } }]);
  });

  it('on the desktop, offers "Reiniciar agora", which asks the app to restart', async () => {
    const { fake, root } = await open(settings({ shell: 'desktop' }));
    choose(root, 'hub');
    await save(root);
    const restart = byTestId<HTMLButtonElement>(root, 'fanout-restart');
    expect(restart.textContent).toBe('Reiniciar agora');
    expect(root.querySelector('[data-testid="fanout-restart-how"]')).toBeNull();
    restart.click();
    expect(byTestId<HTMLButtonElement>(root, 'fanout-restart').disabled).toBe(true);
    expect(byTestId(root, 'fanout-restart').textContent).toBe('Reiniciando…');
    await mounted!.settle();
    expect(fake.callsOf('restartApp')).toEqual([undefined]);
  });

  it('takes the join codes write-only, one per line: sent once, never shown back, and said to be saved', async () => {
    const { fake, root } = await open();
    choose(root, 'satellite');
    const code = byTestId<HTMLTextAreaElement>(root, 'fanout-join-code');
    expect(code.tagName).toBe('TEXTAREA');
    expect(root.querySelector(`label[for="${code.id}"]`)!.textContent).toBe('Código de conexão — um por linha');
    expect(root.querySelector('#fanout-join-code-help')!.textContent).toMatch(
      /^Vários códigos: este computador acompanha várias casas de uma rede \(visão geral\)/,
    );
    expect(code.placeholder).toBe('');
    type(root, 'fanout-join-code', ` ${CODE}\n\n  ${OTHER_CODE}  \n`);
    await save(root);
    // New codes go with the credentials file typed beside them: none here.
    expect(fake.callsOf('updateSettings')).toEqual([
      { fanout: { role: 'satellite', joinCode: `${CODE}\n${OTHER_CODE}`, natsCreds: null } },
    ]);
    const after = byTestId<HTMLTextAreaElement>(root, 'fanout-join-code');
    expect(after.value).toBe('');
    expect(after.placeholder).toBe('Códigos salvos; cole todos de novo para trocar');
    expect(root.innerHTML).not.toContain(CODE);
    expect(root.innerHTML).not.toContain(OTHER_CODE);
    expect(byTestId(root, 'fanout-running').textContent).toBe('Agora: só este balcão. Ao reiniciar: outro balcão.');
    // Saved again with the field left empty, the saved codes (and file) stay.
    choose(root, 'off');
    choose(root, 'satellite');
    await save(root);
    expect(fake.callsOf('updateSettings').at(-1)).toEqual({ fanout: { role: 'satellite' } });
  });

  it('sends the NATS credentials file’s path with the codes, or alone to change it, and never shows it back', async () => {
    const { fake, root } = await open();
    choose(root, 'satellite');
    const creds = byTestId<HTMLInputElement>(root, 'fanout-nats-creds');
    expect(creds.type).toBe('text');
    expect(root.querySelector(`label[for="${creds.id}"]`)!.textContent).toBe(
      'Arquivo de credenciais do NATS (só para códigos de uma rede num NATS que já existe)',
    );
    // Below the codes.
    expect(
      byTestId(root, 'fanout-join-code').compareDocumentPosition(creds) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    type(root, 'fanout-join-code', CODE);
    type(root, 'fanout-nats-creds', '  /etc/wifire/bar.creds ');
    await save(root);
    expect(fake.callsOf('updateSettings').at(-1)).toEqual({
      fanout: { role: 'satellite', joinCode: CODE, natsCreds: '/etc/wifire/bar.creds' },
    });
    expect(byTestId<HTMLInputElement>(root, 'fanout-nats-creds').value).toBe('');
    // A new file for the saved codes: the path alone.
    type(root, 'fanout-nats-creds', '/etc/wifire/bar-2.creds');
    await save(root);
    expect(fake.callsOf('updateSettings').at(-1)).toEqual({
      fanout: { role: 'satellite', natsCreds: '/etc/wifire/bar-2.creds' },
    });
    expect(JSON.stringify(fake.settingsView.settings)).not.toContain('bar-2.creds');
  });

  it('shows main’s refusal of the credentials file beside that field, naming the file', async () => {
    const { fake, root } = await open();
    choose(root, 'satellite');
    type(root, 'fanout-join-code', CODE);
    type(root, 'fanout-nats-creds', '/tmp/nada.creds');
    const message =
      'Não foi possível ler o arquivo de credenciais do NATS /tmp/nada.creds (ENOENT). / Could not read the NATS credentials file /tmp/nada.creds (ENOENT).';
    fake.failures.set(
      'updateSettings',
      new BridgeError('invalid_request', 'Pedido inválido.', [{ path: 'fanout.natsCreds', message }]),
    );
    await save(root);
    expect(byTestId(root, 'fanout-error').textContent).toBe(
      `Pedido inválido.Arquivo de credenciais do NATS (só para códigos de uma rede num NATS que já existe): ${message}`,
    );
    expect(byTestId(root, 'fanout-nats-creds').getAttribute('aria-invalid')).toBe('true');
    expect(byTestId(root, 'fanout-nats-creds-error').textContent).toBe(message);
    expect(byTestId(root, 'fanout-join-code').getAttribute('aria-invalid')).toBeNull();
    // What was typed stays for a second try.
    expect(byTestId<HTMLInputElement>(root, 'fanout-nats-creds').value).toBe('/tmp/nada.creds');
    expect(byTestId<HTMLTextAreaElement>(root, 'fanout-join-code').value).toBe(CODE);
  });

  it('labels the codes and the credentials file in English on an English desk', async () => {
    const { root } = await open(settings({}, 'en'));
    choose(root, 'satellite');
    const label = (id: string): string | null => root.querySelector(`label[for="${id}"]`)!.textContent;
    expect(label('fanout-join-code')).toBe('Join code — one per line');
    expect(label('fanout-nats-creds')).toBe('NATS credentials file (only for codes of a chain on an existing NATS)');
  });

  it('shows main’s refusal of a code beside the field, in words, and keeps what was chosen', async () => {
    const { fake, root } = await open();
    choose(root, 'satellite');
    type(root, 'fanout-join-code', 'wdj1.nope');
    fake.failures.set(
      'updateSettings',
      new BridgeError('invalid_request', 'Pedido inválido.', [
        {
          path: 'fanout.joinCode',
          message:
            'não é um código de conexão válido: copie-o de novo do balcão principal (Configurações > Outros balcões)',
        },
      ]),
    );
    await save(root);
    expect(byTestId(root, 'fanout-error').hidden).toBe(false);
    expect(byTestId(root, 'fanout-error').textContent).toBe(
      'Pedido inválido.Código de conexão — um por linha: não é um código de conexão válido: copie-o de novo do balcão principal (Configurações > Outros balcões)',
    );
    const field = byTestId<HTMLInputElement>(root, 'fanout-join-code');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId(root, 'fanout-join-code-error').textContent).toMatch(/^não é um código de conexão válido/);
    expect(choices(root)[2]).toBe('(•) outro balcão (conecta a um balcão principal)');
    // Nothing changed: no restart to ask for.
    expect(byTestId(root, 'fanout-run').textContent).toBe('');
  });

  it('says when the service was started with --fanout or --join, whose choice wins for that run', async () => {
    const { root } = await open(
      settings({ fanout: { running: 'hub', source: 'command-line', joinCodeSaved: false, restartNeeded: true } }),
    );
    expect(byTestId(root, 'fanout-running').textContent).toBe(
      'Agora: o balcão principal. Ao reiniciar: só este balcão.',
    );
    expect(byTestId(root, 'fanout-restart-how').textContent).toBe(
      'Este serviço foi iniciado com --fanout hub ou --join: a escolha salva vale quando ele for iniciado sem essas opções.',
    );
  });

  it('keeps what is typed when the choice changes elsewhere, and follows it once nothing is being typed', async () => {
    const { fake, root } = await open();
    const elsewhere = (role: 'off' | 'satellite', listen: string | null): SettingsView =>
      settings({
        settings: { ...makeSettingsView().settings, fanout: { role, listen } },
        fanout: { running: 'off', source: 'settings', joinCodeSaved: true, restartNeeded: role !== 'off' },
      });
    choose(root, 'hub');
    type(root, 'fanout-listen', '10.1.1.1:4562');
    // Another window saved "outro balcão" meanwhile: what is typed here stays until "Salvar".
    fake.emit('settingsChanged', elsewhere('satellite', '10.9.9.9:4562'));
    await mounted!.settle();
    expect(choices(root)[1]).toMatch(/^\(•\) o balcão principal/);
    expect(byTestId<HTMLInputElement>(root, 'fanout-listen').value).toBe('10.1.1.1:4562');
    await save(root);
    expect(fake.callsOf('updateSettings')).toEqual([{ fanout: { role: 'hub', listen: '10.1.1.1:4562' } }]);
    fake.emit('settingsChanged', elsewhere('satellite', null));
    await mounted!.settle();
    expect(choices(root)[2]).toMatch(/^\(•\) outro balcão/);
    expect(byTestId(root, 'fanout-running').textContent).toBe('Agora: só este balcão. Ao reiniciar: outro balcão.');
  });
});
