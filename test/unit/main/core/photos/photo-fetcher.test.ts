// A photo URL comes from outside: it may only reach public addresses, and only an image of bounded size comes back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../../../../main/core/photos/address-policy.js';
import {
  fetchPhoto,
  PhotoFetchError,
  type PhotoFetchErrorCode,
  type PhotoFetchOptions,
} from '../../../../../main/core/photos/photo-fetcher.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const MiB = 1024 * 1024;

interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
}

interface TestServer {
  port: number;
  base: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  host = '127.0.0.1',
): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    res.on('error', () => {});
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    base: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function refusal(promise: Promise<unknown>): Promise<PhotoFetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PhotoFetchError);
    return error as PhotoFetchError;
  }
  throw new Error('the fetch was expected to be refused');
}

async function expectRefused(url: string, code: PhotoFetchErrorCode, options?: PhotoFetchOptions): Promise<void> {
  const error = await refusal(fetchPhoto(url, options));
  expect(error.code).toBe(code);
  expect(error.message).not.toContain(url);
  expect(error.message).not.toContain('127.0.0.1');
}

/** A server that plays every case the fetcher must handle, by path. */
function photoRoutes(other: () => TestServer): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://test');
    const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hop) {
      const left = Number(hop[1]);
      res.writeHead(302, { location: left > 0 ? `/hop/${left - 1}` : '/photo.png' }).end();
      return;
    }
    switch (url.pathname) {
      case '/photo.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
        return;
      case '/to-other':
        res.writeHead(302, { location: `${other().base}/photo.png` }).end();
        return;
      case '/to-metadata':
        res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data' }).end();
        return;
      case '/to-file':
        res.writeHead(307, { location: 'file:///etc/passwd' }).end();
        return;
      case '/declared-huge':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': 3 * MiB });
        res.write(PNG.subarray(0, 8));
        return; // never ends: only the header can make the fetch stop in time
      case '/growing': {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(PNG.subarray(0, 8));
        const chunk = Buffer.alloc(64 * 1024);
        let sent = 0;
        const pump = (): void => {
          while (sent < 4 * MiB && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      case '/page.html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hi</body></html>');
        return;
      case '/html-as-png':
        res.writeHead(200, { 'content-type': 'image/png' }).end('<html><body>not an image</body></html>');
        return;
      case '/silent':
        return; // accepts the connection, never answers
      case '/stalled-body':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': 1000 });
        res.write(PNG.subarray(0, 8));
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
}

describe('fetchPhoto with the default address policy', () => {
  let server: TestServer;
  let ipv6Server: TestServer | null = null;

  beforeAll(async () => {
    server = await startServer(photoRoutes(() => server));
    ipv6Server = await startServer(
      photoRoutes(() => server),
      '::1',
    ).catch(() => null);
  });
  afterAll(async () => {
    await server.close();
    await ipv6Server?.close();
  });
  beforeEach(() => {
    server.seen.length = 0;
    if (ipv6Server) ipv6Server.seen.length = 0;
  });

  it('refuses loopback, link-local metadata, private and localhost URLs before any request is made', async () => {
    await expectRefused(`${server.base}/x.png`, 'blocked_address');
    await expectRefused('http://169.254.169.254/latest/meta-data', 'blocked_address');
    await expectRefused('http://10.0.0.1/a.jpg', 'blocked_address');
    await expectRefused(`http://[::1]:${ipv6Server?.port ?? server.port}/`, 'blocked_address');
    await expectRefused(`http://localhost:${server.port}/`, 'blocked_address');
    await expectRefused(`http://0x7f.1:${server.port}/photo.png`, 'blocked_address');
    await expectRefused(`http://[::ffff:127.0.0.1]:${server.port}/photo.png`, 'blocked_address');
    expect(server.seen).toHaveLength(0);
    expect(ipv6Server?.seen ?? []).toHaveLength(0);
  });

  it('refuses schemes other than http and https, and text that is not a URL', async () => {
    await expectRefused('file:///etc/passwd', 'bad_scheme');
    await expectRefused(`ftp://127.0.0.1:${server.port}/photo.png`, 'bad_scheme');
    await expectRefused('data:image/png;base64,iVBORw0KGgo=', 'bad_scheme');
    await expectRefused('javascript:alert(1)', 'bad_scheme');
    await expectRefused('not a url', 'bad_url');
    expect(server.seen).toHaveLength(0);
  });

  it('refuses a host name when any one of its addresses is not public', async () => {
    const lookup = async (): Promise<Array<{ address: string; family: number }>> => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expectRefused('https://photos.example.test/a.jpg', 'blocked_address', { lookup });
  });
});

describe('fetchPhoto from a test server the policy allows', () => {
  let server: TestServer;
  let other: TestServer;
  let options: PhotoFetchOptions;

  beforeAll(async () => {
    other = await startServer(photoRoutes(() => other));
    server = await startServer(photoRoutes(() => other));
    // Exactly this server: the second one on another port stands for any address the policy does not allow.
    options = { isAllowedAddress: (ip, port) => ip === '127.0.0.1' && port === server.port };
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });
  beforeEach(() => {
    server.seen.length = 0;
    other.seen.length = 0;
  });

  it('returns the bytes of a PNG with its type', async () => {
    const photo = await fetchPhoto(`${server.base}/photo.png`, options);
    expect(photo.mime).toBe('image/png');
    expect(photo.bytes.equals(PNG)).toBe(true);
  });

  it('sends a plain User-Agent and no cookie or credentials, even when the URL carries some', async () => {
    await fetchPhoto(`http://someone:secret@127.0.0.1:${server.port}/photo.png`, options);
    const [request] = server.seen;
    expect(request?.headers['user-agent']).toBe('WiFireDesk');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers.cookie).toBeUndefined();
  });

  it('connects to the address it checked, without asking DNS a second time', async () => {
    let lookups = 0;
    const lookup = async (): Promise<Array<{ address: string; family: number }>> =>
      lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }];
    const photo = await fetchPhoto(`http://photos.example.test:${server.port}/photo.png`, { ...options, lookup });
    expect(photo.bytes.equals(PNG)).toBe(true);
    expect(lookups).toBe(1);
    expect(server.seen[0]?.headers.host).toBe(`photos.example.test:${server.port}`);
  });

  it('follows up to three redirects', async () => {
    const photo = await fetchPhoto(`${server.base}/hop/2`, options);
    expect(photo.bytes.equals(PNG)).toBe(true);
    expect(server.seen.map((r) => r.path)).toEqual(['/hop/2', '/hop/1', '/hop/0', '/photo.png']);
  });

  it('refuses a fourth redirect', async () => {
    await expectRefused(`${server.base}/hop/3`, 'too_many_redirects', options);
    expect(server.seen).toHaveLength(4);
  });

  it('refuses a redirect to a server the policy does not allow, which never sees a request', async () => {
    await expectRefused(`${server.base}/to-other`, 'blocked_address', options);
    expect(other.seen).toHaveLength(0);
  });

  it('refuses a redirect to the cloud metadata address or to a file', async () => {
    await expectRefused(`${server.base}/to-metadata`, 'blocked_address', options);
    await expectRefused(`${server.base}/to-file`, 'bad_scheme', options);
  });

  it('refuses a body whose Content-Length is over the limit without waiting for it', async () => {
    await expectRefused(`${server.base}/declared-huge`, 'too_large', { ...options, timeoutMs: 2_000 });
  });

  it('stops reading a body without Content-Length once it grows past the limit', async () => {
    await expectRefused(`${server.base}/growing`, 'too_large', options);
    await expectRefused(`${server.base}/photo.png`, 'too_large', { ...options, maxBytes: PNG.length - 1 });
  });

  it('refuses a page that is not an image, and one that only claims to be a PNG', async () => {
    await expectRefused(`${server.base}/page.html`, 'bad_type', options);
    await expectRefused(`${server.base}/html-as-png`, 'bad_type', options);
  });

  it('gives up on a server that never answers, or stops sending, once the time is up', async () => {
    const started = Date.now();
    await expectRefused(`${server.base}/silent`, 'timeout', { ...options, timeoutMs: 300 });
    await expectRefused(`${server.base}/stalled-body`, 'timeout', { ...options, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports an HTTP error status', async () => {
    await expectRefused(`${server.base}/missing.png`, 'http_status', options);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetchPhoto(`${server.base}/silent`, { ...options, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await refusal(pending)).code).toBe('aborted');
  });
});

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['93.184.216.34', true],
    ['172.15.255.255', true],
    ['172.32.0.1', true],
    ['100.63.255.255', true],
    ['100.128.0.1', true],
    ['223.255.255.254', true],
    ['2606:4700:4700::1111', true],
    ['2a03:2880:f10c:83:face:b00c:0:25de', true],
    ['::ffff:8.8.8.8', true],
    ['2002:808:808::1', true],
    ['127.0.0.1', false],
    ['127.255.255.254', false],
    ['10.0.0.1', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.168.1.10', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['100.127.255.255', false],
    ['0.0.0.0', false],
    ['0.1.2.3', false],
    ['224.0.0.1', false],
    ['239.255.255.250', false],
    ['240.0.0.1', false],
    ['255.255.255.255', false],
    ['192.0.0.8', false],
    ['192.0.2.1', false],
    ['198.18.0.1', false],
    ['198.51.100.7', false],
    ['203.0.113.9', false],
    ['::', false],
    ['::1', false],
    ['0:0:0:0:0:0:0:1', false],
    ['fe80::1', false],
    ['febf::1', false],
    ['fe80::1%eth0', false],
    ['fc00::1', false],
    ['fd12:3456::1', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:169.254.169.254', false],
    ['::ffff:10.0.0.1', false],
    ['::127.0.0.1', false],
    ['64:ff9b::a9fe:a9fe', false],
    ['2001:db8::1', false],
    ['2001::1', false],
    ['2002:7f00:1::1', false],
    ['localhost', false],
    ['', false],
    ['1.2.3', false],
    ['999.1.1.1', false],
  ])('judges %s public: %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});
