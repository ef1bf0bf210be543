// A browser's view of the headless panel, over plain node:http so Host, Origin and Cookie are the test's to set.
import http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

export interface PanelSession {
  base: string;
  host: string;
  cookie: string;
  /** Calls a bridge method; resolves with the HTTP status and the envelope. */
  call(
    method: string,
    request?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Envelope }>;
  /** Opens the event stream; `events` fills as pushes arrive. */
  stream(): Promise<EventStream>;
}

export interface Envelope {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string; issues?: Array<{ path: string; message: string }> };
}

export interface PushedEvent {
  event: string;
  data: unknown;
}

export interface EventStream {
  events: PushedEvent[];
  /** Resolves with the first pushed event (from now on, or already received) that satisfies `match`. */
  next(match: (event: PushedEvent) => boolean, timeoutMs?: number): Promise<PushedEvent>;
  close(): void;
  /** Resolves when the service ends the stream. */
  ended: Promise<void>;
}

/** Trades the Panel URL's token for the session cookie, as a browser following the redirect would. */
export async function openPanel(panelUrl: string): Promise<PanelSession> {
  const answer = await rawRequest(panelUrl);
  if (answer.status !== 303) throw new Error(`Panel URL answered ${answer.status}`);
  const setCookie = answer.headers['set-cookie']?.[0] ?? '';
  const cookie = setCookie.split(';')[0]!;
  const url = new URL(panelUrl);
  const base = `${url.protocol}//${url.host}`;
  const session: PanelSession = {
    base,
    host: url.host,
    cookie,
    async call(method, request, headers = {}) {
      const result = await rawRequest(`${base}/panel/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify(request === undefined ? {} : { request }),
      });
      return { status: result.status, body: JSON.parse(result.text) as Envelope };
    },
    stream: () => openStream(`${base}/panel/api/events`, cookie),
  };
  return session;
}

function openStream(url: string, cookie: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const events: PushedEvent[] = [];
    const waiters: Array<{ match: (e: PushedEvent) => boolean; resolve: (e: PushedEvent) => void }> = [];
    const request = http.get(url, { headers: { cookie, accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`event stream answered ${response.statusCode}`));
        response.resume();
        return;
      }
      let buffer = '';
      const ended = new Promise<void>((resolveEnd) => response.on('end', () => resolveEnd()));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          const pushed = { event, data: JSON.parse(data) as unknown };
          events.push(pushed);
          for (const waiter of [...waiters]) {
            if (waiter.match(pushed)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(pushed);
            }
          }
        }
      });
      resolve({
        events,
        next(match, timeoutMs = 2000) {
          const seen = events.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((resolveNext, rejectNext) => {
            const timer = setTimeout(() => rejectNext(new Error('no matching push in time')), timeoutMs);
            waiters.push({
              match,
              resolve: (event) => {
                clearTimeout(timer);
                resolveNext(event);
              },
            });
          });
        },
        close: () => request.destroy(),
        ended,
      });
    });
    request.on('error', reject);
  });
}
