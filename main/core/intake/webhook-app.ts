// The listener: POST /hooks/<secret> and GET /healthz, answering exactly as the contract table says.
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { MAX_BODY_BYTES } from './payload-schema.js';
import type { PayloadIssue } from './normalize.js';
import { noteBodySize, noteIntake, tapDelivery, type DeliveryRecorder } from '../delivery-log/delivery-log-tap.js';
import { requestSource, type TrustedForwarding } from './forwarded-source.js';
import { invalidBody, runIntake, type IntakeDeps } from './intake.js';
import type { RateLimiter } from './rate-limit.js';

export type { IntakeOutcome } from './intake.js';

export interface WebhookAppDeps extends IntakeDeps {
  version: string;
  limiter: RateLimiter;
  /** The secret in force right now (it can be regenerated while running). */
  secret: () => string;
  /** The delivery log: told of every answered POST with the right secret, after its answer went out. */
  recordDelivery?: DeliveryRecorder;
  /** The tunnel's self-check: the answer for a nonce this process is waiting for, else null. */
  probeAnswer?: (nonce: string) => string | null;
  /** Extra routes (the panel), before the catch-all 404; they may be added once the app listens. */
  routes?: express.Router;
  /** The forwarding header the running tunnel sets itself, if any; without one the budget counts by connection. */
  forwarding?: () => TrustedForwarding | null;
  /** False on a satellite desk: WiFire posts to the hub only, so /hooks/… is the same 404 as any unknown path. */
  webhooks?: boolean;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Compares guesses with the secret in force, in constant time whatever the guess's length: both sides are hashed
 * to 32 bytes first. The secret's own digest is kept until the secret changes (it is read on every webhook).
 */
export function secretMatcher(current: () => string | undefined): (given: string) => boolean {
  let cached: { secret: string; digest: Buffer } | null = null;
  return (given) => {
    const secret = current();
    if (!secret) return false;
    if (cached?.secret !== secret) cached = { secret, digest: digest(secret) };
    return timingSafeEqual(digest(given), cached.digest);
  };
}

/** application/json, with or without parameters (charset), in any case. */
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** Every answer of the listener: small JSON, written directly (express's send() adds nothing needed here). */
function answer(res: Response, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** A refusal ends the connection once answered: what the sender still sends is not read (Node would drain it all). */
const CLOSE = { connection: 'close' };

/** The one 404: a wrong secret, a wrong panel token and an unknown path look the same. */
export const notFound = (res: Response): void => answer(res, 404, { ok: false, error: 'not_found' }, CLOSE);

const invalid = (res: Response, error: 'invalid_json' | 'invalid_payload', issues: PayloadIssue[]): void =>
  answer(res, 400, invalidBody(error, issues));

const unsupportedType = (res: Response): void =>
  answer(res, 415, { ok: false, error: 'unsupported_media_type', expected: 'application/json' }, CLOSE);

const tooLarge = (res: Response): void =>
  answer(res, 413, { ok: false, error: 'payload_too_large', limit: MAX_BODY_BYTES }, CLOSE);

/** A declared length over the limit is refused before any of the body is read. */
function declaresTooMuch(req: Request): boolean {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > MAX_BODY_BYTES;
}

/**
 * A body without a length (chunked) is refused as soon as it passes the limit: the JSON parser would read it to its
 * end first, however long that is.
 */
function refuseOnceTooLarge(req: Request, res: Response): void {
  if (req.headers['content-length'] !== undefined) return;
  let seen = 0;
  const count = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen <= MAX_BODY_BYTES) return;
    req.off('data', count);
    if (!res.headersSent) tooLarge(res);
  };
  req.on('data', count);
}

/**
 * The listener: express, with one shortcut in front of it. express's own `app.handle` gives every request express's
 * prototypes (`Object.setPrototypeOf` on req and res) before routing. V8 then sees each request change shape half-way
 * through its life: the property reads on it in Node's HTTP code and ours stop being fast, and the requests outlive
 * young-generation collections they would otherwise die in. A webhook POST uses none of what those prototypes add
 * (its answers go out with writeHead and end), so it goes straight to express's router for the webhook route, or,
 * at exactly /hooks/<secret>, straight to that route's three steps; anything else, and a /hooks/ POST that route
 * does not take, goes through the app exactly as before.
 * Measured on 2 cores (`npm run bench -- --quick --only=intake_vs_express`, alternating with the code before):
 * main-thread CPU per stored webhook 208–262 µs before, 141–147 µs after; 2 650–2 700 stored a second before,
 * 3 880 after.
 */
export function createWebhookApp(deps: WebhookAppDeps): http.RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    answer(res, 200, { ok: true, version: deps.version });
  });

  const matchesSecret = secretMatcher(deps.secret);
  const hasSecret = (req: Request): boolean =>
    typeof req.params.secret === 'string' && matchesSecret(req.params.secret);
  // A stranger's probe (wrong secret) never reaches the delivery log; the log's own failure never reaches WiFire.
  const tap = (req: Request, res: Response): void => {
    if (deps.recordDelivery) {
      tapDelivery(req, res, deps.recordDelivery, (error) =>
        deps.log.warn('delivery not logged', { error: error instanceof Error ? error.name.toLowerCase() : 'unknown' }),
      );
    }
  };

  /** Budget first (so guessing the secret is throttled too), then the secret, then the content type, then the size. */
  const guard: RequestHandler = (req, res, next) => {
    if (!deps.limiter.take(requestSource(req.socket.remoteAddress, req.headers, deps.forwarding?.() ?? null))) {
      deps.log.warn('webhook refused: source over its request budget');
      if (deps.recordDelivery && hasSecret(req)) tap(req, res);
      answer(res, 429, { ok: false, error: 'rate_limited' }, { 'retry-after': '1', ...CLOSE });
      return;
    }
    if (!hasSecret(req)) {
      deps.log.warn('webhook refused: wrong secret');
      notFound(res);
      return;
    }
    tap(req, res);
    if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
      unsupportedType(res);
      return;
    }
    if (declaresTooMuch(req)) {
      tooLarge(res);
      return;
    }
    refuseOnceTooLarge(req, res);
    next();
  };

  const parseJson = express.json({
    limit: MAX_BODY_BYTES,
    strict: false,
    type: () => true,
    ...(deps.recordDelivery ? { verify: noteBodySize } : {}),
  });

  const accept: RequestHandler = async (req, res) => {
    const result = await runIntake(req.body, deps);
    noteIntake(res, result);
    answer(res, result.status, result.body, result.headers);
  };

  // The webhook route lives on its own router: the app mounts it here, and the shortcut below calls it directly,
  // or runs its three steps itself for the path exactly as WiFire sends it.
  const route: RequestHandler[] = [guard, parseJson, accept];
  const hooks = express.Router();
  if (deps.webhooks !== false) hooks.post('/hooks/:secret', ...route);
  app.use(hooks);
  // Not an event: nothing is parsed, stored or shown; an unknown nonce is the same 404 as any other path.
  app.get('/probe/:nonce', (req, res) => {
    const answerText = deps.probeAnswer?.(String(req.params.nonce)) ?? null;
    if (answerText === null) notFound(res);
    else answer(res, 200, { ok: true, answer: answerText }, { 'cache-control': 'no-store' });
  });
  const { routes } = deps;
  // No CORS: a nested router would answer a preflight (OPTIONS) itself; it gets the same 404 as anything unknown.
  if (routes) app.use((req, res, next) => (req.method === 'OPTIONS' ? next() : routes(req, res, next)));
  app.use((_req, res) => notFound(res));

  const onError: ErrorRequestHandler = (error: { type?: string; status?: number; name?: string }, _req, res, _next) => {
    if (res.headersSent) return;
    if (error.type === 'entity.too.large') {
      tooLarge(res);
    } else if (error.type === 'entity.parse.failed') {
      invalid(res, 'invalid_json', [{ path: '(root)', message: 'body is not valid JSON' }]);
    } else if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
      unsupportedType(res);
    } else if (error.type === 'request.aborted' || error.type === 'request.size.invalid') {
      invalid(res, 'invalid_json', [{ path: '(root)', message: 'body incomplete' }]);
    } else if (error.name === 'URIError') {
      // A secret with a broken %-escape ("/hooks/%ff") cannot match: the same 404 as any wrong secret, not a 500.
      notFound(res);
    } else if (error.status === 400) {
      // Whatever else body-parser blames on the body (a corrupt gzip, deflate or br stream) is the sender's 400.
      invalid(res, 'invalid_json', [{ path: '(root)', message: 'body could not be decoded' }]);
    } else {
      deps.log.error('webhook failed unexpectedly', { error: error.name ?? 'unknown' });
      answer(res, 500, { ok: false, error: 'internal_error' });
    }
  };
  app.use(onError);

  return (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/hooks/')) {
      app(req, res);
      return;
    }
    // What app.handle would give the route and the delivery tap: a place for per-request facts.
    const response = Object.assign(res, { locals: Object.create(null) as Record<string, unknown> }) as Response;
    const done = (error?: unknown): void => {
      if (error) onError(error, req as Request, response, () => {});
      else app(req, res);
    };
    // The path exactly as WiFire sends it runs the route's three steps directly, as express's router would (its
    // matching allocated about 8 KB per webhook); any other /hooks/ path still goes through the router.
    const exact = deps.webhooks === false ? null : EXACT_HOOK.exec(req.url);
    if (exact) {
      let secret: string;
      try {
        secret = decodeParam(exact[1]!);
      } catch (error) {
        done(error);
        return;
      }
      (req as Request).params = { secret };
      runRoute(route, req as Request, response, done);
      return;
    }
    hooks(req as Request, response, done);
  };
}

/** /hooks/<secret> and nothing else: no query, no trailing slash, no further segment (the router takes those). */
const EXACT_HOOK = /^\/hooks\/([^/?]+)$/;

/** A path parameter as express's router decodes it: a broken %-escape is a URIError (our 404). */
function decodeParam(value: string): string {
  return value.includes('%') ? decodeURIComponent(value) : value;
}

/**
 * A route's handlers in order, as express's router runs them: each gets `next`; an error (thrown, passed to next,
 * or a rejected promise) goes to `done`, and so does the end of the list.
 */
function runRoute(handlers: readonly RequestHandler[], req: Request, res: Response, done: (error?: unknown) => void) {
  let index = 0;
  const next = (error?: unknown): void => {
    if (error) {
      done(error);
      return;
    }
    const handler = handlers[index++];
    if (!handler) {
      done();
      return;
    }
    try {
      const result: unknown = handler(req, res, next);
      if (result instanceof Promise) {
        // As the router: a promise rejected with nothing (or any falsy value) is still an error.
        result.then(undefined, (rejection: unknown) => next(rejection ? rejection : new Error('Rejected promise')));
      }
    } catch (thrown) {
      next(thrown);
    }
  };
  next();
}
