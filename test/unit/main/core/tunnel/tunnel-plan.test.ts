// From a tunnel preset to the exact program, arguments and environment: secrets only in env, never in argv.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planTunnel, type ChildPlan, type PlanContext } from '../../../../../main/core/tunnel/tunnel-plan.js';
import { tunnelSettingsSchema, type TunnelSettingsInput } from '../../../../../shared/tunnel-settings.js';

const context: PlanContext = { localPort: 4599, dataDir: path.join('/srv', 'wifire-desk') };
const TOKEN = 'eyJhIjoiY2xvdWRmbGFyZS10b2tlbi12YWx1ZSJ9';
const AUTHTOKEN = '2abcNgrokAuthtokenValue_0123456789';

function plan(input: TunnelSettingsInput, ctx: PlanContext = context): ReturnType<typeof planTunnel> {
  return planTunnel(tunnelSettingsSchema.parse(input), ctx);
}

function child(input: TunnelSettingsInput, ctx: PlanContext = context): ChildPlan {
  const planned = plan(input, ctx).child;
  if (!planned) throw new Error('expected a child plan');
  return planned;
}

const KNOWN_HOSTS = /^UserKnownHostsFile=/;
/** The arguments with the known_hosts option (whose quoting is checked on its own) replaced by a marker. */
function argsWithKnownHostsMarked(args: string[]): string[] {
  return args.map((arg) => (KNOWN_HOSTS.test(arg) ? '<known_hosts>' : arg));
}

/** The files ssh reads from a UserKnownHostsFile value: whitespace separates files unless the value is quoted. */
function knownHostsFiles(args: string[]): string[] {
  const option = args.find((arg) => KNOWN_HOSTS.test(arg));
  if (!option) throw new Error('no UserKnownHostsFile option');
  const value = option.replace(KNOWN_HOSTS, '');
  const quoted = /^"([^"]*)"$/.exec(value);
  return quoted ? [quoted[1]!] : value.split(/\s+/).filter(Boolean);
}

const SSH_COMMON = [
  '-T',
  '-o',
  'ExitOnForwardFailure=yes',
  '-o',
  'ServerAliveInterval=30',
  '-o',
  'ServerAliveCountMax=3',
  '-o',
  'BatchMode=yes',
  '-o',
  'StrictHostKeyChecking=accept-new',
  '-o',
  '<known_hosts>',
];

describe('cloudflared', () => {
  it('runs a quick tunnel to the local listener and reads its address from the output', () => {
    const planned = plan({ preset: 'cloudflared', mode: 'quick' });
    expect(planned.fixedUrl).toBeNull();
    const quick = planned.child!;
    expect(quick.program).toBe('cloudflared');
    expect(quick.executable).toBe('cloudflared');
    expect(quick.configuredPath).toBeNull();
    expect(quick.args).toEqual(['tunnel', '--no-autoupdate', '--url', 'http://127.0.0.1:4599']);
    expect(quick.fixedUrl).toBeNull();
    expect(quick.waitForReady).toBe(false);
    expect(quick.read('INF |  https://four-dashed-word-url.trycloudflare.com   |')).toEqual({
      kind: 'url',
      url: 'https://four-dashed-word-url.trycloudflare.com',
    });
  });

  it('removes TUNNEL_TOKEN from a quick tunnel’s environment, even with a token still saved', () => {
    const quick = child({ preset: 'cloudflared', mode: 'quick', token: TOKEN });
    expect(Object.keys(quick.env)).toContain('TUNNEL_TOKEN');
    expect(quick.env.TUNNEL_TOKEN).toBeUndefined();
    expect(JSON.stringify(quick.args)).not.toContain(TOKEN);
  });

  it('runs a named tunnel with its token only in env and its hostname as the fixed address after "ready"', () => {
    const named = child({ preset: 'cloudflared', mode: 'named', token: TOKEN, hostname: 'hooks.example.com' });
    expect(named.args).toEqual(['tunnel', '--no-autoupdate', 'run']);
    expect(named.env).toEqual({ TUNNEL_TOKEN: TOKEN });
    expect(named.secrets).toEqual([TOKEN]);
    expect(named.args.some((arg) => arg.includes(TOKEN))).toBe(false);
    expect(named.fixedUrl).toBe('https://hooks.example.com');
    expect(named.waitForReady).toBe(true);
    expect(named.read('INF Registered tunnel connection connIndex=0 location=gru01 protocol=quic')).toEqual({
      kind: 'ready',
    });
  });

  it('runs the configured program path when one is given', () => {
    const quick = child({ preset: 'cloudflared', binaryPath: '/opt/cloudflared/cloudflared' });
    expect(quick.executable).toBe('/opt/cloudflared/cloudflared');
    expect(quick.configuredPath).toBe('/opt/cloudflared/cloudflared');
  });
});

describe('ngrok', () => {
  it('forwards to the local listener with a JSON log and no domain by default', () => {
    const ngrok = child({ preset: 'ngrok' });
    expect(ngrok.args).toEqual(['http', '127.0.0.1:4599', '--log', 'stdout', '--log-format', 'json']);
    expect(ngrok.env).toEqual({});
    expect(ngrok.secrets).toEqual([]);
    expect(ngrok.fixedUrl).toBeNull();
  });

  it('asks for the reserved domain and passes the authtoken only in env', () => {
    const ngrok = child({ preset: 'ngrok', authtoken: AUTHTOKEN, domain: 'desk.ngrok.app' });
    expect(ngrok.args).toEqual([
      'http',
      '127.0.0.1:4599',
      '--log',
      'stdout',
      '--log-format',
      'json',
      '--url',
      'https://desk.ngrok.app',
    ]);
    expect(ngrok.env).toEqual({ NGROK_AUTHTOKEN: AUTHTOKEN });
    expect(ngrok.secrets).toEqual([AUTHTOKEN]);
    expect(ngrok.args.some((arg) => arg.includes(AUTHTOKEN))).toBe(false);
  });
});

describe('ssh to the owner’s server', () => {
  const server = { preset: 'ssh', mode: 'server', host: 'tunnel.example.com', user: 'wifire' } as const;

  it('asks the server to pick a port when remotePort is 0 and learns the address from its answer', () => {
    const ssh = child(server);
    expect(argsWithKnownHostsMarked(ssh.args)).toEqual([
      '-N',
      ...SSH_COMMON,
      '-p',
      '22',
      '-R',
      '0:127.0.0.1:4599',
      'wifire@tunnel.example.com',
    ]);
    expect(ssh.fixedUrl).toBeNull();
    expect(ssh.env).toEqual({});
    expect(ssh.read('Allocated port 32845 for remote forward to 127.0.0.1:4599')).toEqual({
      kind: 'url',
      url: 'http://tunnel.example.com:32845',
    });
  });

  it('forwards a fixed port and knows the address at once', () => {
    const ssh = child({ ...server, port: 2222, remotePort: 8080 });
    expect(argsWithKnownHostsMarked(ssh.args)).toEqual([
      '-N',
      ...SSH_COMMON,
      '-p',
      '2222',
      '-R',
      '8080:127.0.0.1:4599',
      'wifire@tunnel.example.com',
    ]);
    expect(ssh.fixedUrl).toBe('http://tunnel.example.com:8080');
    expect(ssh.waitForReady).toBe(false);
  });

  it('uses the public base in front of a fixed port instead of host:port', () => {
    const ssh = child({ ...server, remotePort: 8080, publicBase: 'https://hooks.example.com' });
    expect(ssh.fixedUrl).toBe('https://hooks.example.com');
  });

  it('passes the key file with -i and only that identity', () => {
    const ssh = child({ ...server, keyFile: '/home/maria/.ssh/wifire_ed25519' });
    expect(argsWithKnownHostsMarked(ssh.args)).toEqual([
      '-N',
      ...SSH_COMMON,
      '-i',
      '/home/maria/.ssh/wifire_ed25519',
      '-o',
      'IdentitiesOnly=yes',
      '-p',
      '22',
      '-R',
      '0:127.0.0.1:4599',
      'wifire@tunnel.example.com',
    ]);
  });

  it('puts brackets around an IPv6 host in the address', () => {
    const fixed = child({ ...server, host: '2001:db8::10', remotePort: 8080 });
    expect(fixed.fixedUrl).toBe('http://[2001:db8::10]:8080');
    expect(fixed.args.at(-1)).toBe('wifire@2001:db8::10');
    const picked = child({ ...server, host: '2001:db8::10' });
    expect(picked.read('Allocated port 40123 for remote forward to 127.0.0.1:4599')).toEqual({
      kind: 'url',
      url: 'http://[2001:db8::10]:40123',
    });
  });

  it('keeps the hosts ssh has met in tunnel/known_hosts inside the data folder', () => {
    expect(knownHostsFiles(child(server).args)).toEqual([path.join(context.dataDir, 'tunnel', 'known_hosts')]);
  });

  it('hands ssh a data folder with spaces (macOS "Application Support") as one known_hosts file', () => {
    // ssh splits a UserKnownHostsFile value at whitespace unless it is quoted (seen with OpenSSH 9.2 here).
    const dataDir = '/Users/maria/Library/Application Support/WiFire Desk';
    expect(knownHostsFiles(child(server, { localPort: 4599, dataDir }).args)).toEqual([
      path.join(dataDir, 'tunnel', 'known_hosts'),
    ]);
  });
});

describe('ssh tunnel services', () => {
  it('runs localhost.run without -N, with -n, and reads its address', () => {
    const ssh = child({ preset: 'ssh' });
    expect(argsWithKnownHostsMarked(ssh.args)).toEqual([
      '-n',
      ...SSH_COMMON,
      '-R',
      '80:127.0.0.1:4599',
      'nokey@localhost.run',
    ]);
    expect(ssh.fixedUrl).toBeNull();
    expect(ssh.read('abc.lhr.life tunneled with tls termination, https://abc.lhr.life')).toEqual({
      kind: 'url',
      url: 'https://abc.lhr.life',
    });
  });

  it('runs serveo.net and pinggy.io with their own forwards', () => {
    expect(argsWithKnownHostsMarked(child({ preset: 'ssh', service: 'serveo.net' }).args)).toEqual([
      '-n',
      ...SSH_COMMON,
      '-R',
      '80:127.0.0.1:4599',
      'serveo.net',
    ]);
    expect(argsWithKnownHostsMarked(child({ preset: 'ssh', service: 'pinggy.io' }).args)).toEqual([
      '-n',
      ...SSH_COMMON,
      '-p',
      '443',
      '-R0:127.0.0.1:4599',
      'a.pinggy.io',
    ]);
  });
});

describe('a custom program', () => {
  it('replaces {port} in every argument and reads the address with the owner’s pattern', () => {
    const custom = child({
      preset: 'custom',
      command: '/opt/bore/bore',
      args: ['local', '{port}', '--to', 'bore.example.com', '--origin=http://127.0.0.1:{port}/'],
      urlPattern: 'listening at (https://\\S+)',
    });
    expect(custom.program).toBe('bore');
    expect(custom.executable).toBe('/opt/bore/bore');
    expect(custom.configuredPath).toBe('/opt/bore/bore');
    expect(custom.args).toEqual(['local', '4599', '--to', 'bore.example.com', '--origin=http://127.0.0.1:4599/']);
    expect(custom.fixedUrl).toBeNull();
    expect(custom.read('listening at https://x.bore.example.com')).toEqual({
      kind: 'url',
      url: 'https://x.bore.example.com',
    });
  });

  it('looks a bare command up on PATH and uses the fixed public URL without reading output', () => {
    const custom = child({ preset: 'custom', command: 'bore', publicUrl: 'https://hooks.example.com' });
    expect(custom.configuredPath).toBeNull();
    expect(custom.args).toEqual([]);
    expect(custom.fixedUrl).toBe('https://hooks.example.com');
    expect(custom.read('https://something-else.example.com')).toBeNull();
  });
});

describe('none', () => {
  it('runs nothing and checks the public address the owner already has', () => {
    expect(plan({ preset: 'none', publicUrl: 'https://desk.example.com.br' })).toEqual({
      preset: 'none',
      child: null,
      fixedUrl: 'https://desk.example.com.br',
    });
  });

  it('has nothing to check without a public address', () => {
    expect(plan({ preset: 'none' })).toEqual({ preset: 'none', child: null, fixedUrl: null });
  });
});
