// A satellite's store: no database of its own. What the panel and the pop-ups read is asked of the hub (rpc.ts),
// answered from memory only; writes that belong to the hub (WiFire's events, erasures, purges) are not this desk's.
import { StoreUnavailableError } from '../store/commit-queue.js';
import { STORE_OP_NAMES } from '../store/store-op-names.js';
import type { Store } from '../store/store-client.js';
import type { FeedFilter } from '../store/feed-queries.js';
import type { StoreOpName } from '../store/store-ops.js';
import { RPC, envelopeSchema, type RpcAnswer, type RpcName, type RpcRequest } from './rpc.js';

/** Sends one request to the hub and resolves with its raw answer (bytes), or rejects (timeout, no responder). */
export type HubRequest = (operation: RpcName, payload: unknown) => Promise<Uint8Array>;

/**
 * An answer that did not parse (another version of the app, or not the hub), or a refusal: to the panel, the same
 * as no answer ("unavailable, try again"); it keeps StoreUnavailableError's name, which is what the bridge reads.
 */
export class HubAnswerError extends StoreUnavailableError {}

export interface RemoteStore extends Store {
  /** One request to the hub, its answer parsed; the unread count follows every answer. */
  ask<K extends RpcName>(operation: K, request: RpcRequest<K>): Promise<RpcAnswer<K>>;
}

/** What the hub's store would do, on a desk that keeps nothing: empty, or nothing to do. */
const LOCAL: Partial<Record<StoreOpName, (...args: never[]) => unknown>> = {
  recordDelivery: () => null,
  deliveriesPage: () => ({ rows: [], more: false }),
  getDelivery: () => null,
  oldest: () => null,
  listEvents: () => [],
  eventsOfCustomer: () => [],
  listErasures: () => [],
  countEvents: () => 0,
  forgetMarksBefore: () => undefined,
  outboxPending: () => [],
  outboxDone: () => undefined,
  fanoutKey: () => null,
  customerKey: () => Buffer.alloc(0),
};

/** The filter's own fields: the panel's query also carries its paging, which travels apart. */
function filterOnly(filter: FeedFilter): FeedFilter {
  const { categories, types, establishmentIds, fromDay, toDay, search, unreadOnly } = filter;
  return Object.fromEntries(
    Object.entries({ categories, types, establishmentIds, fromDay, toDay, search, unreadOnly }).filter(
      ([, value]) => value !== undefined,
    ),
  ) as FeedFilter;
}

/**
 * `onRefused`: the hub answered that this desk may not ask (revoked, on an existing NATS where the server cannot
 * cut it off): the link is dropped and the desk says so.
 */
export function createRemoteStore(
  request: HubRequest,
  onClose: () => Promise<void>,
  onRefused: () => void = () => undefined,
): RemoteStore {
  let unread = 0;
  let closed = false;

  const ask = async <K extends RpcName>(operation: K, payload: RpcRequest<K>): Promise<RpcAnswer<K>> => {
    if (closed) throw new StoreUnavailableError('closed');
    let bytes: Uint8Array;
    try {
      bytes = await request(operation, payload);
    } catch (error) {
      throw new StoreUnavailableError(`hub_${(error as { code?: string }).code ?? 'unreachable'}`.toLowerCase());
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new HubAnswerError('hub_answer_not_json');
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) throw new HubAnswerError('hub_answer_invalid');
    if (!envelope.data.ok) {
      if (envelope.data.error === 'refused') onRefused();
      throw new HubAnswerError(`hub_${envelope.data.error}`);
    }
    unread = envelope.data.unread;
    const result = RPC[operation].answer.safeParse(envelope.data.result);
    if (!result.success) throw new HubAnswerError('hub_answer_invalid');
    return result.data as RpcAnswer<K>;
  };

  const remote: Partial<Record<StoreOpName, (...args: never[]) => Promise<unknown>>> = {
    feedPage: (filter: FeedFilter, timeZone: string, limit: number, beforeId?: number) =>
      ask('feedPage', { filter: filterOnly(filter), timeZone, limit, ...(beforeId === undefined ? {} : { beforeId }) }),
    feedRow: async (eventId: string) => {
      const answer = await ask('event', { id: eventId });
      return answer && { event: answer.event, customerName: answer.customer?.name ?? null, hasPhoto: false };
    },
    ofCustomer: (customerId: string) => ask('ofCustomer', { customerId }),
    getCustomer: (customerId: string) => ask('getCustomer', { customerId }),
    getEvent: async (eventId: string) => (await ask('event', { id: eventId }))?.event ?? null,
    eventWithCustomer: (eventId: string) => ask('event', { id: eventId }),
    establishments: () => ask('establishments', {}),
    unreadCount: () => ask('unreadCount', {}),
    markRead: (ids: string[]) => ask('markRead', { ids }),
    markReadUpTo: (upToId: number) => ask('markReadUpTo', { upToId }),
    close: async () => {
      if (closed) return;
      closed = true;
      await onClose();
    },
  };

  const refused = (): Promise<never> => Promise.reject(new StoreUnavailableError('not_the_hub'));
  const store = Object.fromEntries(
    STORE_OP_NAMES.map((op) => {
      const remoteOp = remote[op];
      if (remoteOp) return [op, remoteOp];
      const localOp = LOCAL[op];
      if (localOp) return [op, (...args: never[]) => Promise.resolve(localOp(...args))];
      // insertInsight, eraseCustomer, updateContact, purgeBefore: the hub's alone.
      return [op, refused];
    }),
  ) as unknown as RemoteStore;
  Object.defineProperty(store, 'unread', { get: () => unread, enumerable: true });
  Object.defineProperty(store, 'ask', { value: ask, enumerable: false });
  return store;
}
