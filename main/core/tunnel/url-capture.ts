// Reading a tunnel program's output: the public address it reports, and why it failed, one line at a time.
import { z } from 'zod';
import { isPublicBase } from '../../../shared/tunnel-settings.js';

/** What one line of a tunnel's output tells, if anything. */
export type LineFinding =
  { kind: 'url'; url: string } | { kind: 'ready' } | { kind: 'problem'; problem: TunnelProblem } | null;

/** Failures a tunnel program explains in its output; each has a message in tunnel-messages.ts. */
export const TUNNEL_PROBLEMS = [
  'auth',
  'session-limit',
  'domain',
  'quick-tunnel-refused',
  'dns',
  'connect',
  'ssh-auth',
  'ssh-host-key',
  'ssh-forward',
] as const;
export type TunnelProblem = (typeof TUNNEL_PROBLEMS)[number];

export type LineReader = (line: string) => LineFinding;

/** A captured address is only trusted as an http(s) origin (plus path for custom programs), never as text. */
export function cleanUrl(candidate: string): string | null {
  const trimmed = candidate.trim().replace(/\/+$/, '');
  return trimmed.length <= 2048 && isPublicBase(trimmed) ? trimmed : null;
}

// cloudflared prints the quick tunnel's address boxed in its log: "INF |  https://four-words.trycloudflare.com  |".
const TRYCLOUDFLARE = /https:\/\/(?!api\.)[a-z0-9-]+\.trycloudflare\.com\b/i;
const CLOUDFLARED_READY = /\bRegistered tunnel connection\b/;

function sshAndNetworkProblems(line: string): LineFinding {
  if (
    /Could not resolve hostname|Name or service not known|no such host|Temporary failure in name resolution/i.test(line)
  )
    return { kind: 'problem', problem: 'dns' };
  if (/Permission denied \(|Too many authentication failures/i.test(line))
    return { kind: 'problem', problem: 'ssh-auth' };
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(line))
    return { kind: 'problem', problem: 'ssh-host-key' };
  if (/remote port forwarding failed|Warning: remote port forwarding failed/i.test(line))
    return { kind: 'problem', problem: 'ssh-forward' };
  if (
    /Connection refused|Connection timed out|Network is unreachable|No route to host|Connection closed by/i.test(line)
  )
    return { kind: 'problem', problem: 'connect' };
  return null;
}

export function cloudflaredQuickReader(line: string): LineFinding {
  const url = TRYCLOUDFLARE.exec(line);
  if (url) {
    const clean = cleanUrl(url[0].toLowerCase());
    if (clean) return { kind: 'url', url: clean };
  }
  // A refusal, or an answer it cannot read (trycloudflare's 429 rate-limit page).
  if (/failed to (request|unmarshal|read|parse) quick[- ]?Tunnel|Error unmarshaling QuickTunnel response/i.test(line))
    return { kind: 'problem', problem: 'quick-tunnel-refused' };
  if (CLOUDFLARED_READY.test(line)) return { kind: 'ready' };
  return sshAndNetworkProblems(line);
}

export function cloudflaredNamedReader(line: string): LineFinding {
  if (CLOUDFLARED_READY.test(line)) return { kind: 'ready' };
  if (/Provided Tunnel token is not valid|Unauthorized|invalid tunnel secret|token.*(invalid|malformed)/i.test(line))
    return { kind: 'problem', problem: 'auth' };
  return sshAndNetworkProblems(line);
}

// ngrok's JSON log (--log stdout --log-format json): {"lvl":"info","msg":"started tunnel","url":"https://…"}.
const ngrokLine = z.object({
  lvl: z.string().optional(),
  msg: z.string().optional(),
  err: z.unknown().optional(),
  url: z.string().optional(),
});

function ngrokProblem(text: string): TunnelProblem | null {
  // ngrok words the session limit as "authentication failed: … limited to 1 simultaneous …": check it first.
  if (/ERR_NGROK_108\b|simultaneous (ngrok )?agent sessions/i.test(text)) return 'session-limit';
  if (/ERR_NGROK_(105|106|107|4018|8012)\b|authtoken|authentication failed/i.test(text)) return 'auth';
  if (/ERR_NGROK_(313|320|326|15002)\b|domain .* (is not|not) (reserved|available)/i.test(text)) return 'domain';
  return null;
}

export function ngrokReader(line: string): LineFinding {
  if (!line.startsWith('{')) {
    // Before its logger starts, ngrok reports fatal errors as plain text ("ERROR:  authentication failed: …").
    const problem = /^ERROR:/.test(line) ? ngrokProblem(line) : null;
    return problem ? { kind: 'problem', problem } : null;
  }
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = ngrokLine.safeParse(json);
  if (!parsed.success) return null;
  const entry = parsed.data;
  if (entry.msg === 'started tunnel' && entry.url) {
    const clean = cleanUrl(entry.url);
    if (clean?.startsWith('https://')) return { kind: 'url', url: clean };
  }
  if (entry.lvl === 'eror' || entry.lvl === 'crit' || entry.lvl === 'error') {
    const problem = ngrokProblem(`${entry.msg ?? ''} ${typeof entry.err === 'string' ? entry.err : ''}`);
    if (problem) return { kind: 'problem', problem };
  }
  return null;
}

/** OpenSSH with -R 0:…: "Allocated port 40123 for remote forward to 127.0.0.1:4560". */
export function sshServerReader(urlForPort: (port: number) => string | null): LineReader {
  return (line) => {
    const allocated = /^Allocated port (\d{1,5}) for remote forward to /.exec(line.trim());
    if (allocated) {
      const url = urlForPort(Number(allocated[1]));
      return url ? { kind: 'url', url } : null;
    }
    return sshAndNetworkProblems(line);
  };
}

const SERVICE_URLS: Record<string, RegExp> = {
  // "4f8b2c6a5e1d3c.lhr.life tunneled with tls termination, https://4f8b2c6a5e1d3c.lhr.life"
  'localhost.run': /tunneled with tls termination, (https:\/\/[a-z0-9-]+\.(?:lhr\.life|localhost\.run))\b/i,
  // "Forwarding HTTP traffic from https://abc123.serveo.net"
  'serveo.net': /Forwarding HTTP traffic from (https:\/\/[a-z0-9-]+\.(?:serveo\.net|serveousercontent\.com))\b/i,
  // "https://rnxyz-1-2-3-4.a.free.pinggy.link"
  'pinggy.io': /(https:\/\/[a-z0-9-]+\.a\.(?:free\.)?pinggy\.(?:link|online))\b/i,
};

export function sshServiceReader(service: keyof typeof SERVICE_URLS): LineReader {
  const pattern = SERVICE_URLS[service]!;
  return (line) => {
    const match = pattern.exec(line);
    if (match) {
      const clean = cleanUrl(match[1]!.toLowerCase());
      if (clean) return { kind: 'url', url: clean };
    }
    return sshAndNetworkProblems(line);
  };
}

/** The owner's own pattern: the first group when it has one, else the whole match. */
export function customReader(pattern: string): LineReader {
  const regex = new RegExp(pattern);
  return (line) => {
    const match = regex.exec(line);
    if (!match) return null;
    const clean = cleanUrl(match[1] ?? match[0]);
    return clean ? { kind: 'url', url: clean } : null;
  };
}
