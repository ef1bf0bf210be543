// Proof that the public address reaches this listener: a one-time probe path that is never an event.
import { randomBytes } from 'node:crypto';

/** GET /probe/<nonce>: answered only while this process waits for that nonce; never stored, never listed. */
export const PROBE_PATH = '/probe/';

const NONCE = /^[A-Za-z0-9_-]{22,64}$/;

/** The nonces this process is waiting for, each with the answer only it knows. */
export class ProbeRegistry {
  private readonly pending = new Map<string, { answer: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  create(ttlMs: number): { nonce: string; answer: string } {
    this.sweep();
    const nonce = randomBytes(18).toString('base64url');
    const answer = randomBytes(18).toString('base64url');
    this.pending.set(nonce, { answer, expires: this.now() + ttlMs });
    return { nonce, answer };
  }

  /** The answer for a nonce this process made and has not seen yet; each nonce answers once. */
  take(nonce: string): string | null {
    if (!NONCE.test(nonce)) return null;
    const entry = this.pending.get(nonce);
    if (!entry) return null;
    this.pending.delete(nonce);
    return entry.expires >= this.now() ? entry.answer : null;
  }

  forget(nonce: string): void {
    this.pending.delete(nonce);
  }

  get size(): number {
    return this.pending.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [nonce, entry] of this.pending) if (entry.expires < now) this.pending.delete(nonce);
  }
}

export type ProbeResult = { ok: true } | { ok: false; detail: string; notOurs?: boolean };

export type ProbeFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ProbeOptions {
  registry: ProbeRegistry;
  timeoutMs?: number;
  fetch?: ProbeFetch;
}

/** One probe through the public address: it must come back to this listener with the right answer. */
export async function probePublicUrl(publicUrl: string, options: ProbeOptions): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { nonce, answer } = options.registry.create(timeoutMs + 5000);
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(`${publicUrl.replace(/\/+$/, '')}${PROBE_PATH}${nonce}`, {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      // ngrok's free plan shows browsers a warning page; this header skips it for the probe.
      headers: { accept: 'application/json', 'ngrok-skip-browser-warning': '1', 'user-agent': 'WiFire-Desk-probe' },
    });
    const text = await response.text().catch(() => '');
    // 404 and 5xx are what tunnels answer while their end is not connected: unreachable, not someone else.
    if (response.status !== 200) return { ok: false, detail: `HTTP ${response.status}` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, detail: 'HTTP 200', notOurs: true };
    }
    const given = (body as { answer?: unknown } | null)?.answer;
    return given === answer ? { ok: true } : { ok: false, detail: 'HTTP 200', notOurs: true };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    const detail =
      name === 'TimeoutError' || name === 'AbortError'
        ? `${Math.max(1, Math.ceil(timeoutMs / 1000))} s`
        : typeof cause === 'string'
          ? cause
          : 'network';
    return { ok: false, detail };
  } finally {
    options.registry.forget(nonce);
  }
}
