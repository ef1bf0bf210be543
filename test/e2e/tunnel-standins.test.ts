// The offline stand-ins for cloudflared, ngrok and ssh, run as real child processes the way the tunnel supervisor runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = path.resolve('test/fixtures/tunnels/bin');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` (use the m flag) in that stream's output so far or to come. */
  waitFor: (stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
  /** Exit code once the process has ended and its streams are closed. */
  closed: Promise<number | null>;
}

interface Route {
  port: number;
  pid: number;
}

const children: ChildProcess[] = [];
const servers: http.Server[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) server.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-standin-'));
  dirs.push(dir);
  return dir;
}

/** A tiny origin that answers every request with what it received. */
async function startOrigin(): Promise<number> {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, body }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function start(program: string, args: string[], env: Record<string, string> = {}): Running {
  // A clean environment, so a real token on the developer's machine never reaches a stand-in.
  const child = spawn(path.join(BIN, program), args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WIFIRE_STANDIN_DELAY_MS: '20', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 5_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(output[stream]);
        if (!match) return;
        clearTimeout(timer);
        child[stream]!.off('data', check);
        resolve(match);
      };
      const timer = setTimeout(() => {
        child[stream]!.off('data', check);
        reject(
          new Error(`${program}: no ${pattern} on ${stream}\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`),
        );
      }, timeoutMs);
      child[stream]!.on('data', check);
      check();
    });
  return { child, stdout: () => output.stdout, stderr: () => output.stderr, waitFor, closed };
}

function readRoute(dir: string, hostname: string): Route {
  return JSON.parse(fs.readFileSync(path.join(dir, hostname), 'utf8')) as Route;
}

/** POSTs to the stand-in's public side with the public Host header, as the webhook sender would. */
function post(port: number, hostname: string, body: string): Promise<{ method: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/hooks/test', headers: { host: hostname } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(JSON.parse(text) as { method: string; body: string }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A token shaped like the dashboard's: base64 of {"a": account, "t": tunnel id, "s": secret}. */
function testTunnelToken(): string {
  const token = {
    a: 'account-tag',
    t: '6f2c1d1e-0d5e-4c55-8d0a-2b1f5d0e9a11',
    s: Buffer.from('s3cret').toString('base64'),
  };
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

interface Tunnel {
  name: string;
  program: string;
  args: (originPort: number) => string[];
  stream: 'stdout' | 'stderr';
  /** What a real parser would match; group 1 is the public hostname. */
  urlLine: RegExp;
  /** A hostname in the program's real format, for WIFIRE_STANDIN_HOST. */
  fixedHost: string;
}

const TUNNELS: Tunnel[] = [
  {
    name: 'cloudflared quick tunnel',
    program: 'cloudflared',
    args: (port) => ['tunnel', '--no-autoupdate', '--url', `http://127.0.0.1:${port}`],
    stream: 'stderr',
    urlLine: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INF \| {2}https:\/\/([a-z]+(?:-[a-z]+){3}\.trycloudflare\.com) +\|$/m,
    fixedHost: 'desk-fixed-test-host.trycloudflare.com',
  },
  {
    name: 'ngrok',
    program: 'ngrok',
    args: (port) => ['http', `127.0.0.1:${port}`, '--log', 'stdout', '--log-format', 'json'],
    stream: 'stdout',
    urlLine: /^\{.*"msg":"started tunnel".*"url":"https:\/\/([0-9a-f]{4}-203-0-113-\d+\.ngrok-free\.app)"\}$/m,
    fixedHost: 'beef-203-0-113-9.ngrok-free.app',
  },
  {
    name: 'ssh to localhost.run',
    program: 'ssh',
    args: (port) => ['-T', '-n', '-R', `80:127.0.0.1:${port}`, 'nokey@localhost.run'],
    stream: 'stdout',
    urlLine: /^([0-9a-f]{14}\.lhr\.life) tunneled with tls termination, https:\/\/\1\r?$/m,
    fixedHost: '0123456789abcd.lhr.life',
  },
  {
    name: 'ssh to serveo.net',
    program: 'ssh',
    args: (port) => ['-T', '-n', '-R', `80:127.0.0.1:${port}`, 'serveo.net'],
    stream: 'stdout',
    urlLine: /^Forwarding HTTP traffic from https:\/\/([0-9a-f]{16}-203-0-113-\d+\.serveousercontent\.com)\r?$/m,
    fixedHost: '0123456789abcdef-203-0-113-9.serveousercontent.com',
  },
  {
    name: 'ssh to pinggy.io',
    program: 'ssh',
    args: (port) => ['-T', '-n', '-p', '443', `-R0:127.0.0.1:${port}`, 'a.pinggy.io'],
    stream: 'stdout',
    urlLine: /^https:\/\/([a-z]{5}-203-0-113-\d+\.a\.free\.pinggy\.link)\r?$/m,
    fixedHost: 'fixed-203-0-113-9.a.free.pinggy.link',
  },
];

describe('tunnel stand-ins', () => {
  it.each(TUNNELS)('$name prints its URL line and its route carries a POST to the origin', async (tunnel) => {
    const origin = await startOrigin();
    const routes = tempDir();
    const running = start(tunnel.program, tunnel.args(origin), { WIFIRE_STANDIN_ROUTES: routes });
    const [, hostname] = await running.waitFor(tunnel.stream, tunnel.urlLine);
    const route = readRoute(routes, hostname!);
    // The wrapper execs node, so the pid the supervisor holds is the one that owns the route.
    expect(route.pid).toBe(running.child.pid);
    expect(await post(route.port, hostname!, '{"evento":"cliente-chegou"}')).toEqual({
      method: 'POST',
      body: '{"evento":"cliente-chegou"}',
    });
    const other = tunnel.stream === 'stdout' ? running.stderr() : running.stdout();
    expect(other).toBe('');
  });

  it('cloudflared writes the quick tunnel box and then a registered connection, all on stderr', async () => {
    const running = start('cloudflared', ['tunnel', '--url', 'http://127.0.0.1:4560']);
    await running.waitFor(
      'stderr',
      /^\S+Z INF Registered tunnel connection connIndex=0 connection=[0-9a-f-]{36} event=0 ip=[\d.]+ location=\w+ protocol=quic$/m,
    );
    expect(running.stderr()).toMatch(/^\S+Z INF Requesting new quick Tunnel on trycloudflare\.com\.\.\.$/m);
    expect(running.stderr()).toMatch(
      /^\S+Z INF \| {2}Your quick Tunnel has been created! Visit it at \(it may take some time to be reachable\): {2}\|$/m,
    );
    expect(running.stderr()).toMatch(
      /^\S+Z INF Settings: map\[ha-connections:1 protocol:quic url:http:\/\/127\.0\.0\.1:4560\]$/m,
    );
    expect(running.stdout()).toBe('');
  });

  it('named cloudflared takes its token from TUNNEL_TOKEN, never argv, and routes the dashboard hostname', async () => {
    const origin = await startOrigin();
    const routes = tempDir();
    const argvLog = path.join(tempDir(), 'argv.jsonl');
    const token = testTunnelToken();
    const running = start('cloudflared', ['tunnel', '--no-autoupdate', 'run'], {
      TUNNEL_TOKEN: token,
      WIFIRE_STANDIN_HOST: 'desk.example.com.br',
      WIFIRE_STANDIN_ORIGIN_PORT: String(origin),
      WIFIRE_STANDIN_ROUTES: routes,
      WIFIRE_STANDIN_ARGV_LOG: argvLog,
    });
    await running.waitFor(
      'stderr',
      /^\S+Z INF Registered tunnel connection connIndex=3 connection=[0-9a-f-]{36} .*protocol=quic$/m,
    );
    expect(running.stderr()).toMatch(/^\S+Z INF Starting tunnel tunnelID=6f2c1d1e-0d5e-4c55-8d0a-2b1f5d0e9a11$/m);
    expect(running.stderr()).toMatch(/^\S+Z INF Settings: map\[no-autoupdate:true token:\*{5}\]$/m);
    expect(running.stderr()).not.toContain(token);
    const route = readRoute(routes, 'desk.example.com.br');
    expect((await post(route.port, 'desk.example.com.br', 'ok')).body).toBe('ok');
    expect(
      fs
        .readFileSync(argvLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      {
        program: 'cloudflared',
        argv: ['tunnel', '--no-autoupdate', 'run'],
        env: { TUNNEL_TOKEN: true, NGROK_AUTHTOKEN: false },
      },
    ]);
  });

  it('ngrok logs one JSON object per stdout line, the authtoken only in env', async () => {
    const argvLog = path.join(tempDir(), 'argv.jsonl');
    const args = ['http', '127.0.0.1:4560', '--log', 'stdout', '--log-format', 'json'];
    const running = start('ngrok', args, {
      NGROK_AUTHTOKEN: '2abcAuthtokenForTests',
      WIFIRE_STANDIN_ARGV_LOG: argvLog,
    });
    await running.waitFor('stdout', /"msg":"started tunnel"/);
    const lines = running
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.msg)).toEqual([
      'no configuration paths supplied',
      'using configuration at default config path',
      'open config file',
      'starting web service',
      'client session established',
      'tunnel session started',
      'started tunnel',
    ]);
    expect(lines.at(-1)).toMatchObject({
      lvl: 'info',
      obj: 'tunnels',
      name: 'command_line',
      addr: 'http://127.0.0.1:4560',
    });
    expect(lines.at(-1)!.t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    const logged = JSON.parse(fs.readFileSync(argvLog, 'utf8')) as { argv: string[]; env: Record<string, boolean> };
    expect(logged).toEqual({ program: 'ngrok', argv: args, env: { TUNNEL_TOKEN: false, NGROK_AUTHTOKEN: true } });
  });

  it('gives every start a new hostname unless WIFIRE_STANDIN_HOST (or ngrok --url) fixes it', async () => {
    const hostnames = await Promise.all(
      TUNNELS.flatMap((tunnel) =>
        ([{}, {}, { WIFIRE_STANDIN_HOST: tunnel.fixedHost }] as Record<string, string>[]).map(async (env) => {
          const running = start(tunnel.program, tunnel.args(4560), env);
          return (await running.waitFor(tunnel.stream, tunnel.urlLine))[1];
        }),
      ),
    );
    TUNNELS.forEach((tunnel, index) => {
      const [first, second, fixed] = hostnames.slice(index * 3, index * 3 + 3);
      expect(first, tunnel.name).not.toBe(second);
      expect(fixed, tunnel.name).toBe(tunnel.fixedHost);
    });
    const reserved = start('ngrok', [...TUNNELS[1]!.args(4560), '--url', 'https://recepcao.ngrok.app']);
    await reserved.waitFor('stdout', /"msg":"started tunnel".*"url":"https:\/\/recepcao\.ngrok\.app"\}$/m);
  });

  it.each<{
    name: string;
    program: string;
    args: string[];
    env: Record<string, string>;
    code: number;
    stream: 'stdout' | 'stderr';
    line: RegExp;
  }>([
    {
      name: 'cloudflared quick',
      program: 'cloudflared',
      args: ['tunnel', '--no-autoupdate', '--url', 'http://127.0.0.1:4560'],
      env: {},
      code: 1,
      stream: 'stderr',
      line: /^failed to request quick Tunnel: Post "https:\/\/api\.trycloudflare\.com\/tunnel": dial tcp: lookup api\.trycloudflare\.com: no such host$/m,
    },
    {
      name: 'named cloudflared',
      program: 'cloudflared',
      args: ['tunnel', '--no-autoupdate', 'run'],
      env: { TUNNEL_TOKEN: testTunnelToken() },
      code: 255,
      stream: 'stderr',
      line: /^Provided Tunnel token is not valid\.\nSee 'cloudflared tunnel run --help'\.$/m,
    },
    {
      name: 'ngrok',
      program: 'ngrok',
      args: ['http', '127.0.0.1:4560', '--log=stdout', '--log-format=json'],
      env: {},
      code: 1,
      stream: 'stderr',
      line: /^ERROR: {2}authentication failed: Usage of ngrok requires a verified account and authtoken\.\n(?:ERROR:.*\n)*ERROR: {2}ERR_NGROK_4018$/m,
    },
    {
      name: 'ssh',
      program: 'ssh',
      args: ['-T', '-n', '-R', '80:127.0.0.1:4560', 'nokey@localhost.run'],
      env: {},
      code: 255,
      stream: 'stderr',
      line: /^ssh: Could not resolve hostname localhost\.run: Name or service not known$/m,
    },
  ])('$name with exit-at-once prints its real failure and exits $code', async (failure) => {
    const routes = tempDir();
    const running = start(failure.program, failure.args, {
      ...failure.env,
      WIFIRE_STANDIN_BEHAVIOUR: 'exit-at-once',
      WIFIRE_STANDIN_ROUTES: routes,
    });
    expect(await running.closed).toBe(failure.code);
    expect(running[failure.stream]()).toMatch(failure.line);
    expect(fs.readdirSync(routes)).toEqual([]);
  });

  it('ngrok refusing an authtoken echoes it in full on both streams, as the real agent does', async () => {
    const running = start('ngrok', ['http', '4560', '--log', 'stdout', '--log-format', 'json'], {
      NGROK_AUTHTOKEN: '2abcAuthtokenForTests',
      WIFIRE_STANDIN_BEHAVIOUR: 'exit-at-once',
    });
    expect(await running.closed).toBe(1);
    expect(running.stdout()).toMatch(
      /^\{"err":"authentication failed: .*ERR_NGROK_107.*","lvl":"crit","msg":"command failed",/m,
    );
    expect(running.stdout()).toContain('Your authtoken: 2abcAuthtokenForTests');
    expect(running.stderr()).toMatch(/^ERROR: {2}Your authtoken: 2abcAuthtokenForTests$/m);
  });

  it('cloudflared run without any token stops at once with its usage error', async () => {
    const running = start('cloudflared', ['tunnel', '--no-autoupdate', 'run']);
    expect(await running.closed).toBe(255);
    expect(running.stderr()).toMatch(
      /^"cloudflared tunnel run" requires the ID or name of the tunnel to run as the last/m,
    );
  });

  it('ssh with auth-fail is refused by the server like a missing key', async () => {
    const running = start('ssh', ['-N', '-o', 'BatchMode=yes', '-R', '0:127.0.0.1:4560', 'desk@tunnel.example.com'], {
      WIFIRE_STANDIN_BEHAVIOUR: 'auth-fail',
    });
    expect(await running.closed).toBe(255);
    expect(running.stderr()).toBe('desk@tunnel.example.com: Permission denied (publickey).\n');
  });

  it('no-url keeps cloudflared running without ever printing a trycloudflare URL', async () => {
    const routes = tempDir();
    const running = start('cloudflared', ['tunnel', '--no-autoupdate', '--url', 'http://127.0.0.1:4560'], {
      WIFIRE_STANDIN_BEHAVIOUR: 'no-url',
      WIFIRE_STANDIN_ROUTES: routes,
    });
    await running.waitFor('stderr', /Requesting new quick Tunnel on trycloudflare\.com\.\.\.$/m);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(running.stderr()).not.toMatch(/https:\/\/[a-z0-9-]+\.trycloudflare\.com/);
    expect(running.child.exitCode).toBeNull();
    expect(fs.readdirSync(routes)).toEqual([]);
  });

  it('leaves quietly on SIGTERM: exit 0, nothing more printed, its route gone', async () => {
    const routes = tempDir();
    const running = start('ssh', TUNNELS[2]!.args(4560), { WIFIRE_STANDIN_ROUTES: routes });
    await running.waitFor('stdout', /^Open your tunnel address on your mobile with this QR:\r$/m);
    const printed = running.stdout() + running.stderr();
    running.child.kill('SIGTERM');
    expect(await running.closed).toBe(0);
    expect(running.stdout() + running.stderr()).toBe(printed);
    expect(fs.readdirSync(routes)).toEqual([]);
  });

  it('localhost.run announces a rotated address mid-session (SIGUSR1 here) and moves its route to it', async () => {
    const origin = await startOrigin();
    const routes = tempDir();
    const localhostRun = TUNNELS[2]!;
    const running = start('ssh', localhostRun.args(origin), { WIFIRE_STANDIN_ROUTES: routes });
    const [, first] = await running.waitFor('stdout', localhostRun.urlLine);
    await running.waitFor('stdout', /^Open your tunnel address on your mobile with this QR:\r$/m);
    running.child.kill('SIGUSR1');
    const rotated = new RegExp(
      `^(?!${first!.replace(/\./g, '\\.')})([0-9a-f]{14}\\.lhr\\.life) tunneled with tls termination`,
      'm',
    );
    const [, second] = await running.waitFor('stdout', rotated);
    expect(fs.readdirSync(routes)).toEqual([second]);
    expect((await post(readRoute(routes, second!).port, second!, 'depois')).body).toBe('depois');
  });

  it('ssh services show no address with -N, since no session channel carries their banner', async () => {
    const routes = tempDir();
    const running = start('ssh', ['-N', '-T', '-R', '80:127.0.0.1:4560', 'serveo.net'], {
      WIFIRE_STANDIN_ROUTES: routes,
    });
    while (fs.readdirSync(routes).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(running.stdout()).toBe('');
  });

  it("ssh to the owner's server adds the host key once and reports each start's allocated port on stderr", async () => {
    const origin = await startOrigin();
    const dir = tempDir();
    const knownHosts = path.join(dir, 'known_hosts');
    const args = [
      '-N',
      '-T',
      ...['-o', 'ExitOnForwardFailure=yes', '-o', 'ServerAliveInterval=30', '-o', 'ServerAliveCountMax=3'],
      ...['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${knownHosts}`],
      ...['-p', '2222', '-R', `0:127.0.0.1:${origin}`, 'desk@127.0.0.1'],
    ];
    const allocated = new RegExp(`^Allocated port (\\d+) for remote forward to 127\\.0\\.0\\.1:${origin}$`, 'm');
    const first = start('ssh', args);
    const [, port] = await first.waitFor('stderr', allocated);
    expect(first.stderr()).toMatch(
      /^Warning: Permanently added '\[127\.0\.0\.1\]:2222' \(ED25519\) to the list of known hosts\.$/m,
    );
    expect((await post(Number(port), '127.0.0.1', 'direto')).body).toBe('direto');
    const second = start('ssh', args);
    const [, secondPort] = await second.waitFor('stderr', allocated);
    expect(second.stderr()).not.toContain('Permanently added');
    expect(secondPort).not.toBe(port);
  });
});
