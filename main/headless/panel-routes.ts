// The headless shell's panel: the built renderer and the bridge over HTTP (methods) and SSE (pushes).
// The panel shows personal data: loopback Host only, the per-install panel token only, no CORS, a strict CSP.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { BridgeEventName } from '../../shared/bridge-contract.js';
import { notFound, secretMatcher } from '../core/intake/webhook-app.js';
import { isLoopbackHost, type PanelContext } from '../core/service.js';
import { PANEL_ACCESS_DAYS, PANEL_HELP_PAGE } from './panel-help-page.js';

export const PANEL_COOKIE = 'wd_panel';

export const PANEL_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The only files the panel serves, each with its type. */
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'http-bridge.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
};

const HEARTBEAT_MS = 25_000;

const PANEL_COOKIE_MAX_AGE_S = PANEL_ACCESS_DAYS * 24 * 60 * 60;

/** The addresses a person opens the panel by; only these get the help page instead of the bare 404. */
const PAGE_PATHS = new Set(['/panel', '/panel/', '/panel/index.html']);

/** What the service hands the shell (its panelHost is the only Host accepted: any other is DNS rebinding). */
export interface PanelDeps extends PanelContext {
  rendererDir?: string;
}

/** dist/renderer, whether this file runs compiled (dist/main/headless) or from source in tests (main/headless). */
export function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.resolve(here, '../../renderer');
  return fs.existsSync(path.join(beside, 'app.js')) ? beside : path.resolve(here, '../../dist/renderer');
}

/** The cookie holds a digest of the token, so the token itself is not repeated on every request. */
function sessionValue(token: string): string {
  return createHash('sha256').update(`wifire-desk-panel:${token}`).digest('base64url');
}

/**
 * The session cookie. It outlives the browser only on a loopback address: a browser on another computer (a panel
 * exposed with --allow-non-loopback) keeps it only until it closes. Its value changes with the token.
 */
export function panelCookie(token: string, panelHost: string, now = Date.now()): string {
  const hostname = new URL(`http://${panelHost}`).hostname.replace(/^\[(.*)\]$/, '$1');
  const lifetime = isLoopbackHost(hostname)
    ? `; Max-Age=${PANEL_COOKIE_MAX_AGE_S}; Expires=${new Date(now + PANEL_COOKIE_MAX_AGE_S * 1000).toUTCString()}`
    : '';
  return `${PANEL_COOKIE}=${sessionValue(token)}; Path=/panel; HttpOnly; SameSite=Strict${lifetime}`;
}

function cookieOf(req: Request, name: string): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return '';
}

function securityHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': PANEL_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  });
}

export interface MountedPanel {
  /** Ends every open event stream (shutdown). */
  close(): void;
  readonly openStreams: number;
}

export function mountPanel(app: Router, deps: PanelDeps): MountedPanel {
  const rendererDir = deps.rendererDir ?? defaultRendererDir();
  const matchesToken = secretMatcher(deps.panelToken);
  const matchesSession = secretMatcher(() => {
    const token = deps.panelToken();
    return token ? sessionValue(token) : undefined;
  });
  const streams = new Set<Response>();

  const hostOk = (req: Request): boolean => req.headers.host === deps.panelHost();

  /** Cookie and Host; for anything that changes state also a same-origin Origin when the browser sends one. */
  const sessionOk = (req: Request): boolean => {
    const origin = req.headers.origin;
    const originOk = origin === undefined || origin === `http://${deps.panelHost()}`;
    return hostOk(req) && originOk && matchesSession(cookieOf(req, PANEL_COOKIE));
  };
  const session: RequestHandler = (req, res, next) => {
    if (sessionOk(req)) next();
    else notFound(res);
  };

  // A browser navigating to the panel's own address (a bookmark, a restarted browser) is told how to get back in;
  // scripts, the API and the event stream keep the bare 404. Same status either way: only the wording differs.
  const wantsHelp = (req: Request): boolean =>
    PAGE_PATHS.has(req.path) && hostOk(req) && req.accepts(['application/json', 'text/html']) === 'text/html';
  const refusePage = (req: Request, res: Response): void => {
    if (!wantsHelp(req)) {
      notFound(res);
      return;
    }
    securityHeaders(res);
    res.status(404).set('Vary', 'Accept').type('text/html; charset=utf-8').send(PANEL_HELP_PAGE);
  };
  const pageSession: RequestHandler = (req, res, next) => {
    if (sessionOk(req)) next();
    else refusePage(req, res);
  };

  // The Panel URL: trade the token for an HttpOnly, SameSite=Strict cookie, then drop it from the address bar.
  const exchangeToken: RequestHandler = (req, res, next) => {
    if (req.query.token === undefined) {
      next();
      return;
    }
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!hostOk(req) || !matchesToken(token)) {
      deps.log.warn('panel refused: wrong token or host');
      refusePage(req, res);
      return;
    }
    securityHeaders(res);
    res.set('Set-Cookie', panelCookie(token, deps.panelHost()));
    res.redirect(303, '/panel/');
  };

  app.get('/panel/api/events', session, (req, res) => {
    securityHeaders(res);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    const send = (event: BridgeEventName, payload: unknown): void => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    };
    streams.add(res);
    const stop = deps.bridge.subscribe(send);
    // The view learns the state at once on every (re)connect, and reloads what it may have missed.
    send('status', deps.bridge.status());
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      stop();
      streams.delete(res);
    });
  });

  const parseJson = express.json({ limit: 64 * 1024, strict: false, type: 'application/json' });
  app.post('/panel/api/:method', session, parseJson, async (req, res) => {
    securityHeaders(res);
    if (!req.is('application/json')) {
      res.status(415).json({ ok: false, error: { code: 'invalid_request', message: 'application/json' } });
      return;
    }
    const body = req.body as unknown;
    const request =
      body && typeof body === 'object' && !Array.isArray(body) ? (body as { request?: unknown }).request : undefined;
    const envelope = await deps.bridge.invoke(String(req.params.method), request);
    const status = envelope.ok
      ? 200
      : ({ invalid_request: 400, not_found: 404, forbidden: 403, unavailable: 503, internal: 500 } as const)[
          envelope.error.code
        ];
    res.status(status).json(envelope);
  });

  app.get(['/panel', '/panel/:file'], exchangeToken, pageSession, (req, res) => {
    // The page's scripts are relative to /panel/.
    if (req.path === '/panel') {
      res.redirect(301, '/panel/');
      return;
    }
    const file = typeof req.params.file === 'string' ? req.params.file : 'index.html';
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) {
      notFound(res);
      return;
    }
    let content: Buffer;
    try {
      content = fs.readFileSync(path.join(rendererDir, file));
    } catch {
      deps.log.error('panel file missing: run npm run build', { file });
      notFound(res);
      return;
    }
    securityHeaders(res);
    // Each opening of the panel starts the cookie's days again: a desk that opens it daily never sees the help page.
    const token = deps.panelToken();
    if (file === 'index.html' && token) res.set('Set-Cookie', panelCookie(token, deps.panelHost()));
    res.type(type).send(content);
  });

  return {
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
    get openStreams() {
      return streams.size;
    },
  };
}
