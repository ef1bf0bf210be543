// A real OpenSSH server for the ssh tunnel tests, on 127.0.0.1 and on SERVER_ADDRESS: its own keys, nothing else.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface TestSshd {
  port: number;
  user: string;
  /** The client's private key, made by the test. */
  keyFile: string;
  dir: string;
  /** The `tunnel` settings of the ssh preset that reach this server, forwarding `remotePort` (0: the server picks). */
  serverTunnel(remotePort: number): Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * The server's address as the desk sees it: a documentation address (TEST-NET-2, never routed on the internet) put
 * on this machine's loopback, so the tunnel's address looks public, as a real server's would; 127.0.0.1 never does.
 */
export const SERVER_ADDRESS = '198.51.100.7';

/** Puts SERVER_ADDRESS on the loopback interface (root, iproute2); already there is fine. */
function addServerAddress(): void {
  try {
    execFileSync('ip', ['addr', 'add', `${SERVER_ADDRESS}/32`, 'dev', 'lo'], { stdio: 'pipe' });
  } catch (error) {
    const said = String((error as { stderr?: Buffer }).stderr ?? '');
    if (!/File exists|already assigned/.test(said)) {
      throw new Error(`could not add ${SERVER_ADDRESS} to lo (needs root and iproute2): ${said.trim()}`);
    }
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function startSshd(): Promise<TestSshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-desk-sshd-'));
  fs.chmodSync(dir, 0o700);
  const keygen = (file: string): void => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'wifire-desk-test', '-f', file]);
  };
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'client_key'));
  fs.copyFileSync(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
  fs.chmodSync(path.join(dir, 'authorized_keys'), 0o600);
  // sshd refuses to start without its privilege-separation folder.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  addServerAddress();
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `ListenAddress ${SERVER_ADDRESS}`,
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'UsePAM no',
    'AllowTcpForwarding remote',
    // Forwarded ports on every address of the server, as on a server the internet reaches (127.0.0.1 included).
    'GatewayPorts yes',
    'LogLevel INFO',
  ];
  fs.writeFileSync(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start:\n${log}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${code}):\n${log}`));
    });
  });
  const user = os.userInfo().username;
  const keyFile = path.join(dir, 'client_key');
  return {
    port,
    user,
    keyFile,
    dir,
    serverTunnel: (remotePort) => ({
      preset: 'ssh',
      mode: 'server',
      host: SERVER_ADDRESS,
      port,
      user,
      keyFile,
      remotePort,
    }),
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
