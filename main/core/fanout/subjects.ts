// Where each kind of message travels on NATS. Every name starts with the account, so several chains can share a
// server; a hub's messages carry its id, so an overview can follow several places in one account.
import { z } from 'zod';

/** An account (a chain, or one place): lowercase letters, digits and dashes, as it appears in subject names. */
export const accountSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);
/** A hub's or a desk's id: 8 to 32 lowercase hex characters, made at random when fan-out is first turned on. */
export const nodeIdSchema = z.string().regex(/^[0-9a-f]{8,32}$/);
/** The keyed digest of WiFire's user id that stands for a customer on the wire (16 bytes, hex). */
export const customerKeySchema = z.string().regex(/^[0-9a-f]{32}$/);

/** The customer part of an event's subject when the event names no customer. */
export const NO_CUSTOMER = 'none';

/** Names are upper case in JetStream (stream and bucket names cannot hold dots). */
function upper(account: string): string {
  return account.toUpperCase().replace(/-/g, '_');
}

export function subjectsOf(account: string) {
  return {
    /** Pointers to stored events: `<acct>.ev.<hub>.<customer key|none>` (purged by the customer's key). */
    event: (hub: string, customerKey: string | null) => `${account}.ev.${hub}.${customerKey ?? NO_CUSTOMER}`,
    events: `${account}.ev.>`,
    eventsOfHub: (hub: string) => `${account}.ev.${hub}.>`,
    eventsOfCustomer: (hub: string, customerKey: string) => `${account}.ev.${hub}.${customerKey}`,
    /** Tombstones: the customer key that every desk drops from its views. */
    erasure: (hub: string) => `${account}.erase.${hub}`,
    erasures: `${account}.erase.>`,
    /** Requests a desk sends a hub: `<acct>.rpc.<hub>.<operation>`. */
    request: (hub: string, operation: string) => `${account}.rpc.${hub}.${operation}`,
    requestsTo: (hub: string) => `${account}.rpc.${hub}.>`,
    requests: `${account}.rpc.>`,
    /** Replies come back on the desk's own inbox prefix: one desk cannot read another's answers. */
    inbox: (desk: string) => `_INBOX_${desk}`,
    /**
     * On an existing NATS: `_INBOX.<desk>`, so its administrator can allow every desk `_INBOX.>` or one desk its
     * own `_INBOX.<desk>.>` (the id is in the hub's list).
     */
    sharedInbox: (desk: string) => `_INBOX.${desk}`,
    eventStream: `${upper(account)}_EVENTS`,
    erasureStream: `${upper(account)}_ERASURES`,
    /** Read marks: key `<hub>.<event id>`, on every desk. */
    readBucket: `${upper(account)}_READ`,
  };
}

export type Subjects = ReturnType<typeof subjectsOf>;

/**
 * The durable consumer a desk reads one hub's stream with (kept by the server while the desk is away). The hub is
 * in the name: on a chain's NATS the streams are the account's, and an overview desk reads every place's.
 */
export function consumerName(desk: string, hub: string, stream: 'events' | 'erasures'): string {
  return `desk_${desk}_${hub}_${stream}`;
}
