// Settings' "Outros balcões" and the header's light for fan-out: the hub's code and desks (revoke, a new code), a
// satellite's link to the main desk, and what the page says when fan-out is off.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OtherDesksView, Status } from '../../../shared/bridge-contract.js';
import { BASE_TIME, FakeBridge, makeItems, makeSettingsView, makeStatus } from '../support/fake-bridge.js';
import { byTestId, mountApp, type Mounted } from '../support/mount-app.js';

let mounted: Mounted | null = null;
afterEach(() => {
  vi.unstubAllGlobals();
  mounted?.destroy();
  mounted = null;
});

const HOUR = 3_600_000;
const CODE = 'wdj1.eyJhZGRyZXNzZXMiOlsiMTkyLjE2OC4wLjEwOjQ1NjIiXX0';
const NEW_CODE = 'wdj1.eyJuZXciOnRydWV9';
const BAR = '0123456789abcdef';
const DOOR = 'fedcba9876543210';
const OFFICE = '00aa11bb22cc33dd';
const REFUSED = 'o balcão principal recusou este código (revogado?). Peça um código novo no balcão principal.';

function hubView(overrides: Partial<OtherDesksView> = {}): OtherDesksView {
  return {
    role: 'hub',
    state: 'ready',
    reasonText: null,
    joinCode: CODE,
    self: null,
    desks: [
      { id: DOOR, joinedAt: BASE_TIME - 2 * HOUR, lastSeenAt: BASE_TIME - 60_000, revokedAt: null },
      { id: BAR, joinedAt: BASE_TIME - 24 * HOUR, lastSeenAt: null, revokedAt: null },
      { id: OFFICE, joinedAt: BASE_TIME - 48 * HOUR, lastSeenAt: null, revokedAt: BASE_TIME - 30 * HOUR },
    ],
    ...overrides,
  };
}

function satelliteStatus(fanout: Partial<NonNullable<Status['fanout']>> = {}): Status {
  return makeStatus({ fanout: { role: 'satellite', state: 'connected', reasonText: null, ...fanout } });
}

async function open(fake: FakeBridge, hash = '#/settings/other-desks'): Promise<Mounted> {
  mounted = await mountApp(fake, hash);
  return mounted;
}

function hubFake(view = hubView()): FakeBridge {
  const fake = new FakeBridge({
    items: makeItems(2),
    status: makeStatus({ fanout: { role: 'hub', state: view.state, reasonText: view.reasonText } }),
  });
  fake.otherDesks = view;
  return fake;
}

const section = (root: ParentNode): HTMLElement => byTestId(root, 'settings-other-desks');
/** The section below "Este computador é…": the hub's code and desks, or the link. */
const body = (root: ParentNode): HTMLElement => section(root).querySelector<HTMLElement>('.other-desks-body')!;
const deskItems = (root: ParentNode): HTMLElement[] => [
  ...section(root).querySelectorAll<HTMLElement>('[data-testid="other-desk"]'),
];
/** Each desk as a person reads it: its name, what is known of it, and its button if any, apart by " | ". */
const deskLines = (root: ParentNode): string[] =>
  deskItems(root).map((item) =>
    [
      item.querySelector('.other-desk-name')!.textContent,
      item.querySelector('.other-desk-facts')!.textContent,
      item.querySelector('button')?.textContent,
    ]
      .filter(Boolean)
      .join(' | '),
  );

describe('"Outros balcões" with fan-out off', () => {
  it('says in one short paragraph that it is turned on as "o balcão principal", and where the steps are', async () => {
    const { root } = await open(new FakeBridge({ items: makeItems(2) }));
    const heading = section(root).querySelector('h2')!;
    expect(heading.textContent).toBe('Outros balcões');
    expect(document.activeElement).toBe(heading);
    expect(byTestId(root, 'other-desks-off').textContent).toContain('escolha acima “o balcão principal”');
    expect(byTestId(root, 'other-desks-docs').textContent).toBe(
      'Passo a passo, na pasta do WiFire Desk: docs/pt-BR/other-desks.md',
    );
    expect(section(root).querySelector('[data-testid="join-code"]')).toBeNull();
    // The only button is "Este computador é…"'s own "Salvar".
    expect(body(root).querySelector('button')).toBeNull();
    // The rest of the page is as it always was.
    expect(byTestId(root, 'settings-webhook')).toBeTruthy();
    expect(byTestId(root, 'settings-tunnel')).toBeTruthy();
  });

  it('reads in English on an English desk', async () => {
    const fake = new FakeBridge({ items: makeItems(2), settings: makeSettingsView({ locale: 'en' }) });
    const { root } = await open(fake);
    expect(section(root).querySelector('h2')!.textContent).toBe('Other desks');
    expect(byTestId(root, 'other-desks-off').textContent).toContain('choose “the main desk” above');
    expect(byTestId(root, 'other-desks-docs').textContent).toContain('docs/en/other-desks.md');
  });
});

describe('"Outros balcões" on the main desk', () => {
  it('on an existing NATS, says the other desks join from the headless service with their own credentials', async () => {
    const { root } = await open(hubFake(hubView({ existingNats: true })));
    expect(byTestId(root, 'join-code-how-to').textContent).toBe(
      'Este balcão usa o NATS da rede: no outro computador, rode o serviço sem interface com o código e o arquivo de credenciais que quem administra o NATS deu a ele: npm run headless -- --join <código> --nats-creds <arquivo>',
    );
  });

  it('shows the join code to copy, how to use it, and each desk with when it joined and was last seen', async () => {
    const { root } = await open(hubFake());
    expect(byTestId(root, 'other-desks-role').textContent).toMatch(/^Este computador é o balcão principal/);
    expect(byTestId(root, 'other-desks-state').textContent).toBe('No ar: outros balcões podem se ligar a este.');
    const code = byTestId<HTMLInputElement>(root, 'join-code');
    expect(code.value).toBe(CODE);
    expect(code.readOnly).toBe(true);
    expect(root.querySelector('label[for="join-code"]')!.textContent).toBe('Código de conexão');
    expect(byTestId(root, 'copy-join-code').textContent).toBe('Copiar');
    expect(byTestId(root, 'join-code-how-to').textContent).toBe(
      'No outro computador, em Configurações > Outros balcões, escolha “outro balcão” e cole este código. No serviço sem interface, rode: npm run headless -- --join <código>',
    );
    expect(byTestId(root, 'renew-join-code').textContent).toBe('Gerar novo código');
    // Newest first, in São Paulo's time (BASE_TIME is 15:00 there), the revoked one without a button.
    expect(deskLines(root)).toEqual([
      'Balcão fedcba98 | desde 14/03/2026, 13:00 · visto por último 14/03/2026, 14:59 | Revogar',
      'Balcão 01234567 | desde 13/03/2026, 15:00 · não visto desde que este computador ligou | Revogar',
      'Balcão 00aa11bb | desde 12/03/2026, 15:00 · revogado em 13/03/2026, 09:00',
    ]);
    const buttons = section(root).querySelectorAll<HTMLButtonElement>('[data-testid="revoke-desk"]');
    expect([...buttons].map((button) => button.getAttribute('aria-label'))).toEqual([
      'Revogar Balcão fedcba98',
      'Revogar Balcão 01234567',
    ]);
    const list = byTestId(root, 'other-desks-list');
    expect(list.tagName).toBe('UL');
    expect(document.getElementById(list.getAttribute('aria-labelledby')!)!.textContent).toBe(
      'Balcões que se ligaram a este',
    );
    // The code is never in the status the header reads.
    expect(JSON.stringify(mounted!.app.status)).not.toContain(CODE);
  });

  it('writes the times in the desk’s language and time zone', async () => {
    const fake = hubFake();
    fake.settingsView = makeSettingsView({ locale: 'en', timeZone: 'Europe/Lisbon' });
    const { root } = await open(fake);
    const lines = deskLines(root);
    expect(lines[0]).toMatch(/^Desk fedcba98 \| since 3\/14\/26, 4:00\sPM · last seen 3\/14\/26, 5:59\sPM \| Revoke$/);
    expect(lines[1]).toMatch(/not seen since this computer started/);
    expect(lines[2]).toMatch(/revoked 3\/13\/26, 12:00\sPM$/);
    expect(byTestId(root, 'renew-join-code').textContent).toBe('Generate new code');
  });

  it('revokes a desk only after the confirm step; the other desks stay as they were', async () => {
    const confirm = vi.fn((_message?: string) => false);
    vi.stubGlobal('confirm', confirm);
    const fake = hubFake();
    const { root, settle } = await open(fake);
    const revoke = (): HTMLButtonElement =>
      deskItems(root)
        .find((item) => item.dataset['deskId'] === BAR)!
        .querySelector<HTMLButtonElement>('[data-testid="revoke-desk"]')!;
    revoke().click();
    await settle();
    expect(confirm.mock.calls[0]![0]).toMatch(/^Revogar Balcão 01234567\? Ele deixa de receber eventos na hora/);
    expect(fake.callsOf('revokeDesk')).toEqual([]);
    expect(deskItems(root).map((item) => item.dataset['revoked'])).toEqual(['false', 'false', 'true']);

    confirm.mockReturnValue(true);
    revoke().focus();
    revoke().click();
    await settle();
    expect(fake.callsOf('revokeDesk')).toEqual([{ id: BAR }]);
    // Its button is gone: a keyboard user lands on the list's heading, not at the top of the page.
    expect(document.activeElement).toBe(byTestId(root, 'settings-other-desks').querySelector('h3'));
    expect(deskItems(root).map((item) => item.dataset['revoked'])).toEqual(['false', 'true', 'true']);
    expect(deskLines(root)).toEqual([
      'Balcão fedcba98 | desde 14/03/2026, 13:00 · visto por último 14/03/2026, 14:59 | Revogar',
      'Balcão 01234567 | desde 13/03/2026, 15:00 · revogado em 14/03/2026, 15:00',
      'Balcão 00aa11bb | desde 12/03/2026, 15:00 · revogado em 13/03/2026, 09:00',
    ]);
    expect(byTestId<HTMLInputElement>(root, 'join-code').value).toBe(CODE);
    expect(root.querySelector('.toasts')!.textContent).toContain('Balcão 01234567 revogado');
  });

  it('makes a new code after the confirm step, and shows it in place of the old one', async () => {
    const confirm = vi.fn((_message?: string) => true);
    vi.stubGlobal('confirm', confirm);
    const fake = hubFake();
    fake.nextJoinCodes = [NEW_CODE];
    const { root, settle } = await open(fake);
    byTestId<HTMLButtonElement>(root, 'renew-join-code').focus();
    byTestId<HTMLButtonElement>(root, 'renew-join-code').click();
    await settle();
    expect(document.activeElement).toBe(byTestId(root, 'renew-join-code'));
    expect(confirm.mock.calls[0]![0]).toMatch(/o código atual deixa de ligar novos balcões na hora/);
    expect(fake.callsOf('renewJoinCode')).toHaveLength(1);
    expect(byTestId<HTMLInputElement>(root, 'join-code').value).toBe(NEW_CODE);
    expect(deskItems(root)).toHaveLength(3);
    expect(root.querySelector('.toasts')!.textContent).toContain('Novo código gerado');
  });

  it('never draws an answer asked for before a revoke over the revoke’s own answer', async () => {
    vi.stubGlobal('confirm', () => true);
    const fake = hubFake();
    const { root, settle } = await open(fake);
    // A status push asks for the list; that answer is slow, and carries the list as it was before the revoke.
    const before = structuredClone(fake.otherDesks);
    let answerLate: () => void = () => undefined;
    const real = fake.getOtherDesks.bind(fake);
    fake.getOtherDesks = () =>
      new Promise((resolve) => {
        answerLate = () => resolve(before);
      });
    fake.emit('status', fake.status);
    fake.getOtherDesks = real;
    deskItems(root)[1]!.querySelector<HTMLButtonElement>('[data-testid="revoke-desk"]')!.click();
    await settle();
    expect(deskItems(root).map((item) => item.dataset['revoked'])).toEqual(['false', 'true', 'true']);
    answerLate();
    await settle();
    expect(deskItems(root).map((item) => item.dataset['revoked'])).toEqual(['false', 'true', 'true']);
  });

  it('shows a refused revoke in a toast and draws main’s list again', async () => {
    vi.stubGlobal('confirm', () => true);
    const fake = hubFake();
    const { root, settle } = await open(fake);
    fake.otherDesks = hubView({ desks: [] });
    deskItems(root)[0]!.querySelector<HTMLButtonElement>('[data-testid="revoke-desk"]')!.click();
    await settle();
    expect(root.querySelector('.toasts')!.textContent).toContain('Balcão desconhecido.');
    expect(byTestId(root, 'other-desks-empty').textContent).toBe('Nenhum outro balcão se ligou ainda.');
  });

  it('lists a desk that joins while the page is open, on the status push that follows', async () => {
    const fake = hubFake(hubView({ desks: [] }));
    const { root, settle } = await open(fake);
    expect(byTestId(root, 'other-desks-empty')).toBeTruthy();
    fake.otherDesks = hubView({
      desks: [{ id: DOOR, joinedAt: BASE_TIME, lastSeenAt: BASE_TIME, revokedAt: null }],
    });
    fake.emit('status', fake.status);
    await settle();
    expect(deskLines(root)).toEqual([
      'Balcão fedcba98 | desde 14/03/2026, 15:00 · visto por último 14/03/2026, 15:00 | Revogar',
    ]);
  });

  it('says when the code is not ready yet, and why the other desks get nothing when the engine failed', async () => {
    const reason = 'o nats-server não está instalado neste computador (veja o passo a passo em Outros balcões).';
    const fake = hubFake(hubView({ state: 'failed', reasonText: reason, joinCode: null, desks: [] }));
    const { root } = await open(fake);
    expect(byTestId(root, 'other-desks-state').dataset['state']).toBe('failed');
    expect(byTestId(root, 'other-desks-state').textContent).toBe(`Outros balcões sem eventos: ${reason}`);
    expect(byTestId(root, 'join-code-pending').textContent).toBe(
      'O código aparece aqui assim que o nats-server estiver no ar.',
    );
    expect(root.querySelector('[data-testid="join-code"]')).toBeNull();
    // The header says it too, and leads here.
    const light = byTestId(root, 'connection');
    expect(light.dataset['state']).toBe('down');
    expect(light.textContent).toBe('Outros balcões sem eventos');
    expect(light.getAttribute('title')).toBe(`Outros balcões sem eventos\n${reason}`);
    expect(light.getAttribute('href')).toBe('#/settings/other-desks');
  });
});

describe('"Outros balcões" on another desk', () => {
  function satelliteFake(fanout: Partial<NonNullable<Status['fanout']>> = {}): FakeBridge {
    const status = satelliteStatus(fanout);
    const fake = new FakeBridge({ items: makeItems(2), status });
    fake.otherDesks = { ...status.fanout!, joinCode: null, desks: [], self: BAR };
    return fake;
  }

  it('says this computer is another desk and shows its link; no code, no desks, no webhook or tunnel', async () => {
    const { root } = await open(satelliteFake());
    expect(byTestId(root, 'other-desks-role').textContent).toBe(
      'Este computador é outro balcão, ligado ao balcão principal.',
    );
    expect(byTestId(root, 'other-desks-state').textContent).toBe('Ligado ao balcão principal.');
    // The name the main desk's list gives this computer, to find it there (before revoking it, say).
    expect(byTestId(root, 'other-desks-self').textContent).toBe(
      'Na lista do balcão principal, este computador aparece como “Balcão 01234567”.',
    );
    expect(section(root).querySelector('[data-testid="join-code"]')).toBeNull();
    expect(body(root).querySelector('button')).toBeNull();
    expect(root.querySelector('[data-testid="settings-webhook"]')).toBeNull();
    expect(root.querySelector('[data-testid="settings-tunnel"]')).toBeNull();
    expect(root.querySelector('[data-testid="settings-menu-tunnel"]')).toBeNull();
    expect(byTestId(root, 'settings-menu-other-desks').textContent).toBe('Outros balcões');
  });

  it('shows a lost link with its reason, and follows the link as it comes back', async () => {
    const fake = satelliteFake({ state: 'disconnected', reasonText: REFUSED });
    const { root, settle } = await open(fake);
    expect(byTestId(root, 'other-desks-state').textContent).toBe(`Sem ligação com o balcão principal: ${REFUSED}`);
    fake.otherDesks = { role: 'satellite', state: 'connected', reasonText: null, joinCode: null, desks: [], self: BAR };
    fake.emit('status', satelliteStatus());
    await settle();
    expect(byTestId(root, 'other-desks-state').textContent).toBe('Ligado ao balcão principal.');
  });

  it('on a chain’s overview, counts the places it is linked to, and says why one is not', async () => {
    const fake = satelliteFake({
      state: 'disconnected',
      reasonText: REFUSED,
      places: { connected: 19, total: 20 },
    });
    const { root, settle } = await open(fake);
    expect(byTestId(root, 'other-desks-state').textContent).toBe(
      `Acompanhando 20 locais: 19 ligados. Sem ligação com o balcão principal: ${REFUSED}`,
    );
    fake.otherDesks = {
      role: 'satellite',
      state: 'connected',
      reasonText: null,
      places: { connected: 20, total: 20 },
      joinCode: null,
      desks: [],
      self: BAR,
    };
    fake.emit('status', satelliteStatus({ places: { connected: 20, total: 20 } }));
    await settle();
    expect(byTestId(root, 'other-desks-state').textContent).toBe('Acompanhando 20 locais: 20 ligados.');
  });
});

describe('the header’s light on another desk', () => {
  it('says the link to the main desk: connected, connecting, or lost with its reason in words', async () => {
    const fake = new FakeBridge({ items: makeItems(2), status: satelliteStatus() });
    const { root } = await open(fake, '#/feed');
    const light = (): HTMLElement => byTestId(root, 'connection');
    expect(light().dataset['state']).toBe('ok');
    expect(light().textContent).toBe('Ligado ao balcão principal');
    expect(light().tagName).toBe('SPAN');
    // No tunnel runs on another desk, and none is needed: no "Primeiros passos" about it either.
    expect(byTestId(root, 'first-run').hidden).toBe(true);

    fake.emit('status', satelliteStatus({ state: 'connecting' }));
    expect(light().dataset['state']).toBe('degraded');
    expect(light().textContent).toBe('Conectando ao balcão principal…');

    fake.emit('status', satelliteStatus({ state: 'disconnected', reasonText: REFUSED }));
    expect(light().dataset['state']).toBe('down');
    expect(light().textContent).toBe('Sem ligação com o balcão principal');
    expect(light().getAttribute('title')).toBe(`Sem ligação com o balcão principal\n${REFUSED}`);
    expect(light().getAttribute('href')).toBe('#/settings/other-desks');

    // Pop-ups failing on a linked desk is still said.
    const failing = { at: BASE_TIME, code: 'ENOENT', hint: 'Instale um serviço de notificações.' };
    fake.emit('status', { ...satelliteStatus(), popUps: { lastShownAt: null, failing } });
    expect(light().textContent).toBe('Notificações não aparecem');

    // The service itself out of reach comes first.
    fake.emit('status', { ...satelliteStatus(), listening: false });
    expect(light().textContent).toBe('Não está recebendo eventos');
  });

  it('says it in English on an English desk, in the tray window too', async () => {
    const reason = 'the main desk refused this code (revoked?). Ask the main desk for a new code.';
    const fake = new FakeBridge({
      items: makeItems(2),
      settings: makeSettingsView({ locale: 'en' }),
      status: satelliteStatus({ state: 'disconnected', reasonText: reason }),
    });
    const { root } = await open(fake, '#/tray');
    const light = byTestId(root, 'connection');
    expect(light.textContent).toBe('Not linked to the main desk');
    expect(light.getAttribute('title')).toBe(`Not linked to the main desk\n${reason}`);
  });

  it('leaves the main desk’s light as it was while its engine runs', async () => {
    const { root } = await open(hubFake(), '#/feed');
    expect(byTestId(root, 'connection').textContent).toBe('No ar: recebendo eventos');
  });
});
