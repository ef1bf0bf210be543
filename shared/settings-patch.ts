// Applying a settings patch: one rule for main's store and the page's optimistic copy. No zod here: the page uses it.
import type { SettingsPatch } from './settings-schema.js';

function isGroup(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeGroup(before: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next = { ...before };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const old = next[key];
    next[key] = isGroup(value) && isGroup(old) ? mergeGroup(old, value) : value;
  }
  return next;
}

/**
 * Each key sent replaces its value, an object group is merged field by field, and every key not sent stays exactly
 * as it was. The tunnel is saved whole, by `mergeTunnel` (a token left out keeps the saved one).
 */
export function mergeSettingsPatch<T extends object, P extends SettingsPatch>(
  current: T,
  patch: P,
  mergeTunnel: (current: unknown, patch: NonNullable<P['tunnel']>) => unknown,
): T {
  const { tunnel, ...rest } = patch;
  const next = mergeGroup(current as Record<string, unknown>, rest);
  if (tunnel !== undefined) next.tunnel = mergeTunnel(next.tunnel, tunnel as NonNullable<P['tunnel']>);
  return next as T;
}
