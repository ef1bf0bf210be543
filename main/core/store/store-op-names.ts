// The store's operations by name: what the main thread's client may ask the worker, without loading the database
// code itself (the types come from store-ops.ts, erased at run time).
import type { StoreOpName } from './store-ops.js';

export const STORE_OP_NAMES = [
  'insertInsight',
  'eraseCustomer',
  'updateContact',
  'recordDelivery',
  'markRead',
  'markReadUpTo',
  'purgeBefore',
  'feedPage',
  'feedRow',
  'ofCustomer',
  'unreadCount',
  'establishments',
  'getCustomer',
  'getEvent',
  'eventWithCustomer',
  'listEvents',
  'eventsOfCustomer',
  'countEvents',
  'listErasures',
  'oldest',
  'deliveriesPage',
  'getDelivery',
  'customerKey',
  'forgetMarksBefore',
  'outboxPending',
  'outboxDone',
  'fanoutKey',
  'close',
] as const satisfies readonly StoreOpName[];

// A name missing from the list (or listed twice over a rename) fails the type-check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type StoreOpCoverage = Same<(typeof STORE_OP_NAMES)[number], StoreOpName> extends true ? true : never;
export const STORE_OPS_COVERED: StoreOpCoverage = true;
