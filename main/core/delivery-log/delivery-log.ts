// The delivery log's core: what is recorded of each delivery, what the panel lists and shows, and "Reenviar".
import {
  BridgeError,
  type BridgeParsedRequest,
  type BridgeResponse,
  type DeliveryDetail,
  type DeliveryItem,
  type ReplayResult,
} from '../../../shared/bridge-contract.js';
import { normalizeType, type Locale } from '../../../shared/catalog.js';
import type { DeliveryFacts } from './delivery-log-tap.js';
import { runIntake, type IntakeDeps, type IntakeOutcome } from '../intake/intake.js';
import type { Logger } from '../logger.js';
import type { NormalizedInsight } from '../intake/normalize.js';
import { redactedJson } from './redact-payload.js';
import { StoreUnavailableError } from '../store/commit-queue.js';
import type { Store } from '../store/store-client.js';
import { REPLAY_CANCELLED } from '../store/store-ops.js';
import type { DeliveryEntry, DeliverySummary } from './delivery-log-table.js';

/** The listener's accept path; a replay asks for its delivery row's body to be still kept, checked inside the insert. */
export interface ReplayIntakeDeps extends Omit<IntakeDeps, 'acceptInsight'> {
  acceptInsight: (event: NormalizedInsight, options?: { requireDeliveryBody?: number }) => Promise<IntakeOutcome>;
}

export interface DeliveryLogDeps {
  /** The delivery log's table, in the store's worker. */
  log: Pick<Store, 'recordDelivery' | 'deliveriesPage' | 'getDelivery'>;
  intake: ReplayIntakeDeps;
  logger: Logger;
  locale: () => Locale;
  /** Told after each row is queued (retention arms its timer for the oldest row). */
  onRecorded?: (receivedAt: number) => void;
}

const TYPE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,79}$/;

/** The user fields an insight keeps (normalize's); the others are written as null, as if WiFire had not sent them. */
const KEPT_USER_FIELDS = new Set(['id', 'name', 'email', 'phone', 'birthday', 'status_email']);

const MESSAGES: Record<'gone' | 'changed', Record<Locale, string>> = {
  gone: {
    'pt-BR': 'Esta entrega não pode ser reenviada: o conteúdo dela não está guardado.',
    en: 'This delivery cannot be sent again: its content is not kept.',
  },
  changed: {
    'pt-BR': 'O cliente desta entrega atualizou ou removeu a conta agora há pouco; ela não pode mais ser reenviada.',
    en: "This delivery's customer just updated or deleted their account; it can no longer be sent again.",
  },
};

/** The type as the body gives it, when it reads as one (a refused body's `type` may be anything). */
function readableType(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const raw = (body as Record<string, unknown>).type;
  if (typeof raw !== 'string') return null;
  const type = normalizeType(raw);
  return TYPE_PATTERN.test(type) ? type : null;
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = source[key];
  return out;
}

/**
 * The body a valid insight is kept as: only what normalize reads, with what it drops (MAC, Facebook and Google ids,
 * CPF and RG unless the place keeps them, a photo that is not a web address) written as null. Replaying it gives
 * the same stored event; its identity for the 24 h dedupe is the original hash, kept beside it.
 */
export function minimisedBody(body: Record<string, unknown>, event: NormalizedInsight): Buffer {
  const user = body.user as Record<string, unknown>;
  const keptUser: Record<string, unknown> = {};
  // Keys, not entries: a pair array per field was most of what this allocated for each webhook.
  for (const key of Object.keys(user)) {
    const value = user[key];
    if (KEPT_USER_FIELDS.has(key)) keptUser[key] = value;
    else if (key === 'image') keptUser[key] = event.customer.photoUrl === null ? null : value;
    else if (key === 'cpf') keptUser[key] = event.customer.cpf === null ? null : value;
    else if (key === 'rg') keptUser[key] = event.customer.rg === null ? null : value;
    else keptUser[key] = null;
  }
  const activity = body.activity;
  const kept: Record<string, unknown> = { type: body.type };
  if (activity !== undefined) {
    kept.activity =
      activity !== null && typeof activity === 'object'
        ? pick(activity as Record<string, unknown>, ['message', 'data_of_type', 'created_at'])
        : activity;
  }
  kept.establishment = pick(body.establishment as Record<string, unknown>, ['identifier', 'name', 'slug']);
  kept.user = keptUser;
  return Buffer.from(JSON.stringify(kept), 'utf8');
}

/**
 * The row for one delivery: a body (and so a customer id, for LGPD to find it) only for a valid insight that was
 * stored as sent, or not yet stored (a 503, for Reenviar). A repeat's body is never kept, nor one holding contact
 * values its customer has since changed; of a delivery made void by its customer's erasure, not even the id.
 */
export function deliveryEntry(facts: DeliveryFacts): DeliveryEntry {
  const type = facts.event?.type ?? readableType(facts.body);
  const insight = facts.event?.kind === 'insight' ? facts.event : null;
  const outcome = facts.outcome;
  const known = insight !== null && outcome?.status !== 'erased';
  const keepBody = known && (outcome === null || (outcome.status === 'stored' && !outcome.outdated));
  return {
    startedAt: facts.startedAt,
    receivedAt: facts.receivedAt,
    status: facts.status,
    size: facts.size,
    type,
    customerId: known ? insight.customer.id : null,
    eventId: outcome && outcome.status !== 'erased' ? Number(outcome.id) : null,
    duplicate: outcome?.status === 'duplicate',
    replay: facts.replay,
    body: keepBody ? minimisedBody(facts.body as Record<string, unknown>, insight) : null,
    contentHash: keepBody ? insight.contentHash : null,
  };
}

function toItem(row: DeliverySummary): DeliveryItem {
  return {
    id: String(row.id),
    receivedAt: row.receivedAt,
    type: row.type,
    status: row.status,
    size: row.size,
    duplicate: row.duplicate,
    replay: row.replay,
    eventId: row.eventId === null ? null : String(row.eventId),
    replayable: row.replayable,
  };
}

export class DeliveryLog {
  constructor(private readonly deps: DeliveryLogDeps) {}

  /** The listener's recorder: queued off the answer's path; a failure is logged without personal data and ignored. */
  record(facts: DeliveryFacts): Promise<void> {
    let entry: DeliveryEntry;
    try {
      entry = deliveryEntry(facts);
    } catch (error) {
      this.logFailure(error);
      return Promise.resolve();
    }
    const written = this.deps.log.recordDelivery(entry).then(
      (failure) => {
        if (failure !== null) this.logFailure(Object.assign(new Error('not logged'), { code: failure }));
      },
      (error: unknown) => this.logFailure(error),
    );
    this.deps.onRecorded?.(entry.receivedAt);
    return written;
  }

  async list(request: BridgeParsedRequest<'listDeliveries'>): Promise<BridgeResponse<'listDeliveries'>> {
    const beforeId = request.beforeId === undefined ? undefined : Number(request.beforeId);
    const page = await this.deps.log.deliveriesPage(request.limit, beforeId);
    const items = page.rows.map(toItem);
    return { items, nextBeforeId: page.more ? items[items.length - 1]!.id : null };
  }

  async get(id: string): Promise<DeliveryDetail | null> {
    const row = await this.deps.log.getDelivery(Number(id));
    if (!row) return null;
    let payload: string | null = null;
    if (row.body) {
      try {
        payload = redactedJson(JSON.parse(row.body.toString('utf8')) as unknown);
      } catch {
        payload = null;
      }
    }
    return { ...toItem(row), payload };
  }

  /** Sends a kept body through the listener's intake again and logs it as a replay. */
  async replay(id: string): Promise<ReplayResult> {
    const { log, intake, logger } = this.deps;
    const rowId = Number(id);
    const row = await log.getDelivery(rowId);
    if (!row?.body || !row.contentHash) throw new BridgeError('not_found', MESSAGES.gone[this.deps.locale()]);
    const body = JSON.parse(row.body.toString('utf8')) as unknown;
    const startedAt = performance.now();
    const receivedAt = Date.now();
    let answer;
    try {
      // An LGPD request queued before this replay's insert erases or rewrites the row: then nothing may be stored again.
      answer = await runIntake(
        body,
        { ...intake, acceptInsight: (event) => intake.acceptInsight(event, { requireDeliveryBody: rowId }) },
        { receivedAt, contentHash: row.contentHash },
      );
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === REPLAY_CANCELLED) {
        throw new BridgeError('not_found', MESSAGES.changed[this.deps.locale()]);
      }
      throw error;
    }
    await this.record({
      startedAt,
      receivedAt,
      status: answer.status,
      size: row.size,
      body,
      event: answer.event,
      outcome: answer.outcome,
      replay: true,
    });
    const outcome = answer.outcome;
    const duplicate = outcome?.status === 'duplicate';
    logger.info('delivery replayed', { status: answer.status, duplicate });
    return { status: answer.status, duplicate, eventId: outcome && outcome.status !== 'erased' ? outcome.id : null };
  }

  private logFailure(error: unknown): void {
    const code = error instanceof StoreUnavailableError ? error.causeCode : (error as { code?: unknown } | null)?.code;
    this.deps.logger.warn('delivery not logged', {
      error: (typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown').toLowerCase(),
    });
  }
}
