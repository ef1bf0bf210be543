// A simulator payload normalised as the listener would: the insight the store's own tests insert.
import { normalize, type NormalizedInsight } from '../../main/core/intake/normalize.js';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';

export interface InsightOptions {
  /** 'cliente-chegou' unless said. */
  type?: string | undefined;
  /** created_at (epoch ms); the simulator's "now" unless said. */
  at?: number | undefined;
  /** A second after `at` when that is given, else now. */
  receivedAt?: number | undefined;
  keepCpfRg?: boolean | undefined;
}

/** Fake customer number `n`'s insight; throws if the simulator's payload does not normalise. */
export function insightOf(n: number, options: InsightOptions = {}): NormalizedInsight {
  const { type = 'cliente-chegou', at, keepCpfRg = false } = options;
  const payload =
    at === undefined ? buildPayload(type, fakeCustomer(n)) : buildPayload(type, fakeCustomer(n), { at: new Date(at) });
  const result = normalize(payload, {
    timeZone: 'America/Sao_Paulo',
    keepCpfRg,
    receivedAt: options.receivedAt ?? (at === undefined ? Date.now() : at + 1000),
  });
  if (!result.ok || result.value.kind !== 'insight') throw new Error('payload did not normalise');
  return result.value;
}
