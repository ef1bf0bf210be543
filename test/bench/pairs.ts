// Baseline and subject, interleaved: baseline, subject, baseline, subject… so both see the same minute of the
// machine, and a figure is the median of the pairs' ratios, with their spread beside it.
import { median } from './harness.js';

export interface Pair<B, S> {
  baseline: B;
  subject: S;
}

/** Runs `count` pairs in order, each the baseline first; stops at the first error. */
export async function interleave<B, S>(
  count: number,
  baseline: (index: number) => Promise<B>,
  subject: (index: number) => Promise<S>,
): Promise<Array<Pair<B, S>>> {
  const pairs: Array<Pair<B, S>> = [];
  for (let index = 0; index < count; index++) {
    const b = await baseline(index);
    const s = await subject(index);
    pairs.push({ baseline: b, subject: s });
  }
  return pairs;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function spreadOf(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values: [...values] };
}

/** "0.71–0.85": the range of the pairs, for the table. */
export function rangeText(spread: Spread, digits: number): string {
  const f = (v: number): string => v.toFixed(digits);
  return spread.min === spread.max ? f(spread.min) : `${f(spread.min)}–${f(spread.max)}`;
}
