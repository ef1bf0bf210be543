// A hand-written `window.wifireDesk` for the renderer's tests: in-memory events, customers and settings.
import {
  BridgeError,
  type BridgeEventName,
  type BridgeEventPayload,
  type BridgeRequest,
  type BridgeResponse,
  type CustomerCard,
  type DeliveryDetail,
  type FeedItem,
  type OtherDesksView,
  type ReplayResult,
  type SettingsView,
  type Status,
  type WifireDeskApi,
} from '../../../shared/bridge-contract.js';
import { CATALOG, isKnownType, renderTexts, type KnownEventType, type Locale } from '../../../shared/catalog.js';
import { mergeSettingsPatch } from '../../../shared/settings-patch.js';
import type { SettingsPatch } from '../../../shared/settings-schema.js';
import {
  DEFAULT_TUNNEL,
  mergeTunnelPatch,
  toPublicTunnel,
  tunnelPatchSchema,
  tunnelSettingsSchema,
  type TunnelSettings,
  type TunnelSettingsInput,
} from '../../../shared/tunnel-settings.js';
import type { ZodError } from 'zod';
import { ownValidationText } from '../../../shared/validation-texts.js';

export const BASE_TIME = Date.UTC(2026, 2, 14, 18, 0, 0); // 14/03/2026 15:00 in São Paulo

export const ESTABLISHMENTS = [
  { id: 'botecodowifire', name: 'Boteco do WiFire' },
  { id: 'cafe-centro', name: 'Café do Centro' },
];

const NAMES = [
  'Lincoln Fernandes',
  'Ana Beatriz Souza',
  'José Carlos Pereira',
  'Mariana Lima',
  'João Vitor Alves',
  'Fernanda Rocha',
  'Luís Otávio Martins',
  'Camila Gonçalves',
];

export interface ItemOptions {
  id: number | string;
  type?: string;
  customerId?: string | null;
  customerName?: string | null;
  establishmentId?: string;
  createdAt?: number;
  read?: boolean;
  hasPhoto?: boolean;
  locale?: Locale;
  score?: number | null;
  silenced?: FeedItem['silenced'];
}

export function makeItem(options: ItemOptions): FeedItem {
  const type = options.type ?? 'cliente-conectou';
  const entry = isKnownType(type) ? CATALOG[type] : null;
  const establishmentId = options.establishmentId ?? ESTABLISHMENTS[0]!.id;
  const establishmentName = ESTABLISHMENTS.find((place) => place.id === establishmentId)?.name ?? null;
  const customerName = options.customerName === undefined ? 'Lincoln Fernandes' : options.customerName;
  const texts = renderTexts(
    type,
    { name: customerName, establishment: establishmentName, score: options.score ?? null, message: null },
    options.locale ?? 'pt-BR',
  );
  const createdAt = options.createdAt ?? BASE_TIME - 2 * 60_000;
  return {
    id: String(options.id),
    type,
    known: entry !== null,
    category: entry?.category ?? 'engagement',
    priority: entry?.priority ?? 'normal',
    icon: entry?.icon ?? 'bell',
    title: texts.title,
    body: texts.body,
    customerId: options.customerId === undefined ? '29' : options.customerId,
    customerName,
    hasPhoto: options.hasPhoto ?? false,
    establishmentId,
    establishmentName,
    createdAt,
    receivedAt: createdAt + 500,
    read: options.read ?? false,
    silenced: options.silenced ?? null,
  };
}

const SAMPLE_TYPES: KnownEventType[] = [
  'cliente-conectou',
  'cliente-aniversariante-conectou',
  'cliente-frequente-chegou',
  'cliente-avaliou-negativamente',
  'cliente-tirou-foto',
  'cliente-primeira-visita',
  'cliente-insatisfeito-se-conectou',
  'cliente-sorteado',
  'cliente-curtiu',
  'cliente-fez-checkin',
];

/** `count` events, newest first, ids count..1, a minute apart, customers and types cycling. */
export function makeItems(count: number, now = BASE_TIME): FeedItem[] {
  const items: FeedItem[] = [];
  for (let index = 0; index < count; index++) {
    const id = count - index;
    const customer = id % NAMES.length;
    items.push(
      makeItem({
        id,
        type: SAMPLE_TYPES[id % SAMPLE_TYPES.length],
        customerId: `c${customer}`,
        customerName: NAMES[customer],
        establishmentId: ESTABLISHMENTS[id % 2]!.id,
        createdAt: now - index * 60_000 - 30_000,
        read: index >= 3,
      }),
    );
  }
  return items;
}

export function makeCard(id: string, overrides: Partial<CustomerCard> = {}): CustomerCard {
  return {
    id,
    name: 'Lincoln Fernandes',
    birthday: '1988-08-11',
    birthdayToday: false,
    firstSeenAt: BASE_TIME - 90 * 86_400_000,
    lastSeenAt: BASE_TIME - 2 * 60_000,
    visitCount: 12,
    lastRating: { score: 9, band: 'promoter', at: BASE_TIME - 10 * 86_400_000 },
    contact: { email: 'lincoln@velociti.com', phone: '44 9 99999999', cpf: null, rg: null },
    hasPhoto: false,
    history: [],
    ...overrides,
  };
}

export function makeSettingsView(overrides: Partial<SettingsView['settings']> = {}): SettingsView {
  return {
    settings: {
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      mutedTypes: [],
      mutedEstablishments: [],
      privacy: { keepCpfRg: false, retentionDays: 30 },
      intake: { ratePerSecond: 20, burst: 200 },
      tunnel: { preset: 'none' },
      startAtLogin: true,
      notificationsPaused: false,
      quietHours: [],
      urgentRepeat: { intervalMinutes: 2, maxRepeats: 5 },
      staleArrivalMinutes: 30,
      burst: { limit: 3, windowSeconds: 10 },
      followedEstablishments: [],
      fanout: { role: 'off', listen: null },
      ...overrides,
    },
    webhookUrl: 'http://127.0.0.1:4560/hooks/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    secretFromEnvironment: false,
    configFile: '/home/caixa/.config/wifire-desk/config.json',
    shell: 'headless',
    fanout: { running: 'off', source: 'settings', joinCodeSaved: false, restartNeeded: false },
  };
}

export const SECRET = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** The tunnel part of a status: a confirmed, reachable quick cloudflared tunnel unless told otherwise. */
export function makeTunnelStatus(overrides: Partial<Status['tunnel']> = {}): Status['tunnel'] {
  const publicUrl = overrides.publicUrl === undefined ? 'https://boteco.trycloudflare.com' : overrides.publicUrl;
  return {
    preset: 'cloudflared',
    state: 'online',
    reason: null,
    publicUrl,
    publicWebhookUrl: publicUrl ? `${publicUrl}/hooks/${SECRET}` : null,
    urlConfirmed: true,
    lastReachableAt: BASE_TIME - 60_000,
    warning: null,
    ...overrides,
  };
}

export function makeStatus(overrides: Partial<Status> = {}): Status {
  return {
    listening: true,
    port: 4560,
    notifier: 'node-notifier',
    snoozedUntil: null,
    tunnel: makeTunnelStatus(),
    unread: 0,
    store: { restartingSince: null },
    popUps: { lastShownAt: BASE_TIME - 120_000, failing: null },
    // A desk set up long ago: the first-run checklist is done, unless a test says otherwise.
    checklist: { tunnel: true, pasted: true, firstEvent: true, notification: true },
    fanout: null,
    ...overrides,
  };
}

/** The bridge's answer to a refused request on a pt-BR desk: paths under "tunnel.", our rules' words in Portuguese. */
function invalidRequest(error: ZodError): BridgeError {
  return new BridgeError(
    'invalid_request',
    'Pedido inválido.',
    error.issues.map((issue) => ({
      path: ['tunnel', ...issue.path.map(String)].join('.'),
      message: ownValidationText(issue.message, 'pt-BR') ?? issue.message,
    })),
  );
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function dayIn(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function idNumber(id: string): bigint {
  return BigInt(id);
}

type AnyListener = (payload: never) => void;

export interface Call {
  method: string;
  request: unknown;
}

/** One delivery-log row with its (already redacted) payload; replayable when it has one. */
export function makeDelivery(id: number, overrides: Partial<DeliveryDetail> = {}): DeliveryDetail {
  const payload =
    overrides.payload === undefined
      ? JSON.stringify(
          {
            type: 'cliente-conectou',
            activity: { message: '•••', data_of_type: null, created_at: '2026-03-14 14:58:00' },
            establishment: { identifier: 'botecodowifire', name: 'Boteco do WiFire', slug: 'boteco-do-wifire' },
            user: { id: '•••', name: '•••', email: '•••', phone: '•••', mac: null },
          },
          null,
          2,
        )
      : overrides.payload;
  return {
    id: String(id),
    receivedAt: BASE_TIME - id * 60_000,
    type: 'cliente-conectou',
    status: 200,
    size: 1234,
    duplicate: false,
    replay: false,
    eventId: String(id),
    replayable: payload !== null,
    payload,
    ...overrides,
  };
}

export class FakeBridge implements WifireDeskApi {
  /** Newest first. */
  items: FeedItem[];
  customers = new Map<string, CustomerCard>();
  photos = new Map<string, string>();
  settingsView: SettingsView;
  status: Status;
  establishments = ESTABLISHMENTS.map((place) => ({ ...place }));
  testResult: BridgeResponse<'sendTestNotification'> = { ok: true, backend: 'node-notifier' };
  testEventResult: BridgeResponse<'sendTestEvent'> = { ok: true, eventId: '900' };
  readonly calls: Call[] = [];
  /** The tunnel as main keeps it, tokens included; the page only ever sees toPublicTunnel of it. */
  tunnel: TunnelSettings = DEFAULT_TUNNEL;
  /** One-shot failures by method name. */
  readonly failures = new Map<string, Error>();
  /** The delivery log, newest first, and what "Reenviar" answers. */
  deliveries: DeliveryDetail[] = [];
  replayAnswer: ReplayResult = { status: 200, duplicate: true, eventId: '1' };
  /** "Outros balcões" as main holds it: null while fan-out is off; the codes "Gerar novo código" hands out in turn. */
  otherDesks: OtherDesksView | null = null;
  nextJoinCodes: string[] = [];
  private readonly listeners = new Map<BridgeEventName, Set<AnyListener>>();

  constructor(options: { items?: FeedItem[]; settings?: SettingsView; status?: Status } = {}) {
    this.items = options.items ?? [];
    this.settingsView = options.settings ?? makeSettingsView();
    this.status = options.status ?? makeStatus({ unread: this.unread() });
  }

  private record(method: string, request: unknown): void {
    this.calls.push({ method, request });
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw failure;
    }
  }

  /** Sets the saved tunnel, as if config.json held it. */
  setTunnel(tunnel: TunnelSettingsInput): void {
    this.tunnel = tunnelSettingsSchema.parse(tunnel);
    this.settingsView = {
      ...this.settingsView,
      settings: { ...this.settingsView.settings, tunnel: toPublicTunnel(this.tunnel) },
    };
  }

  callsOf(method: string): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.request);
  }

  unread(): number {
    return this.items.filter((item) => !item.read).length;
  }

  async listFeed(query: BridgeRequest<'listFeed'> = {}): Promise<BridgeResponse<'listFeed'>> {
    this.record('listFeed', query);
    const timeZone = this.settingsView.settings.timeZone;
    const search = query.search ? fold(query.search.trim()) : '';
    const matching = this.items.filter((item) => {
      if (query.categories && !query.categories.includes(item.category)) return false;
      if (query.types && !query.types.includes(item.type)) return false;
      if (query.establishmentIds && !query.establishmentIds.includes(item.establishmentId)) return false;
      if (query.fromDay && dayIn(item.createdAt, timeZone) < query.fromDay) return false;
      if (query.toDay && dayIn(item.createdAt, timeZone) > query.toDay) return false;
      if (search && !fold(item.customerName ?? '').includes(search)) return false;
      if (query.unreadOnly && item.read) return false;
      return true;
    });
    const limit = query.limit ?? 100;
    const before = query.beforeId ? idNumber(query.beforeId) : null;
    const older = before === null ? matching : matching.filter((item) => idNumber(item.id) < before);
    const page = older.slice(0, limit);
    return {
      items: page.map((item) => ({ ...item })),
      nextBeforeId: older.length > limit ? page[page.length - 1]!.id : null,
      total: matching.length,
      unread: this.unread(),
    };
  }

  async listEstablishments(): Promise<BridgeResponse<'listEstablishments'>> {
    this.record('listEstablishments', undefined);
    return this.establishments.map((place) => ({ ...place }));
  }

  async getCustomer(request: BridgeRequest<'getCustomer'>): Promise<BridgeResponse<'getCustomer'>> {
    this.record('getCustomer', request);
    const card = this.customers.get(request.customerId);
    if (!card) return null;
    return {
      ...card,
      history: card.history.length > 0 ? card.history : this.items.filter((item) => item.customerId === card.id),
    };
  }

  async getPhoto(request: BridgeRequest<'getPhoto'>): Promise<BridgeResponse<'getPhoto'>> {
    this.record('getPhoto', request);
    const dataUrl = this.photos.get(request.customerId);
    return dataUrl ? { dataUrl } : null;
  }

  async markRead(request: BridgeRequest<'markRead'>): Promise<BridgeResponse<'markRead'>> {
    this.record('markRead', request);
    const ids = 'ids' in request ? new Set(request.ids) : null;
    const upTo = 'all' in request && request.upToId ? idNumber(request.upToId) : null;
    this.items = this.items.map((item) => {
      const covered = ids ? ids.has(item.id) : upTo === null || idNumber(item.id) <= upTo;
      return covered ? { ...item, read: true } : item;
    });
    return { unread: this.unread() };
  }

  async getSettings(): Promise<BridgeResponse<'getSettings'>> {
    this.record('getSettings', undefined);
    return structuredClone(this.settingsView);
  }

  async updateSettings(patch: SettingsPatch): Promise<BridgeResponse<'updateSettings'>> {
    this.record('updateSettings', patch);
    if (patch.tunnel) {
      const parsed = tunnelPatchSchema.safeParse(patch.tunnel);
      if (!parsed.success) throw invalidRequest(parsed.error);
      const merged = tunnelSettingsSchema.safeParse(mergeTunnelPatch(this.tunnel, parsed.data));
      if (!merged.success) throw invalidRequest(merged.error);
      this.setTunnel(merged.data);
    }
    // The tunnel was applied above, as main does; the rest merges as main merges it. The codes and file stay in main.
    const { tunnel: _tunnel, fanout, ...rest } = structuredClone(patch);
    const { joinCode, natsCreds: _natsCreds, ...publicFanout } = fanout ?? {};
    const joinCodeSaved = this.settingsView.fanout.joinCodeSaved || joinCode !== undefined;
    if (fanout?.role === 'satellite' && !joinCodeSaved) {
      throw new BridgeError('invalid_request', 'Pedido inválido.', [
        { path: 'fanout.joinCode', message: 'outro balcão precisa do código de conexão do balcão principal' },
      ]);
    }
    const settings = mergeSettingsPatch(
      this.settingsView.settings,
      fanout ? { ...rest, fanout: publicFanout } : rest,
      (tunnel) => tunnel,
    );
    // Main compares with what it started as; here a new role is enough (the form's tests set what runs).
    const restartNeeded = settings.fanout.role !== this.settingsView.fanout.running;
    this.settingsView = {
      ...this.settingsView,
      settings,
      fanout: { ...this.settingsView.fanout, joinCodeSaved, restartNeeded },
    };
    return structuredClone(this.settingsView);
  }

  async regenerateWebhookSecret(): Promise<BridgeResponse<'regenerateWebhookSecret'>> {
    this.record('regenerateWebhookSecret', undefined);
    this.settingsView = {
      ...this.settingsView,
      webhookUrl: 'http://127.0.0.1:4560/hooks/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
    };
    return structuredClone(this.settingsView);
  }

  async snooze(request: BridgeRequest<'snooze'>): Promise<BridgeResponse<'snooze'>> {
    this.record('snooze', request);
    this.status = {
      ...this.status,
      snoozedUntil: request.minutes > 0 ? BASE_TIME + request.minutes * 60_000 : null,
    };
    return { ...this.status, unread: this.unread() };
  }

  async sendTestNotification(): Promise<BridgeResponse<'sendTestNotification'>> {
    this.record('sendTestNotification', undefined);
    return this.testResult;
  }

  async getStatus(): Promise<BridgeResponse<'getStatus'>> {
    this.record('getStatus', undefined);
    return { ...this.status, unread: this.unread() };
  }

  async confirmPublicUrl(request: BridgeRequest<'confirmPublicUrl'>): Promise<BridgeResponse<'confirmPublicUrl'>> {
    this.record('confirmPublicUrl', request);
    // Only the URL main holds now counts as confirmed, as in main.
    if (request.publicWebhookUrl === this.status.tunnel.publicWebhookUrl) {
      this.status = { ...this.status, tunnel: { ...this.status.tunnel, urlConfirmed: true } };
    }
    return { ...this.status, unread: this.unread() };
  }

  async sendTestEvent(): Promise<BridgeResponse<'sendTestEvent'>> {
    this.record('sendTestEvent', undefined);
    return this.testEventResult;
  }

  async restartTunnel(): Promise<BridgeResponse<'restartTunnel'>> {
    this.record('restartTunnel', undefined);
    this.status = { ...this.status, tunnel: { ...this.status.tunnel, state: 'starting', reason: null } };
    return { ...this.status, unread: this.unread() };
  }

  async listDeliveries(request: BridgeRequest<'listDeliveries'> = {}): Promise<BridgeResponse<'listDeliveries'>> {
    this.record('listDeliveries', request);
    const limit = request.limit ?? 50;
    const before = request.beforeId ? idNumber(request.beforeId) : null;
    const older = before === null ? this.deliveries : this.deliveries.filter((d) => idNumber(d.id) < before);
    const page = older.slice(0, limit).map(({ payload: _payload, ...item }) => item);
    return { items: page, nextBeforeId: older.length > limit ? page[page.length - 1]!.id : null };
  }

  async getDelivery(request: BridgeRequest<'getDelivery'>): Promise<BridgeResponse<'getDelivery'>> {
    this.record('getDelivery', request);
    const found = this.deliveries.find((d) => d.id === request.id);
    return found ? { ...found } : null;
  }

  async replayDelivery(request: BridgeRequest<'replayDelivery'>): Promise<BridgeResponse<'replayDelivery'>> {
    this.record('replayDelivery', request);
    const found = this.deliveries.find((d) => d.id === request.id);
    if (!found?.replayable) throw new BridgeError('not_found', 'Esta entrega não pode ser reenviada.');
    return { ...this.replayAnswer };
  }

  async getOtherDesks(): Promise<BridgeResponse<'getOtherDesks'>> {
    this.record('getOtherDesks', undefined);
    return structuredClone(this.otherDesks);
  }

  /** The hub's answers: the refusals main gives off the hub, in pt-BR. */
  private hubView(): OtherDesksView {
    if (!this.otherDesks) throw new BridgeError('not_found', 'Outros balcões está desligado neste computador.');
    if (this.otherDesks.role !== 'hub') throw new BridgeError('forbidden', 'Este computador é outro balcão.');
    return this.otherDesks;
  }

  async revokeDesk(request: BridgeRequest<'revokeDesk'>): Promise<BridgeResponse<'revokeDesk'>> {
    this.record('revokeDesk', request);
    const view = this.hubView();
    if (!view.desks.some((desk) => desk.id === request.id)) throw new BridgeError('not_found', 'Balcão desconhecido.');
    this.otherDesks = {
      ...view,
      desks: view.desks.map((desk) =>
        desk.id === request.id && desk.revokedAt === null ? { ...desk, revokedAt: BASE_TIME } : desk,
      ),
    };
    return structuredClone(this.otherDesks);
  }

  async renewJoinCode(): Promise<BridgeResponse<'renewJoinCode'>> {
    this.record('renewJoinCode', undefined);
    const view = this.hubView();
    this.otherDesks = { ...view, joinCode: this.nextJoinCodes.shift() ?? null };
    return structuredClone(this.otherDesks);
  }

  async restartApp(): Promise<BridgeResponse<'restartApp'>> {
    this.record('restartApp', undefined);
    if (this.settingsView.shell !== 'desktop') {
      throw new BridgeError('forbidden', 'O serviço sem interface não se reinicia sozinho.');
    }
    return { restarting: true };
  }

  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as AnyListener;
    set.add(entry);
    return () => set.delete(entry);
  }

  /** Pushes an event to the page, as main would. */
  emit<E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as (payload: BridgeEventPayload<E>) => void)(payload);
    }
  }

  listenerCount(event: BridgeEventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
