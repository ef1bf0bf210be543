// Webhook bodies and data-folder settings for the benchmarks, built from the simulator's realistic payloads.
import fs from 'node:fs';
import path from 'node:path';
import { buildPayload, fakeCustomer, type WifirePayload } from '../../main/headless/simulator/payloads.js';

/** Raised so one load generator on the loopback is never answered 429 (the contract's maximum values). */
export const UNLIMITED_INTAKE = { ratePerSecond: 100_000, burst: 1_000_000 } as const;

/** Writes config.json into a data folder before the service starts on it. */
export function writeBenchConfig(dataDir: string, extra: Record<string, unknown> = {}): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({ intake: UNLIMITED_INTAKE, ...extra }, null, '\t'),
    { mode: 0o600 },
  );
}

function withMessage(payload: WifirePayload, suffix: string): WifirePayload {
  const activity = payload.activity as Record<string, unknown>;
  return { ...payload, activity: { ...activity, message: `${String(activity.message)} ${suffix}` } };
}

/**
 * A body whose activity.message carries autocannon's `[<id>]` placeholder: each request is a new delivery,
 * otherwise the service would rightly answer every repeat as a duplicate and store nothing.
 */
export function loadBody(customer: number, type = 'cliente-conectou'): string {
  return JSON.stringify(withMessage(buildPayload(type, fakeCustomer(customer)), '[<id>]'));
}

/** One body per customer for autocannon's request list, so the load comes from many people, not one. */
export function loadBodies(customers: number): string[] {
  return Array.from({ length: customers }, (_, n) => loadBody(n));
}

/** A unique delivery carrying `marker` in its message. */
export function uniqueBody(type: string, customer: number, marker: string): string {
  return JSON.stringify(withMessage(buildPayload(type, fakeCustomer(customer)), `[${marker}]`));
}

export function removalBody(customer: number): string {
  return JSON.stringify(buildPayload('cliente-removeu-conta', fakeCustomer(customer)));
}
