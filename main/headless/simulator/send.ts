// One delivery over HTTP with Node's fetch, and what it got back, ready to print.
import { VERSION } from '../../core/version.js';
import { maskUrl } from './target.js';

export const REQUEST_TIMEOUT_MS = 15_000;
const MAX_ANSWER_CHARS = 300;

export type Outcome =
  | { kind: 'answered'; status: number; answer: string }
  | { kind: 'refused' }
  | { kind: 'failed'; label: string; answer: string };

/** undici hides the socket error one or two causes down (AggregateError when several addresses were tried). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (Array.isArray(errors)) {
      const inner = errors.map(errorCode).find((c) => c !== undefined);
      if (inner) return inner;
    }
    current = cause;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = 'unknown error';
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

/** The answer on one line; a sender that echoed the payload back must not put personal data on screen. */
export function answerText(body: string, redact: readonly string[]): string {
  let text: string;
  try {
    text = JSON.stringify(JSON.parse(body));
  } catch {
    text = body.replace(/\s+/g, ' ').trim();
  }
  for (const secret of redact) if (secret.length >= 3) text = text.split(secret).join('[…]');
  return text.length > MAX_ANSWER_CHARS ? `${text.slice(0, MAX_ANSWER_CHARS)}…` : text;
}

export async function deliver(url: string, payload: unknown, redact: readonly string[]): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': `wifire-desk-simulator/${VERSION}` },
      body: JSON.stringify(payload),
      // A redirect followed by fetch turns the POST into a GET: show it instead, so a tunnel's http→https is seen.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.text();
    const location = response.headers.get('location');
    const answer =
      answerText(body, redact) || (location ? `→ ${maskUrl(new URL(location, url).href)}` : '(vazio / empty)');
    return { kind: 'answered', status: response.status, answer };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError') {
      return {
        kind: 'failed',
        label: 'timeout',
        answer: `sem resposta em / no answer within ${REQUEST_TIMEOUT_MS / 1000} s`,
      };
    }
    const code = errorCode(error);
    if (code === 'ECONNREFUSED') return { kind: 'refused' };
    return { kind: 'failed', label: code ?? 'error', answer: answerText(innermostMessage(error), redact) };
  }
}
