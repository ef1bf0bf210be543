// One-way event bus from the store to classify/policy/notifier, the views and privacy.
import type { Customer, Erasure, StoredEvent } from './store/event-store.js';
import type { OutboxRow } from './store/fanout-outbox.js';

export interface BusEvents {
  /** A new event is on disk (never emitted for duplicates). */
  /** `missed`: a satellite's event that came in the backlog of its hub while it was cut off (one catch-up for all). */
  /** `outboxRow`: on a hub, the event's pointer as its transaction wrote it, for the hub to publish. */
  'event-stored': { event: StoredEvent; customer: Customer | null; missed?: boolean; outboxRow?: OutboxRow };
  /** Every trace of the customer left the machine; views must drop them. */
  'customer-purged': { customerId: string; erasure: Erasure };
  /** Someone saw these events (feed, or a pop-up clicked): urgent repeats for them stop. */
  /** `remote`: read on another desk (a satellite hears it from its hub): views here are told too. */
  'events-read': { ids?: string[]; upToId?: string; remote?: boolean };
  /** Name, e-mail or phone changed; views must re-read the customer. */
  'customer-updated': { customerId: string };
  /** Events created before `createdBefore` aged out (retention); views drop them, and the customers listed are gone. */
  'events-expired': { createdBefore: number; eventsRemoved: number; customerIds: string[] };
}

type Listener<K extends keyof BusEvents> = (payload: BusEvents[K]) => void;

export class Bus {
  private readonly listeners: { [K in keyof BusEvents]?: Array<Listener<K>> } = {};

  constructor(private readonly onListenerError: (channel: keyof BusEvents, error: unknown) => void = () => {}) {}

  on<K extends keyof BusEvents>(channel: K, listener: Listener<K>): () => void {
    const list = (this.listeners[channel] ??= []) as Array<Listener<K>>;
    list.push(listener);
    return () => {
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
    };
  }

  /** A failing listener is reported and skipped: the event is already stored and the others still run. */
  emit<K extends keyof BusEvents>(channel: K, payload: BusEvents[K]): void {
    for (const listener of [...((this.listeners[channel] ?? []) as Array<Listener<K>>)]) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(channel, error);
      }
    }
  }
}
