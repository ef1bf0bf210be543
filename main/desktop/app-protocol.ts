// wifire-desk://app/<file>: serves the built renderer from the app bundle, those four files and nothing else.
import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

/** Stricter than the page's own meta CSP: over IPC the page needs no network at all. */
export const DESKTOP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'http-bridge.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
};

/** Registered before the app is ready: a standard, secure scheme gets a real origin and no mixed-content rules. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true },
} as const;

/** The file for a request, or null: another host, a path outside the list, a query trick or a traversal. */
export function resolveAppFile(url: string, rendererDir: string): { file: string; type: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '') return null;
  const name = parsed.pathname === '/' ? 'index.html' : parsed.pathname.replace(/^\//, '');
  if (!Object.hasOwn(ASSETS, name)) return null;
  return { file: path.join(rendererDir, name), type: ASSETS[name]! };
}

export interface ProtocolLike {
  handle(scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>): void;
}

export function registerAppProtocol(
  protocol: ProtocolLike,
  rendererDir: string,
  readFile: (file: string) => Promise<Buffer> = (file) => fs.readFile(file),
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const hit = request.method === 'GET' ? resolveAppFile(request.url, rendererDir) : null;
    if (!hit) return new Response('Not found', { status: 404 });
    let body: Buffer;
    try {
      body = await readFile(hit.file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': hit.type,
        'Content-Security-Policy': DESKTOP_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  });
}
