// The settings kept in config.json: one schema for both shells, validated whenever it is read back.
import { z } from 'zod';
import { VALIDATION_TEXTS } from './validation-texts.js';
import { LOCALES } from './catalog.js';
import { FANOUT_CHOICES, type FanoutChoice } from './fanout-choices.js';
import { DEFAULT_TUNNEL, tunnelPatchSchema, tunnelSettingsSchema } from './tunnel-settings.js';

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A webhook secret carries at least 128 bits: 22 base64url characters or more. */
export const webhookSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, VALIDATION_TEXTS.webhookSecret.en);

const privacySchema = z.object({
  /** CPF and RG are not needed to greet someone, so they are dropped unless the place opts in. */
  keepCpfRg: z.boolean().default(false),
  retentionDays: z.number().int().min(1).max(3650).default(30),
});

const intakeSchema = z.object({
  /** Requests a second one source may sustain, and the burst it may spend at once. */
  ratePerSecond: z.number().positive().max(100_000).default(20),
  burst: z.number().int().positive().max(1_000_000).default(200),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, VALIDATION_TEXTS.clockTime.en);

/** One quiet period: on these weekdays (0 = domingo … 6 = sábado), from → to; past midnight ends the next day. */
export const quietPeriodSchema = z.object({
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  from: clockTime,
  to: clockTime,
});
export type QuietPeriod = z.output<typeof quietPeriodSchema>;

const urgentRepeatSchema = z.object({
  /** Minutes between repeats of an urgent pop-up nobody acknowledged; 0 turns repeats off. */
  intervalMinutes: z.number().int().min(0).max(60),
  /** Repeats at most, after the first pop-up. */
  maxRepeats: z.number().int().min(0).max(20),
});

const burstSchema = z.object({
  /** Pop-ups shown one by one within the window; beyond that they become one summary. */
  limit: z.number().int().min(1).max(20),
  windowSeconds: z.number().int().min(3).max(300),
});

const firstRunSchema = z.object({
  /** The public address first answered the self-check. */
  reachedAt: z.number().int().nonnegative().nullable(),
  eventAt: z.number().int().nonnegative().nullable(),
  popUpAt: z.number().int().nonnegative().nullable(),
});
export type FirstRunFact = keyof z.output<typeof firstRunSchema>;
const NO_FIRST_RUN = { reachedAt: null, eventAt: null, popUpAt: null };

export { FANOUT_CHOICES, type FanoutChoice };

/** One desk follows at most this many places (join codes), as the service's overview does. */
export const MAX_JOIN_CODES = 50;

/** The fan-out choice as the panel sees it: everything but the join code and the credentials file. */
export const publicFanoutSchema = z.object({
  role: z.enum(FANOUT_CHOICES).default('off'),
  /** Where the hub's nats-server listens for the other desks, HOST:PORT (main reads it with parseHostPort); null: 0.0.0.0:4562. */
  listen: z.string().trim().min(1).max(300).nullable().default(null),
});

/** The fan-out choice kept in config.json; main also checks the address and the code with the parsers it starts with. */
const fanoutSettingSchema = publicFanoutSchema
  .extend({
    /**
     * The code another desk joins its hub with, or one code per place (whitespace between them) for a chain's
     * overview: a secret kept as one string (sealed on disk by the desktop, never sent to the panel).
     */
    joinCode: z
      .string()
      .trim()
      .min(1)
      .max(MAX_JOIN_CODES * 4097)
      .optional(),
    /**
     * The NATS credentials file (a path; its content is never read into settings) for codes that name an existing
     * NATS. Absent or null: none.
     */
    natsCreds: z.string().trim().min(1).max(1024).nullable().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.role === 'satellite' && !value.joinCode) {
      ctx.addIssue({ code: 'custom', path: ['joinCode'], message: VALIDATION_TEXTS.joinCodeMissing.en });
    }
  });
export type FanoutSetting = z.output<typeof fanoutSettingSchema>;

export const DEFAULT_URGENT_REPEAT = { intervalMinutes: 2, maxRepeats: 5 };
export const DEFAULT_BURST = { limit: 3, windowSeconds: 10 };
export const DEFAULT_FANOUT: FanoutSetting = { role: 'off', listen: null };

export const settingsShape = {
  locale: z.enum(LOCALES).default('pt-BR'),
  timeZone: z.string().refine(isTimeZone, VALIDATION_TEXTS.timeZone.en).default(DEFAULT_TIME_ZONE),
  mutedTypes: z.array(z.string().trim().min(1).max(80)).max(500).default([]),
  /** Establishment ids whose events are stored and listed but never pop up. */
  mutedEstablishments: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
  webhookSecret: webhookSecretSchema.optional(),
  /** Opens the panel; separate from the webhook secret so neither grants the other's access. */
  panelToken: webhookSecretSchema.optional(),
  privacy: privacySchema.default({ keepCpfRg: false, retentionDays: 30 }),
  intake: intakeSchema.default({ ratePerSecond: 20, burst: 200 }),
  /** How WiFire reaches this PC (shared/tunnel-settings.ts). */
  tunnel: tunnelSettingsSchema.default(DEFAULT_TUNNEL),
  /** The desktop app opens, in the tray, when this OS user logs in. */
  startAtLogin: z.boolean().default(true),
  /** Pop-ups held until resumed (the tray's "Pausar notificações"); events are still stored and listed. */
  notificationsPaused: z.boolean().default(false),
  /** No pop-ups in these periods, except urgent ones; events are still stored and listed. */
  quietHours: z.array(quietPeriodSchema).max(50).default([]),
  urgentRepeat: urgentRepeatSchema.default(DEFAULT_URGENT_REPEAT),
  /** An arrival or connection whose created_at is older than this never pops up: the customer may be gone. */
  staleArrivalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  burst: burstSchema.default(DEFAULT_BURST),
  /** Establishment ids this desk follows; empty follows all. Others are stored and listed but never pop up. */
  followedEstablishments: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
  /** When each first-run checklist fact first came true (epoch ms): the tunnel reached, an event, a pop-up. */
  firstRun: firstRunSchema.default(NO_FIRST_RUN),
  /** Other desks ("Outros balcões"): what this computer is when the service next starts; off by default. */
  fanout: fanoutSettingSchema.default(DEFAULT_FANOUT),
  /** Digest of the public webhook URL the staff last confirmed pasting into WiFire; never the URL itself. */
  tunnelConfirmed: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
};

/** Strict: tells whether a file read back from disk is sound as it stands. */
export const settingsSchema = z.object(settingsShape);
export type Settings = z.output<typeof settingsSchema>;

/** Salvaging: each key that fails falls back to its default, so one bad value does not cost the rest. */
export const salvageSettingsSchema = z.object({
  locale: settingsShape.locale.catch('pt-BR'),
  timeZone: settingsShape.timeZone.catch(DEFAULT_TIME_ZONE),
  mutedTypes: settingsShape.mutedTypes.catch([]),
  mutedEstablishments: settingsShape.mutedEstablishments.catch([]),
  webhookSecret: settingsShape.webhookSecret.catch(undefined),
  panelToken: settingsShape.panelToken.catch(undefined),
  privacy: settingsShape.privacy.catch({ keepCpfRg: false, retentionDays: 30 }),
  intake: settingsShape.intake.catch({ ratePerSecond: 20, burst: 200 }),
  tunnel: settingsShape.tunnel.catch(DEFAULT_TUNNEL),
  tunnelConfirmed: settingsShape.tunnelConfirmed.catch(undefined),
  firstRun: settingsShape.firstRun.catch(NO_FIRST_RUN),
  startAtLogin: settingsShape.startAtLogin.catch(true),
  notificationsPaused: settingsShape.notificationsPaused.catch(false),
  quietHours: settingsShape.quietHours.catch([]),
  urgentRepeat: settingsShape.urgentRepeat.catch(DEFAULT_URGENT_REPEAT),
  staleArrivalMinutes: settingsShape.staleArrivalMinutes.catch(30),
  burst: settingsShape.burst.catch(DEFAULT_BURST),
  followedEstablishments: settingsShape.followedEstablishments.catch([]),
  fanout: settingsShape.fanout.catch(DEFAULT_FANOUT),
});

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/**
 * A setting's schema as a patch carries it: no default (zod fills defaults even inside `.partial()`, so a one-key
 * patch would carry every other key at its default), and an object group partial, field by field, all the way down.
 */
export type PatchOf<T> =
  T extends z.ZodDefault<infer Inner>
    ? PatchOf<Inner>
    : T extends z.ZodObject<infer Shape>
      ? z.ZodObject<{ [K in keyof Shape]: z.ZodOptional<PatchOf<Shape[K]>> }>
      : T;

export function patchOf<T extends z.ZodType>(schema: T): PatchOf<T> {
  if (schema instanceof z.ZodDefault) return patchOf(schema.unwrap() as z.ZodType) as PatchOf<T>;
  if (schema instanceof z.ZodObject) return z.object(patchShapeOf(schema.shape as z.ZodRawShape)) as PatchOf<T>;
  return schema as PatchOf<T>;
}

export function patchShapeOf<S extends z.ZodRawShape>(shape: S): { [K in keyof S]: z.ZodOptional<PatchOf<S[K]>> } {
  const entries = Object.entries(shape).map(([key, field]) => [key, patchOf(field as z.ZodType).optional()]);
  return Object.fromEntries(entries) as { [K in keyof S]: z.ZodOptional<PatchOf<S[K]>> };
}

/** Keys that no patch may set: secrets are only regenerated, confirmations and first-run facts only noted by main. */
const NOT_PATCHABLE = { webhookSecret: true, panelToken: true, tunnelConfirmed: true, firstRun: true } as const;

/**
 * What the bridge and the panel may change: exactly what the sender sent, nested groups field by field. The tunnel
 * is the exception: the form saves a preset whole, and a token left out keeps the saved one (mergeTunnelPatch).
 */
export const settingsPatchSchema = z
  .object(patchShapeOf(settingsShape))
  .omit(NOT_PATCHABLE)
  .extend({ tunnel: tunnelPatchSchema.optional() });
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

// Every settings key must have its salvage rule: adding a key without one fails the type-check here.
export const SALVAGE_COVERS_EVERY_KEY: Record<keyof typeof settingsShape, unknown> = salvageSettingsSchema.shape;
