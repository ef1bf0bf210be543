// From a preset to the exact program, arguments and environment to run, and how to read its output.
import path from 'node:path';
import type { TunnelSettings } from '../../../shared/tunnel-settings.js';
import {
  cloudflaredNamedReader,
  cloudflaredQuickReader,
  customReader,
  ngrokReader,
  sshServerReader,
  sshServiceReader,
  type LineReader,
} from './url-capture.js';
import { formatHostPort } from '../host-port.js';

export interface PlanContext {
  /** The local listener's port, the one the tunnel forwards to. */
  localPort: number;
  /** The data folder: ssh keeps the hosts it has met in tunnel/known_hosts there. */
  dataDir: string;
}

export interface ChildPlan {
  /** The program's usual name, for messages and install steps. */
  program: string;
  /** What to look up: the configured path, or the program's name on PATH. */
  executable: string;
  configuredPath: string | null;
  /** One array, never a shell string: nothing in a setting can become a second command. */
  args: string[];
  /** Added to the child's environment; secrets travel here, never in `args` (other users can list arguments). */
  env: Record<string, string | undefined>;
  /** Values to keep out of anything this process writes (they are in env already). */
  secrets: string[];
  read: LineReader;
  /** Known before the program says anything (a fixed hostname or address), else read from its output. */
  fixedUrl: string | null;
  /** A fixed address is only used once the program says it connected. */
  waitForReady: boolean;
}

export interface TunnelPlan {
  preset: TunnelSettings['preset'];
  child: ChildPlan | null;
  /** For `none`: the address the owner already has; null when there is nothing to check. */
  fixedUrl: string | null;
}

const noRead: LineReader = () => null;

export function planTunnel(tunnel: TunnelSettings, context: PlanContext): TunnelPlan {
  const origin = `127.0.0.1:${context.localPort}`;
  switch (tunnel.preset) {
    case 'none':
      return { preset: 'none', child: null, fixedUrl: tunnel.publicUrl ?? null };

    case 'cloudflared': {
      const base = {
        program: 'cloudflared',
        executable: tunnel.binaryPath ?? 'cloudflared',
        configuredPath: tunnel.binaryPath ?? null,
      };
      if (tunnel.mode === 'named') {
        return {
          preset: 'cloudflared',
          fixedUrl: null,
          child: {
            ...base,
            // The public hostname's service (http://localhost:<port>) is set in Cloudflare's dashboard.
            args: ['tunnel', '--no-autoupdate', 'run'],
            env: { TUNNEL_TOKEN: tunnel.token },
            secrets: tunnel.token ? [tunnel.token] : [],
            read: cloudflaredNamedReader,
            fixedUrl: `https://${tunnel.hostname}`,
            waitForReady: true,
          },
        };
      }
      return {
        preset: 'cloudflared',
        fixedUrl: null,
        child: {
          ...base,
          args: ['tunnel', '--no-autoupdate', '--url', `http://${origin}`],
          // A token left in the environment would make cloudflared run that named tunnel instead.
          env: { TUNNEL_TOKEN: undefined },
          secrets: [],
          read: cloudflaredQuickReader,
          fixedUrl: null,
          waitForReady: false,
        },
      };
    }

    case 'ngrok':
      return {
        preset: 'ngrok',
        fixedUrl: null,
        child: {
          program: 'ngrok',
          executable: tunnel.binaryPath ?? 'ngrok',
          configuredPath: tunnel.binaryPath ?? null,
          args: [
            'http',
            origin,
            '--log',
            'stdout',
            '--log-format',
            'json',
            ...(tunnel.domain ? ['--url', `https://${tunnel.domain}`] : []),
          ],
          env: tunnel.authtoken ? { NGROK_AUTHTOKEN: tunnel.authtoken } : {},
          secrets: tunnel.authtoken ? [tunnel.authtoken] : [],
          read: ngrokReader,
          fixedUrl: null,
          waitForReady: false,
        },
      };

    case 'ssh': {
      const common = [
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
        // ssh splits an -o value at spaces ("Application Support" on macOS) unless quoted, and expands % tokens.
        `UserKnownHostsFile="${path.join(context.dataDir, 'tunnel', 'known_hosts').replaceAll('%', '%%')}"`,
        ...(tunnel.keyFile ? ['-i', tunnel.keyFile, '-o', 'IdentitiesOnly=yes'] : []),
      ];
      const base = {
        program: 'ssh',
        executable: tunnel.binaryPath ?? 'ssh',
        configuredPath: tunnel.binaryPath ?? null,
        env: {},
        secrets: [],
        waitForReady: false,
      };
      if (tunnel.mode === 'server') {
        const host = tunnel.host!;
        const urlFor = (port: number): string => tunnel.publicBase ?? `http://${formatHostPort(host, port)}`;
        return {
          preset: 'ssh',
          fixedUrl: null,
          child: {
            ...base,
            args: [
              '-N',
              ...common,
              '-p',
              String(tunnel.port),
              '-R',
              `${tunnel.remotePort}:${origin}`,
              // The user and host were checked against option-like text ("-o…") in the settings schema.
              `${tunnel.user}@${host}`,
            ],
            read: sshServerReader(urlFor),
            // With a fixed port the address is known at once; with 0 the server says which port it opened.
            fixedUrl: tunnel.remotePort === 0 ? null : urlFor(tunnel.remotePort),
          },
        };
      }
      // Services print their address through the session, so no -N; -n because there is nothing to send.
      const service = {
        'localhost.run': { args: ['-R', `80:${origin}`, 'nokey@localhost.run'] },
        'serveo.net': { args: ['-R', `80:${origin}`, 'serveo.net'] },
        'pinggy.io': { args: ['-p', '443', `-R0:${origin}`, 'a.pinggy.io'] },
      }[tunnel.service];
      return {
        preset: 'ssh',
        fixedUrl: null,
        child: {
          ...base,
          args: ['-n', ...common, ...service.args],
          read: sshServiceReader(tunnel.service),
          fixedUrl: null,
        },
      };
    }

    case 'custom':
      return {
        preset: 'custom',
        fixedUrl: null,
        child: {
          program: path.basename(tunnel.command),
          executable: tunnel.command,
          configuredPath: tunnel.command.includes('/') || tunnel.command.includes('\\') ? tunnel.command : null,
          args: tunnel.args.map((arg) => arg.replaceAll('{port}', String(context.localPort))),
          env: {},
          secrets: [],
          read: tunnel.urlPattern ? customReader(tunnel.urlPattern) : noRead,
          fixedUrl: tunnel.publicUrl ?? null,
          waitForReady: false,
        },
      };
  }
}
