// One parsed webhook body through normalize → accept, to the answer the contract table gives: the listener and
// the delivery log's "Reenviar" both go through here, so a replay is treated exactly as a delivery would be.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import { normalize, type NormalizedInsight, type NormalizedLgpd, type PayloadIssue } from './normalize.js';
import { StoreUnavailableError } from '../store/commit-queue.js';

/**
 * What became of a valid insight: stored (`outdated` when it predates its customer's contact update, stored with
 * the current values), a repeat of a delivery already stored, or dated before its customer's erasure (not stored).
 */
export type IntakeOutcome =
  { status: 'stored'; id: string; outdated: boolean } | { status: 'duplicate'; id: string } | { status: 'erased' };

export interface IntakeDeps {
  log: Logger;
  normalizeOptions: () => { timeZone: string; keepCpfRg: boolean };
  acceptInsight: (event: NormalizedInsight) => Promise<IntakeOutcome>;
  acceptLgpd: (event: NormalizedLgpd) => Promise<void>;
}

export interface IntakeOptions {
  receivedAt?: number;
  /** The original delivery's identity, for a replay of a body kept minimised (its own hash would differ). */
  contentHash?: Buffer;
}

export interface IntakeAnswer {
  status: number;
  body: object;
  headers?: Record<string, string>;
  /** What normalize made of the body; null when it was refused. */
  event: NormalizedInsight | NormalizedLgpd | null;
  /** The stored (or already stored) event of an insight; null otherwise. */
  outcome: IntakeOutcome | null;
}

export function invalidBody(error: 'invalid_json' | 'invalid_payload', issues: PayloadIssue[]): object {
  return { ok: false, error, issues };
}

/** The 200 body: a stored event's id; for a retry that an erasure made void, no id (nothing was kept). */
function answerTo(outcome: IntakeOutcome): object {
  if (outcome.status === 'stored') return { ok: true, id: outcome.id };
  if (outcome.status === 'duplicate') return { ok: true, duplicate: true };
  return { ok: true, discarded: 'customer_erased' };
}

/** Never echoes payload values; rejects only on an unexpected failure (the listener answers 500 then). */
export async function runIntake(body: unknown, deps: IntakeDeps, options: IntakeOptions = {}): Promise<IntakeAnswer> {
  const started = performance.now();
  let result: ReturnType<typeof normalize>;
  try {
    result = normalize(body, { ...deps.normalizeOptions(), receivedAt: options.receivedAt ?? Date.now() });
  } catch (error) {
    // JSON.parse takes thousands of nested levels that JSON.stringify then overflows on: the sender's 400, not a 500.
    if (!(error instanceof RangeError)) throw error;
    deps.log.info('webhook refused: payload nested too deeply');
    const issues = [{ path: '(root)', message: 'nested too deeply' }];
    return { status: 400, body: invalidBody('invalid_payload', issues), event: null, outcome: null };
  }
  if (!result.ok) {
    deps.log.info('webhook refused: payload does not match the schema', { issues: result.issues.length });
    return { status: 400, body: invalidBody('invalid_payload', result.issues), event: null, outcome: null };
  }
  const event = result.value;
  if (options.contentHash && event.kind === 'insight') event.contentHash = options.contentHash;
  try {
    if (event.kind === 'lgpd') {
      await deps.acceptLgpd(event);
      deps.log.info('lgpd request carried out', { type: event.type, ms: Math.round(performance.now() - started) });
      return { status: 200, body: { ok: true, id: randomUUID() }, event, outcome: null };
    }
    const outcome = await deps.acceptInsight(event);
    return { status: 200, body: answerTo(outcome), event, outcome };
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      deps.log.error('webhook not acknowledged: store unavailable', { cause: error.causeCode.toLowerCase() });
      return {
        status: 503,
        body: { ok: false, error: 'store_unavailable' },
        headers: { 'retry-after': '5' },
        event,
        outcome: null,
      };
    }
    throw error;
  }
}
