// A plain HTTP client for hostile bodies: raw bytes, any or no content type, keep-alive, and slow senders.
import http from 'node:http';
import net from 'node:net';

export interface RawRequest {
  path: string;
  body: Buffer;
  /** null sends no content-type header at all. */
  contentType: string | null;
  headers?: Record<string, string>;
  /** Sends the body chunked, without a content-length. */
  chunked?: boolean;
}

export interface RawAnswer {
  status: number;
  /** Every header line and the body, as received: what must never echo a sent value. */
  text: string;
  body: unknown;
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/** One request; rejects only when no answer came at all (the connection failed before a status line). */
export function send(port: number, request: RawRequest, agent: http.Agent): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.contentType !== null) headers['content-type'] = request.contentType;
    if (!request.chunked) headers['content-length'] = request.body.length;
    const outgoing = http.request(
      { host: '127.0.0.1', port, path: request.path, method: 'POST', agent, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const bodyText = Buffer.concat(chunks).toString('utf8');
          let body: unknown = undefined;
          try {
            body = JSON.parse(bodyText);
          } catch {
            // Left undefined: the shape check reports it.
          }
          const headerText = Object.entries(response.headers)
            .map(([name, value]) => `${name}: ${String(value)}`)
            .join('\n');
          resolve({ status: response.statusCode ?? 0, text: `${headerText}\n\n${bodyText}`, body });
        });
        response.on('error', reject);
      },
    );
    // The server may answer (413, 415) and close before the whole body is written: the answer still counts.
    outgoing.on('error', reject);
    if (request.chunked) {
      const half = Math.floor(request.body.length / 2);
      outgoing.write(request.body.subarray(0, half));
      outgoing.end(request.body.subarray(half));
    } else {
      outgoing.end(request.body);
    }
  });
}

export interface SlowSender {
  /** The raw answer received so far ('' if none). */
  received(): string;
  /** Resolves when the server closed the connection or `stop()` was called. */
  closed: Promise<void>;
  stop(): void;
}

/**
 * A sender on its own socket that writes `body` one byte every `intervalMs`, stopping for good after `stopAfter`
 * bytes (a sender that hangs mid-body) if given.
 */
export function slowSender(
  port: number,
  path: string,
  body: Buffer,
  options: { intervalMs: number; stopAfter?: number },
): SlowSender {
  const socket = net.connect({ host: '127.0.0.1', port });
  let received = '';
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('connect', () => {
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`,
    );
    const limit = Math.min(body.length, options.stopAfter ?? body.length);
    let at = 0;
    timer = setInterval(() => {
      if (at >= limit || socket.destroyed) {
        clearInterval(timer);
        return;
      }
      socket.write(body.subarray(at, at + 1));
      at++;
    }, options.intervalMs);
  });
  socket.once('close', () => clearInterval(timer));
  return {
    received: () => received,
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}
