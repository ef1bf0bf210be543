// zod schemas for WiFire's two webhook shapes: lenient where WiFire is loose, strict where it matters.
import { z } from 'zod';
import { CREATED_AT_PATTERN } from '../local-time.js';

/** Biggest body the listener reads; WiFire's payloads are under 2 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;
const MAX_TEXT = 2000;

/**
 * Optional text field: missing, null, empty or a number (phones, CPF) all read as text or null; a string over
 * MAX_TEXT is "too long", anything else "wrong type or format" (our own words, never the value). One transform
 * rather than a union of three schemas: a user has twelve of these, and the union allocated 7.6 KB per webhook.
 */
const looseText = z
  .unknown()
  .optional()
  .transform((value, ctx): string | null => {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' ? value.length > MAX_TEXT : typeof value !== 'number') {
      ctx.issues.push({
        code: 'custom',
        message: typeof value === 'string' ? 'too long' : 'wrong type or format',
        input: value,
      });
      return z.NEVER;
    }
    const text = String(value).trim();
    return text === '' ? null : text;
  });

const typeField = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, 'must be a WiFire event type such as "cliente-chegou"'));

const userId = z
  .union([z.string().trim().min(1).max(128), z.number().int().nonnegative()])
  .transform((value) => String(value));

const establishmentSchema = z.object({
  identifier: z.string().trim().min(1).max(200),
  name: looseText,
  slug: looseText,
});

const activitySchema = z.object({
  message: looseText,
  data_of_type: z.unknown().optional(),
  created_at: z
    .union([
      z.string().trim().regex(CREATED_AT_PATTERN, 'must be a date and time like "2017-11-14 16:21:50"'),
      z.null(),
    ])
    .optional()
    .transform((value) => value ?? null),
});

const userSchema = z.object({
  id: userId,
  name: looseText,
  facebook_id: looseText,
  google_id: looseText,
  image: looseText,
  email: looseText,
  status_email: looseText,
  cpf: looseText,
  rg: looseText,
  phone: looseText,
  mac: looseText,
  birthday: looseText,
});

export const insightPayloadSchema = z.object({
  type: typeField,
  activity: activitySchema
    .nullish()
    .transform((value) => value ?? { message: null, data_of_type: undefined, created_at: null }),
  establishment: establishmentSchema,
  user: userSchema,
});

export const lgpdPayloadSchema = z.object({
  type: typeField,
  establishment: establishmentSchema,
  user: userSchema.pick({ id: true, name: true, email: true, phone: true }),
});

export type InsightPayload = z.output<typeof insightPayloadSchema>;
export type LgpdPayload = z.output<typeof lgpdPayloadSchema>;
export type WebhookUser = InsightPayload['user'];
