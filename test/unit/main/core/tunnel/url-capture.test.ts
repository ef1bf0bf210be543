// Reading tunnel programs' output: real lines in, the public address or the reason for failing out.
import { describe, expect, it } from 'vitest';
import {
  cleanUrl,
  cloudflaredNamedReader,
  cloudflaredQuickReader,
  customReader,
  ngrokReader,
  sshServerReader,
  sshServiceReader,
} from '../../../../../main/core/tunnel/url-capture.js';

describe('cloudflared quick tunnel', () => {
  it('takes the address from the boxed line of its log', () => {
    expect(
      cloudflaredQuickReader(
        '2022-11-11T19:57:58Z INF |  https://four-dashed-word-url.trycloudflare.com                                     |',
      ),
    ).toEqual({ kind: 'url', url: 'https://four-dashed-word-url.trycloudflare.com' });
  });

  it('ignores the lines around the box', () => {
    for (const line of [
      '2022-11-11T19:57:54Z INF Requesting new quick Tunnel on trycloudflare.com...',
      '2022-11-11T19:57:58Z INF +--------------------------------------------------------------------------------------------+',
      '2022-11-11T19:57:58Z INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |',
    ]) {
      expect(cloudflaredQuickReader(line), line).toBeNull();
    }
  });

  it('does not take the API address in a failure line as the tunnel and reads it as a refused quick tunnel', () => {
    const line =
      '2022-11-11T19:57:58Z ERR failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host';
    expect(cloudflaredQuickReader(line)).toEqual({ kind: 'problem', problem: 'quick-tunnel-refused' });
  });

  it('reads the answer cloudflared cannot parse (429 rate limit, 1015) as a refused quick tunnel', () => {
    // cloudflared's last line when trycloudflare.com answers with an error page instead of JSON.
    const line = "failed to unmarshal quick Tunnel: invalid character 'e' looking for beginning of value";
    expect(cloudflaredQuickReader(line)).toEqual({ kind: 'problem', problem: 'quick-tunnel-refused' });
  });
});

describe('cloudflared named tunnel', () => {
  it('says ready once a tunnel connection is registered', () => {
    const line =
      '2024-03-02T10:11:12Z INF Registered tunnel connection connIndex=0 connection=0b8e4e1c-5b7e-4a8f-9c1e-2f9d5a7b3c11 event=0 ip=198.41.192.7 location=gru01 protocol=quic';
    expect(cloudflaredNamedReader(line)).toEqual({ kind: 'ready' });
  });

  it('reads a refused token as an auth problem', () => {
    expect(cloudflaredNamedReader('2024-03-02T10:11:12Z ERR Provided Tunnel token is not valid.')).toEqual({
      kind: 'problem',
      problem: 'auth',
    });
  });

  it('finds nothing in an ordinary startup line', () => {
    expect(cloudflaredNamedReader('2024-03-02T10:11:10Z INF Starting tunnel tunnelID=abc')).toBeNull();
  });
});

describe('ngrok', () => {
  it('takes the url of the "started tunnel" JSON line', () => {
    const line =
      '{"addr":"http://127.0.0.1:4599","lvl":"info","msg":"started tunnel","name":"command_line","obj":"tunnels","t":"2024-03-02T10:11:12.345-03:00","url":"https://1a2b-177-10-20-30.ngrok-free.app"}';
    expect(ngrokReader(line)).toEqual({ kind: 'url', url: 'https://1a2b-177-10-20-30.ngrok-free.app' });
  });

  it('finds nothing in other messages, in lines that are not JSON, or in broken JSON', () => {
    for (const line of [
      '{"lvl":"info","msg":"client session established","obj":"tunnels.session","t":"2024-03-02T10:11:12-03:00"}',
      '{"lvl":"info","msg":"tunnel session started","obj":"tunnels.session"}',
      't=2024-03-02T10:11:12-0300 lvl=info msg="started tunnel" url=https://x.ngrok-free.app',
      '{"lvl":"info","msg":"started tunnel","url":',
      '["started tunnel"]',
      '',
    ]) {
      expect(ngrokReader(line), line).toBeNull();
    }
  });

  it('reads ERR_NGROK_105 in an "eror" line as an auth problem', () => {
    const line = JSON.stringify({
      err: 'authentication failed: The authtoken you specified does not look like a proper ngrok tunnel authtoken.\nYour authtoken: xyz\nInstructions to install your authtoken are on your ngrok dashboard:\nhttps://dashboard.ngrok.com/get-started/your-authtoken\r\n\r\nERR_NGROK_105\r\n',
      lvl: 'eror',
      msg: 'failed to reconnect session',
      obj: 'tunnels.session',
    });
    expect(ngrokReader(line)).toEqual({ kind: 'problem', problem: 'auth' });
  });

  it('reads ERR_NGROK_108 in an "eror" line as the session limit', () => {
    const line = JSON.stringify({
      err: "Your account is limited to 1 simultaneous ngrok agent sessions.\nActive ngrok agent sessions in region 'sa':\n  - ts_2abc (177.10.20.30)\r\n\r\nERR_NGROK_108\r\n",
      lvl: 'eror',
      msg: 'failed to auth',
      obj: 'tunnels.session',
    });
    expect(ngrokReader(line)).toEqual({ kind: 'problem', problem: 'session-limit' });
  });

  it('reads the session limit as such even though ngrok 3 words it as "authentication failed"', () => {
    // ngrok 3 prefixes the ERR_NGROK_108 text with "authentication failed:", in JSON and in plain text.
    const json = JSON.stringify({
      err: 'authentication failed: Your account is limited to 1 simultaneous ngrok agent sessions.\nYou can view your current agent sessions in the dashboard: https://dashboard.ngrok.com/agents\r\n\r\nERR_NGROK_108\r\n',
      lvl: 'eror',
      msg: 'failed to reconnect session',
      obj: 'tunnels.session',
    });
    expect(ngrokReader(json)).toEqual({ kind: 'problem', problem: 'session-limit' });
    expect(
      ngrokReader('ERROR:  authentication failed: Your account is limited to 1 simultaneous ngrok agent sessions.'),
    ).toEqual({ kind: 'problem', problem: 'session-limit' });
  });

  it('reads the plain-text fatal error printed before its logger starts', () => {
    expect(
      ngrokReader(
        'ERROR:  authentication failed: The authtoken you specified does not look like a proper ngrok tunnel authtoken.',
      ),
    ).toEqual({ kind: 'problem', problem: 'auth' });
    expect(ngrokReader('ERROR:  ERR_NGROK_108')).toEqual({ kind: 'problem', problem: 'session-limit' });
  });

  it('does not read an info line that mentions the authtoken as a problem', () => {
    expect(ngrokReader('{"lvl":"info","msg":"authtoken saved to configuration file"}')).toBeNull();
  });

  it('refuses a started tunnel whose url is not https', () => {
    expect(ngrokReader('{"lvl":"info","msg":"started tunnel","url":"http://x.ngrok-free.app"}')).toBeNull();
    expect(ngrokReader('{"lvl":"info","msg":"started tunnel","url":"tcp://0.tcp.ngrok.io:12345"}')).toBeNull();
  });
});

describe('ssh to the owner’s server', () => {
  it('builds the address from the port the server allocated, through the callback', () => {
    const asked: number[] = [];
    const read = sshServerReader((port) => {
      asked.push(port);
      return `http://tunnel.example.com:${port}`;
    });
    // Seen from OpenSSH 9.2 with -R 0:127.0.0.1:4599.
    expect(read('Allocated port 32845 for remote forward to 127.0.0.1:4599')).toEqual({
      kind: 'url',
      url: 'http://tunnel.example.com:32845',
    });
    expect(asked).toEqual([32845]);
  });

  it('gives nothing for an allocated port when the callback has no address', () => {
    expect(sshServerReader(() => null)('Allocated port 32845 for remote forward to 127.0.0.1:4599')).toBeNull();
  });

  it('tells a refused login, an unknown host name and a refused forward apart', () => {
    const read = sshServerReader(() => 'http://unused.example.com');
    expect(read('wifire@tunnel.example.com: Permission denied (publickey).')).toEqual({
      kind: 'problem',
      problem: 'ssh-auth',
    });
    expect(read('Permission denied (publickey).')).toEqual({ kind: 'problem', problem: 'ssh-auth' });
    expect(read('ssh: Could not resolve hostname x: Name or service not known')).toEqual({
      kind: 'problem',
      problem: 'dns',
    });
    expect(read('Warning: remote port forwarding failed for listen port 8080')).toEqual({
      kind: 'problem',
      problem: 'ssh-forward',
    });
    expect(read('Host key verification failed.')).toEqual({ kind: 'problem', problem: 'ssh-host-key' });
    expect(read('ssh: connect to host tunnel.example.com port 22: Connection refused')).toEqual({
      kind: 'problem',
      problem: 'connect',
    });
  });

  it('finds nothing in the banner or the host-key notice', () => {
    const read = sshServerReader(() => 'http://unused.example.com');
    expect(read("Warning: Permanently added 'tunnel.example.com' (ED25519) to the list of known hosts.")).toBeNull();
    expect(read('Welcome to Ubuntu 24.04 LTS')).toBeNull();
  });
});

describe('ssh tunnel services', () => {
  it('takes the https address localhost.run prints', () => {
    expect(
      sshServiceReader('localhost.run')(
        '4f8b2c6a5e1d3c.lhr.life tunneled with tls termination, https://4f8b2c6a5e1d3c.lhr.life',
      ),
    ).toEqual({ kind: 'url', url: 'https://4f8b2c6a5e1d3c.lhr.life' });
  });

  it('takes the address serveo.net prints', () => {
    expect(sshServiceReader('serveo.net')('Forwarding HTTP traffic from https://abc.serveo.net')).toEqual({
      kind: 'url',
      url: 'https://abc.serveo.net',
    });
  });

  it('takes pinggy’s https line and not its http one', () => {
    const read = sshServiceReader('pinggy.io');
    expect(read('http://rnxyz-177-10-20-30.a.free.pinggy.link')).toBeNull();
    expect(read('https://rnxyz-177-10-20-30.a.free.pinggy.link')).toEqual({
      kind: 'url',
      url: 'https://rnxyz-177-10-20-30.a.free.pinggy.link',
    });
  });

  it('does not take another service’s address', () => {
    expect(sshServiceReader('serveo.net')('https://4f8b2c6a5e1d3c.lhr.life')).toBeNull();
    expect(sshServiceReader('localhost.run')('Forwarding HTTP traffic from https://abc.serveo.net')).toBeNull();
  });

  it('reads ssh’s own failures through the service too', () => {
    expect(
      sshServiceReader('localhost.run')(
        'ssh: Could not resolve hostname localhost.run: Temporary failure in name resolution',
      ),
    ).toEqual({
      kind: 'problem',
      problem: 'dns',
    });
  });
});

describe('a custom program', () => {
  it('takes the first group of the owner’s pattern', () => {
    const read = customReader('listening at (https://\\S+)');
    expect(read('bore: listening at https://x1.bore.example.com/ now')).toEqual({
      kind: 'url',
      url: 'https://x1.bore.example.com',
    });
  });

  it('takes the whole match when the pattern has no group', () => {
    const read = customReader('https://[a-z0-9.-]+\\.example\\.net');
    expect(read('your url is https://abc.tunnels.example.net, enjoy')).toEqual({
      kind: 'url',
      url: 'https://abc.tunnels.example.net',
    });
  });

  it('keeps a path after the host', () => {
    expect(customReader('(https://\\S+)')('at https://proxy.example.com/desk/')).toEqual({
      kind: 'url',
      url: 'https://proxy.example.com/desk',
    });
  });

  it('refuses a match that is not an http(s) address', () => {
    expect(customReader('url=(\\S+)')('url=javascript:alert(1)')).toBeNull();
    expect(customReader('url=(\\S+)')('url=ftp://x')).toBeNull();
    expect(customReader('url=(\\S+)')('url=file:///etc/passwd')).toBeNull();
  });

  it('finds nothing in a line the pattern does not match', () => {
    expect(customReader('(https://\\S+)')('starting up...')).toBeNull();
  });
});

describe('cleanUrl', () => {
  it('strips trailing slashes', () => {
    expect(cleanUrl('https://abc.example.com/')).toBe('https://abc.example.com');
    expect(cleanUrl('  https://abc.example.com///  ')).toBe('https://abc.example.com');
    expect(cleanUrl('http://203.0.113.5:8080/desk/')).toBe('http://203.0.113.5:8080/desk');
  });

  it('refuses a query, a fragment or a user name', () => {
    expect(cleanUrl('https://abc.example.com/?a=1')).toBeNull();
    expect(cleanUrl('https://abc.example.com/#top')).toBeNull();
    expect(cleanUrl('https://maria@abc.example.com')).toBeNull();
    expect(cleanUrl('https://maria:senha@abc.example.com')).toBeNull();
  });

  it('refuses a password without a user name', () => {
    expect(cleanUrl('https://:senha@abc.example.com')).toBeNull();
  });

  it('refuses an empty query or fragment, which would break the /hooks/ path appended after it', () => {
    expect(cleanUrl('https://abc.example.com?')).toBeNull();
    expect(cleanUrl('https://abc.example.com#')).toBeNull();
  });

  it('refuses other schemes, text that is not a URL, and an address over 2048 characters', () => {
    expect(cleanUrl('ftp://abc.example.com')).toBeNull();
    expect(cleanUrl('abc.example.com')).toBeNull();
    expect(cleanUrl(`https://abc.example.com/${'a'.repeat(2048)}`)).toBeNull();
  });
});
