// The one bridge between main and the renderer: every method and every pushed event, each with its zod schema.
// The desktop shell carries it over IPC, the headless shell over HTTP + SSE; main validates whatever enters it.
import { z } from 'zod';
import { VALIDATION_TEXTS } from './validation-texts.js';
import { CATEGORIES, PRIORITIES } from './catalog.js';
import { FANOUT_CHOICES, publicFanoutSchema, settingsPatchSchema, settingsSchema } from './settings-schema.js';
import { publicTunnelSchema } from './tunnel-settings.js';
import { TUNNEL_PRESETS } from './tunnel-presets.js';
import { BRIDGE_ERROR_CODES, type BridgeErrorBody } from './bridge-error.js';
import {
  BRIDGE_EVENT_NAMES,
  BRIDGE_METHOD_NAMES,
  type BridgeEventName,
  type BridgeMethodName,
} from './bridge-names.js';

export * from './bridge-error.js';
export * from './bridge-names.js';

export const eventIdSchema = z.string().regex(/^[1-9]\d{0,15}$/, VALIDATION_TEXTS.eventId.en);
export const customerIdSchema = z.string().min(1).max(200);
const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, VALIDATION_TEXTS.day.en);
const establishmentIdSchema = z.string().min(1).max(200);

/** A row's "silenciado" mark: muted (type, place, or a place this desk does not follow) or quiet hours. */
export const SILENCE_REASONS = ['muted', 'quiet'] as const;
export type SilenceReason = (typeof SILENCE_REASONS)[number];

/** One row of the feed, with the texts already rendered in the desk's language. */
export const feedItemSchema = z.object({
  id: eventIdSchema,
  type: z.string(),
  /** False for a type WiFire added after this catalog was written (shown as a generic event). */
  known: z.boolean(),
  category: z.enum(CATEGORIES),
  priority: z.enum(PRIORITIES),
  icon: z.string(),
  title: z.string(),
  body: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  /** The customer has a photo URL; the picture itself comes through `getPhoto`. */
  hasPhoto: z.boolean(),
  establishmentId: z.string(),
  establishmentName: z.string().nullable(),
  createdAt: z.number(),
  receivedAt: z.number(),
  read: z.boolean(),
  /** Why it did not pop up, by the settings now: a muted type or place, or it arrived in quiet hours; else null. */
  silenced: z.enum(SILENCE_REASONS).nullable(),
});
export type FeedItem = z.output<typeof feedItemSchema>;

export const feedQuerySchema = z.object({
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).optional(),
  types: z.array(z.string().min(1).max(80)).max(100).optional(),
  establishmentIds: z.array(establishmentIdSchema).max(100).optional(),
  /** Local days in the settings' time zone, both inclusive. */
  fromDay: daySchema.optional(),
  toDay: daySchema.optional(),
  /** Part of the customer's name; case and accents do not matter. */
  search: z.string().trim().max(100).optional(),
  unreadOnly: z.boolean().optional(),
  /** The last id of the previous page; the next page holds older events. */
  beforeId: eventIdSchema.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type FeedQuery = z.input<typeof feedQuerySchema>;

export const feedPageSchema = z.object({
  items: z.array(feedItemSchema),
  /** Pass as `beforeId` for the next page; null when this page reached the oldest event. */
  nextBeforeId: eventIdSchema.nullable(),
  /** How many events match the query, across all pages. */
  total: z.number().int().nonnegative(),
  /** Unread events in the whole feed (the tray badge), whatever the query. */
  unread: z.number().int().nonnegative(),
});
export type FeedPage = z.output<typeof feedPageSchema>;

export const RATING_BANDS = ['detractor', 'passive', 'promoter'] as const;

export const customerCardSchema = z.object({
  id: customerIdSchema,
  name: z.string().nullable(),
  /** As WiFire sent it, YYYY-MM-DD. */
  birthday: z.string().nullable(),
  /** The birthday's month and day are today in the settings' time zone. */
  birthdayToday: z.boolean(),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  visitCount: z.number().int().nonnegative(),
  lastRating: z.object({ score: z.number().nullable(), band: z.enum(RATING_BANDS), at: z.number() }).nullable(),
  /** Only the fields that were kept: CPF and RG are null unless the place opted in. */
  contact: z.object({
    email: z.string().nullable(),
    phone: z.string().nullable(),
    cpf: z.string().nullable(),
    rg: z.string().nullable(),
  }),
  hasPhoto: z.boolean(),
  /** That customer's events, newest first. */
  history: z.array(feedItemSchema),
});
export type CustomerCard = z.output<typeof customerCardSchema>;

export const photoSchema = z.object({
  dataUrl: z.string().regex(/^data:image\/(jpeg|png|webp|gif);base64,[A-Za-z0-9+/=]+$/),
});

/** Settings as the panel sees them: never the webhook secret, the panel token or the join code themselves. */
export const publicSettingsSchema = settingsSchema
  .omit({ webhookSecret: true, panelToken: true, tunnelConfirmed: true, firstRun: true })
  .extend({ tunnel: publicTunnelSchema, fanout: publicFanoutSchema });
export type PublicSettings = z.output<typeof publicSettingsSchema>;

export const SHELLS = ['desktop', 'headless'] as const;

/** Where this run's fan-out came from: the saved choice, or the headless shell's --fanout / --join for this run. */
export const FANOUT_SOURCES = ['settings', 'command-line'] as const;

/** "Este computador é…" beside the saved choice: what runs now, and whether the choice waits for a restart. */
export const fanoutRunSchema = z.object({
  /** What this run started as ('off': fan-out is not running). */
  running: z.enum(FANOUT_CHOICES),
  source: z.enum(FANOUT_SOURCES),
  /** A join code is saved; the code itself never leaves main. */
  joinCodeSaved: z.boolean(),
  /** The saved choice (role, address or code) is not what runs: it applies when the service starts again. */
  restartNeeded: z.boolean(),
});
export type FanoutRun = z.output<typeof fanoutRunSchema>;

export const settingsViewSchema = z.object({
  settings: publicSettingsSchema,
  /** The local webhook URL, secret included: what the owner pastes into WiFire (through the tunnel's address). */
  webhookUrl: z.string(),
  /** WIFIRE_DESK_TOKEN supplies the secret, so it cannot be regenerated from the panel. */
  secretFromEnvironment: z.boolean(),
  /** Where config.json lives, for support. */
  configFile: z.string(),
  /** Which shell runs: only the desktop app can start at login, or restart itself. */
  shell: z.enum(SHELLS),
  fanout: fanoutRunSchema,
});
export type SettingsView = z.output<typeof settingsViewSchema>;

export const TUNNEL_STATES = ['off', 'starting', 'online', 'unreachable', 'restarting', 'failed'] as const;

/** Fan-out: this desk is the hub (it receives WiFire's webhooks) or a satellite (another desk, joined to a hub). */
export const FANOUT_ROLES = ['hub', 'satellite'] as const;
/** hub: starting → ready (or failed); satellite: connecting → connected (or disconnected). */
export const FANOUT_STATES = ['starting', 'ready', 'failed', 'connecting', 'connected', 'disconnected'] as const;

export const fanoutStatusSchema = z.object({
  role: z.enum(FANOUT_ROLES),
  state: z.enum(FANOUT_STATES),
  /** Why it is not linked (satellite) or its engine is not up (hub), in the desk's language; null when all is well. */
  reasonText: z.string().nullable(),
  /** A chain's overview (a desk following several places): how many of its places it is linked to. */
  places: z.object({ connected: z.number().int().nonnegative(), total: z.number().int().positive() }).optional(),
});
export type FanoutStatusView = z.output<typeof fanoutStatusSchema>;

export const statusSchema = z.object({
  /** The webhook listener is accepting deliveries. */
  listening: z.boolean(),
  port: z.number().int(),
  /** Which backend puts pop-ups on screen (node-notifier, electron). */
  notifier: z.string(),
  /** Pop-ups are held until this instant (epoch ms), or null. */
  snoozedUntil: z.number().nullable(),
  tunnel: z.object({
    /** Which preset runs ('none' with no public address configured is 'off'). */
    preset: z.enum(TUNNEL_PRESETS),
    state: z.enum(TUNNEL_STATES),
    /** Why, in the desk's language, when the state is not fine. */
    reason: z.string().nullable(),
    /** The public base address the tunnel reported (no secret). */
    publicUrl: z.string().nullable(),
    /** What to paste into WiFire: the public address + /hooks/<secret>. */
    publicWebhookUrl: z.string().nullable(),
    /** False while that URL differs from the one the staff last confirmed pasting into WiFire: show the banner. */
    urlConfirmed: z.boolean(),
    /** When a probe through the public address last arrived here (epoch ms), or null. */
    lastReachableAt: z.number().nullable(),
    /** A caution about the public address in the desk's language (plain http://), or null. */
    warning: z.string().nullable(),
  }),
  unread: z.number().int().nonnegative(),
  /**
   * The event store: since when it has been restarting (epoch ms), or null while it answers. Meanwhile webhooks
   * are answered 503 and WiFire sends them again. Another desk's store is the main desk's: always null there.
   */
  store: z.object({ restartingSince: z.number().nullable() }),
  /** How pop-ups fare with the OS: when one last reached the screen, and the failure since, if any. */
  popUps: z.object({
    lastShownAt: z.number().nullable(),
    /** The last pop-up the OS refused, unless one went through after it: a code and what to check, in words. */
    failing: z.object({ at: z.number(), code: z.string(), hint: z.string() }).nullable(),
  }),
  /** The first-run checklist, each step true once done. */
  checklist: z.object({
    /** The public address answered the self-check through the tunnel. */
    tunnel: z.boolean(),
    /** The staff confirmed pasting it into WiFire. */
    pasted: z.boolean(),
    /** A delivery, or the test event sent through the public address, was stored. */
    firstEvent: z.boolean(),
    /** A pop-up reached the screen (the test notification, or any other). */
    notification: z.boolean(),
  }),
  /** Fan-out ("Outros balcões"): this desk's role and link; null when fan-out is off. */
  fanout: fanoutStatusSchema.nullable(),
});
export type Status = z.output<typeof statusSchema>;

/** A desk's id as the hub names it (hex, as its join request carried it). */
export const deskIdSchema = z.string().regex(/^[0-9a-f]{8,32}$/);

/** A desk that joined this hub, as its panel lists it (epoch ms). */
export const otherDeskSchema = z.object({
  id: deskIdSchema,
  joinedAt: z.number(),
  /** The last time it asked the hub anything since the hub started, or null. */
  lastSeenAt: z.number().nullable(),
  /** Revoked: its key stopped working; it stays listed. */
  revokedAt: z.number().nullable(),
});
export type OtherDesk = z.output<typeof otherDeskSchema>;

/** Settings' "Outros balcões": this desk's role and link, and on the hub its join code and the desks that joined. */
export const otherDesksViewSchema = fanoutStatusSchema.extend({
  /** The hub's join code once its engine is up: a secret, in this answer only (never in a push, never logged). */
  joinCode: z.string().nullable(),
  /** Newest first; always empty on a satellite. */
  desks: z.array(otherDeskSchema),
  /** A satellite's own id, as the hub's list names it (to find it there before revoking); null on the hub. */
  self: deskIdSchema.nullable(),
  /** The hub uses an existing NATS (`--nats-url`): its desks join with their own credentials file too. */
  existingNats: z.boolean().optional(),
});
export type OtherDesksView = z.output<typeof otherDesksViewSchema>;

export const testNotificationResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), backend: z.string() }),
  z.object({
    ok: z.literal(false),
    backend: z.string(),
    /** A short code (ENOENT, timeout, …), never a message with personal data. */
    code: z.string(),
    /** What to check on this OS, in the desk's language. */
    hint: z.string(),
  }),
]);

/** "Enviar evento de teste": the sample posted through the public address came back and was stored, or why not. */
export const testEventResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), eventId: eventIdSchema.nullable() }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
export type TestEventResult = z.output<typeof testEventResultSchema>;

export const deliveryIdSchema = z.string().regex(/^[1-9]\d{0,15}$/, VALIDATION_TEXTS.deliveryId.en);

/** One webhook delivery in the delivery log, newest first; the payload itself comes through `getDelivery`. */
export const deliveryItemSchema = z.object({
  id: deliveryIdSchema,
  receivedAt: z.number(),
  /** The body's type when it could be read, else null (not JSON, not an object). */
  type: z.string().nullable(),
  /** The HTTP status the listener answered (200, 400, 413, 415, 429, 503…). */
  status: z.number().int(),
  /** Body bytes. */
  size: z.number().int().nonnegative(),
  /** The same delivery had been stored in the last 24 h. */
  duplicate: z.boolean(),
  /** Sent again from the panel ("Reenviar"), not by WiFire. */
  replay: z.boolean(),
  eventId: eventIdSchema.nullable(),
  /** Its body was kept (valid events only, until the customer's data is erased or updated). */
  replayable: z.boolean(),
});
export type DeliveryItem = z.output<typeof deliveryItemSchema>;

export const deliveryPageSchema = z.object({
  items: z.array(deliveryItemSchema),
  /** Pass as `beforeId` for the next page; null when this page reached the oldest delivery kept. */
  nextBeforeId: deliveryIdSchema.nullable(),
});

export const deliveryDetailSchema = deliveryItemSchema.extend({
  /** The body as pretty-printed JSON with every personal value replaced by "•••"; null when none was kept. */
  payload: z.string().nullable(),
});
export type DeliveryDetail = z.output<typeof deliveryDetailSchema>;

export const replayResultSchema = z.object({
  status: z.number().int(),
  /** Already stored in the last 24 h: nothing new was added. */
  duplicate: z.boolean(),
  /** The event stored, or already stored; null when nothing was. */
  eventId: eventIdSchema.nullable(),
});
export type ReplayResult = z.output<typeof replayResultSchema>;

const none = z.undefined();

function method<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response };
}

/** Every method the renderer may call. */
export const bridgeMethods = {
  listFeed: method(feedQuerySchema, feedPageSchema),
  listEstablishments: method(none, z.array(z.object({ id: z.string(), name: z.string().nullable() }))),
  getCustomer: method(z.object({ customerId: customerIdSchema }), customerCardSchema.nullable()),
  /** The cached photo, fetched by main; null when there is none or it could not be fetched. */
  getPhoto: method(z.object({ customerId: customerIdSchema }), photoSchema.nullable()),
  markRead: method(
    z.union([
      z.object({ ids: z.array(eventIdSchema).min(1).max(1000) }),
      z.object({ all: z.literal(true), upToId: eventIdSchema.optional() }),
    ]),
    z.object({ unread: z.number().int().nonnegative() }),
  ),
  getSettings: method(none, settingsViewSchema),
  updateSettings: method(settingsPatchSchema, settingsViewSchema),
  regenerateWebhookSecret: method(none, settingsViewSchema),
  /** Holds pop-ups for this many minutes (0 lifts the snooze); the events are still stored and listed. */
  snooze: method(
    z.object({
      minutes: z
        .number()
        .int()
        .min(0)
        .max(24 * 60),
    }),
    statusSchema,
  ),
  sendTestNotification: method(none, testNotificationResultSchema),
  getStatus: method(none, statusSchema),
  /** The staff pasted this public webhook URL into WiFire: stop asking until it changes. */
  confirmPublicUrl: method(z.object({ publicWebhookUrl: z.string().max(4096) }), statusSchema),
  /** Starts the tunnel again now (after a failure, or to check it at once). */
  restartTunnel: method(none, statusSchema),
  /** The last webhook deliveries (time, type, answer, size), newest first. */
  listDeliveries: method(
    z.object({ beforeId: deliveryIdSchema.optional(), limit: z.number().int().min(1).max(200).default(50) }),
    deliveryPageSchema,
  ),
  /** One delivery with its redacted payload; null when it is no longer kept. */
  getDelivery: method(z.object({ id: deliveryIdSchema }), deliveryDetailSchema.nullable()),
  /** "Reenviar": the kept body through the same intake as a delivery (a duplicate within 24 h). */
  replayDelivery: method(z.object({ id: deliveryIdSchema }), replayResultSchema),
  /** Posts a sample delivery to this desk's own public webhook URL, as WiFire would: the whole chain in one click. */
  sendTestEvent: method(none, testEventResultSchema),
  /** "Outros balcões": the role, the link, and on the hub the join code and the desks; null when fan-out is off. */
  getOtherDesks: method(none, otherDesksViewSchema.nullable()),
  /** Hub only: that desk's key stops working at once, and it cannot join again with a code. */
  revokeDesk: method(z.object({ id: deskIdSchema }), otherDesksViewSchema),
  /** Hub only: the join code stops working for new desks (those that joined stay); the answer holds the new one. */
  renewJoinCode: method(none, otherDesksViewSchema),
  /**
   * "Reiniciar agora": the desktop app stops as on quitting (nothing acknowledged is lost) and opens again, so a new
   * "Este computador é…" applies. The headless service cannot start itself again: it refuses, saying so.
   */
  restartApp: method(none, z.object({ restarting: z.literal(true) })),
};

/** Every event main pushes to open views. */
export const bridgeEvents = {
  /** A new event was stored. */
  eventAdded: feedItemSchema,
  /** Events were marked read (by id, or all up to an id). */
  eventsRead: z.object({
    ids: z.array(eventIdSchema).optional(),
    upToId: eventIdSchema.optional(),
    unread: z.number().int().nonnegative(),
  }),
  /** Events older than this instant were purged by the retention setting. */
  eventsExpired: z.object({ createdBefore: z.number(), unread: z.number().int().nonnegative() }),
  /** LGPD removal: drop every row, card and photo of this customer at once. */
  customerPurged: z.object({ customerId: customerIdSchema, unread: z.number().int().nonnegative() }),
  /** LGPD update: the customer's rows, rewritten with the new contact. */
  customerUpdated: z.object({ customerId: customerIdSchema, items: z.array(feedItemSchema) }),
  settingsChanged: settingsViewSchema,
  status: statusSchema,
};

export type BridgeMethods = typeof bridgeMethods;
export type BridgeEvents = typeof bridgeEvents;
type SchemaMethodName = keyof BridgeMethods;
type SchemaEventName = keyof BridgeEvents;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
// A method or event without a schema, or a schema without a name in the lists, fails the type-check here.
export type MethodCoverage = Assert<Same<(typeof BRIDGE_METHOD_NAMES)[number], SchemaMethodName>>;
export type EventCoverage = Assert<Same<(typeof BRIDGE_EVENT_NAMES)[number], SchemaEventName>>;
type MethodContract = { request: z.ZodType; response: z.ZodType };
export type MethodShape = Assert<BridgeMethods extends Record<BridgeMethodName, MethodContract> ? true : false>;
export type EventShape = Assert<BridgeEvents extends Record<BridgeEventName, z.ZodType> ? true : false>;

export type BridgeRequest<K extends BridgeMethodName> = z.input<BridgeMethods[K]['request']>;
/** The request as main sees it after validation (defaults applied). */
export type BridgeParsedRequest<K extends BridgeMethodName> = z.output<BridgeMethods[K]['request']>;
export type BridgeResponse<K extends BridgeMethodName> = z.output<BridgeMethods[K]['response']>;
export type BridgeEventPayload<E extends BridgeEventName> = z.output<BridgeEvents[E]>;

/** What the renderer sees as `window.wifireDesk`: derived from the maps above, never written twice. */
export type WifireDeskApi = {
  [K in BridgeMethodName]: undefined extends BridgeRequest<K>
    ? (request?: BridgeRequest<K>) => Promise<BridgeResponse<K>>
    : (request: BridgeRequest<K>) => Promise<BridgeResponse<K>>;
} & {
  /** Listens to one pushed event; returns the function that stops listening. */
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void): () => void;
};

/** Why a method failed, as both transports carry it (the type and class live in the zod-free bridge-error.ts). */
export const bridgeErrorSchema = z.object({
  code: z.enum(BRIDGE_ERROR_CODES),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The HTTP and IPC answer envelope. */
export type { BridgeErrorBody };
export type BridgeEnvelope<T> = { ok: true; result: T } | { ok: false; error: BridgeErrorBody };
