// What a desk may ask its hub, and what it accepts back: the store's reads the panel and the pop-ups need, and
// the read marks. The hub answers only these, each request parsed first; the desk parses each answer, so a hub of
// another version (or a forged reply) is an error on the desk, never a crash or a wrong screen.
import { z } from 'zod';
import { CATEGORIES } from '../../../shared/catalog.js';
import { customerIdSchema, eventIdSchema } from '../../../shared/bridge-contract.js';
import type { Store } from '../store/store-client.js';
import { nodeIdSchema } from './subjects.js';

const storedEventSchema = z.object({
  id: eventIdSchema,
  type: z.string().max(80),
  customerId: z.string().max(200).nullable(),
  establishmentId: z.string().max(200),
  establishmentName: z.string().max(500).nullable(),
  message: z.string().max(10_000).nullable(),
  data: z.unknown(),
  createdAt: z.number(),
  receivedAt: z.number(),
  readAt: z.number().nullable(),
});

const customerSchema = z.object({
  id: z.string().max(200),
  name: z.string().max(500).nullable(),
  email: z.string().max(500).nullable(),
  phone: z.string().max(100).nullable(),
  birthday: z.string().max(40).nullable(),
  /** Always null on the wire: a desk that is not the hub keeps no photo (it would be a file). */
  photoUrl: z.null(),
  cpf: z.string().max(40).nullable(),
  rg: z.string().max(40).nullable(),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  visitCount: z.number().int().nonnegative(),
  lastRatingBand: z.enum(['detractor', 'passive', 'promoter']).nullable(),
  lastRatingScore: z.number().nullable(),
  lastRatingAt: z.number().nullable(),
});

const feedRowSchema = z.object({
  event: storedEventSchema,
  customerName: z.string().max(500).nullable(),
  hasPhoto: z.literal(false),
});

const feedFilterSchema = z.strictObject({
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).optional(),
  types: z.array(z.string().min(1).max(80)).max(100).optional(),
  establishmentIds: z.array(z.string().min(1).max(200)).max(100).optional(),
  fromDay: z.string().max(10).optional(),
  toDay: z.string().max(10).optional(),
  search: z.string().max(100).optional(),
  unreadOnly: z.boolean().optional(),
});

/** Each operation: its request's schema and its answer's schema. */
export const RPC = {
  /** A desk arrives (or comes back): the hub keeps its place in the streams (from now on) and notes it was seen. */
  join: {
    request: z.strictObject({
      desk: nodeIdSchema,
      /** The desk's own public key: from then on it connects with it, and can be revoked alone. */
      publicKey: z.string().regex(/^U[A-Z2-7]{55}$/),
      /** The join code's id. */
      invitation: nodeIdSchema,
      /** On an existing NATS, a new desk's id and key signed with the join code's key (request-signature.ts). */
      proof: z
        .string()
        .regex(/^[A-Za-z0-9_-]{40,200}$/)
        .optional(),
    }),
    answer: z.literal(true),
  },
  /** A stored event and its customer, for a pop-up; null once erased (or aged out). */
  event: {
    request: z.strictObject({ id: eventIdSchema }),
    answer: z.object({ event: storedEventSchema, customer: customerSchema.nullable() }).nullable(),
  },
  feedPage: {
    request: z.strictObject({
      filter: feedFilterSchema,
      timeZone: z.string().min(1).max(64),
      limit: z.number().int().min(1).max(500),
      beforeId: z.number().int().positive().optional(),
    }),
    answer: z.object({ rows: z.array(feedRowSchema), total: z.number().int(), more: z.boolean() }),
  },
  ofCustomer: {
    request: z.strictObject({ customerId: customerIdSchema }),
    answer: z.array(feedRowSchema),
  },
  getCustomer: {
    request: z.strictObject({ customerId: customerIdSchema }),
    answer: customerSchema.nullable(),
  },
  establishments: {
    request: z.strictObject({}),
    answer: z.array(z.object({ id: z.string().max(200), name: z.string().max(500).nullable() })),
  },
  unreadCount: { request: z.strictObject({}), answer: z.number().int().nonnegative() },
  markRead: {
    request: z.strictObject({ ids: z.array(eventIdSchema).min(1).max(1000) }),
    answer: z.number().int().nonnegative(),
  },
  markReadUpTo: {
    request: z.strictObject({ upToId: z.number().int().positive() }),
    answer: z.number().int().nonnegative(),
  },
} as const;

export type RpcName = keyof typeof RPC;
export type RpcRequest<K extends RpcName> = z.input<(typeof RPC)[K]['request']>;
export type RpcAnswer<K extends RpcName> = z.output<(typeof RPC)[K]['answer']>;

export function isRpcName(name: string): name is RpcName {
  return Object.hasOwn(RPC, name);
}

/** Every answer travels in one envelope: the result, or an error code (never a message from the hub's internals). */
export const envelopeSchema = z.union([
  z.strictObject({ ok: z.literal(true), result: z.unknown(), unread: z.number().int().nonnegative() }),
  z.strictObject({
    ok: z.literal(false),
    error: z.enum(['invalid', 'unknown', 'unavailable', 'internal', 'refused']),
  }),
]);
export type Envelope = z.output<typeof envelopeSchema>;

/** No photo leaves the hub: what a desk gets of a customer. */
function withoutPhoto<T extends { photoUrl: string | null } | null>(customer: T): T {
  return customer ? { ...customer, photoUrl: null } : customer;
}

/** The hub's side: one request, parsed, run against its store. */
export async function answerRpc(store: Store, name: string, payload: unknown): Promise<Envelope> {
  if (!isRpcName(name)) return { ok: false, error: 'unknown' };
  const parsed = RPC[name].request.safeParse(payload);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  const result = await runRpc(store, name, parsed.data);
  return { ok: true, result, unread: store.unread };
}

async function runRpc(store: Store, name: RpcName, request: unknown): Promise<unknown> {
  const noPhoto = <R extends { hasPhoto: boolean }>(row: R): R => ({ ...row, hasPhoto: false });
  switch (name) {
    case 'join':
      // The hub's own (it makes consumers): see FanoutHub.
      throw new Error('join is answered by the hub');
    case 'event': {
      const found = await store.eventWithCustomer((request as RpcRequest<'event'>).id);
      return found && { event: found.event, customer: withoutPhoto(found.customer) };
    }
    case 'feedPage': {
      const { filter, timeZone, limit, beforeId } = request as RpcRequest<'feedPage'>;
      const page = await store.feedPage(filter, timeZone, limit, beforeId);
      return { ...page, rows: page.rows.map(noPhoto) };
    }
    case 'ofCustomer':
      return (await store.ofCustomer((request as RpcRequest<'ofCustomer'>).customerId)).map(noPhoto);
    case 'getCustomer':
      return withoutPhoto(await store.getCustomer((request as RpcRequest<'getCustomer'>).customerId));
    case 'establishments':
      return store.establishments();
    case 'unreadCount':
      return store.unreadCount();
    case 'markRead':
      return store.markRead((request as RpcRequest<'markRead'>).ids, Date.now());
    case 'markReadUpTo':
      return store.markReadUpTo((request as RpcRequest<'markReadUpTo'>).upToId, Date.now());
  }
}
