// What a hub puts on the wire, and what a desk accepts from it: pointers and tombstones only. Names, contacts,
// photos and messages never travel here (a desk asks the hub for them, see rpc.ts). Every message a desk receives
// is parsed with these schemas; one that does not parse is dropped with a log code.
import { z } from 'zod';
import { CATEGORIES, PRIORITIES } from '../../../shared/catalog.js';
import { eventIdSchema } from '../../../shared/bridge-contract.js';
import { customerKeySchema, nodeIdSchema } from './subjects.js';

/** A stored event, pointed at: enough to decide whether and how to ask for it, nothing about the person. */
export const eventPointerSchema = z.strictObject({
  v: z.literal(1),
  hub: nodeIdSchema,
  id: eventIdSchema,
  type: z.string().min(1).max(80),
  category: z.enum(CATEGORIES),
  priority: z.enum(PRIORITIES),
  establishmentId: z.string().min(1).max(200),
  createdAt: z.number().int().nonnegative(),
  /** The keyed digest that stands for the customer on this hub, or null when the event names none. */
  customerKey: customerKeySchema.nullable(),
});
export type EventPointer = z.output<typeof eventPointerSchema>;

/** A customer erased at a hub: every desk drops them from its views and withdraws their pop-ups. */
export const tombstoneSchema = z.strictObject({
  v: z.literal(1),
  hub: nodeIdSchema,
  customerKey: customerKeySchema,
  erasedAt: z.number().int().nonnegative(),
});
export type Tombstone = z.output<typeof tombstoneSchema>;

/**
 * A read mark in the hub's bucket: key `<hub>.<event id>` (value "1"), or `<hub>.upto` with the id as its value.
 * What is not one of these is ignored.
 */
export function parseReadMark(key: string, value: string): { ids: string[] } | { upToId: string } | null {
  const [hub, name] = key.split('.', 2);
  if (!nodeIdSchema.safeParse(hub).success) return null;
  if (name === 'upto') {
    const upTo = eventIdSchema.safeParse(value);
    return upTo.success ? { upToId: upTo.data } : null;
  }
  const id = eventIdSchema.safeParse(name);
  return id.success ? { ids: [id.data] } : null;
}

/** The bytes a message carries, parsed; null (never an exception) for anything else. */
export function parseMessage<T>(schema: z.ZodType<T>, bytes: Uint8Array): T | null {
  if (bytes.byteLength > 4096) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
