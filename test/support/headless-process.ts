// The real headless shell as a child process, as a user starts it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_TOKEN } from './temp-service.js';

const CLI = path.resolve('dist/main/headless/cli.js');
const children: ChildProcess[] = [];

/**
 * Stops every child started here that is still running (afterEach): SIGTERM first, as a user's Ctrl+C, so the
 * service also stops its tunnel program (SIGKILL would leave ssh behind); SIGKILL for one that hangs.
 */
export async function stopHeadlessChildren(graceMs = 5000): Promise<void> {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Starts the real headless shell and resolves with its webhook URL once it prints it. */
export function startHeadless(
  dataDir: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
  script = CLI,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [script, '--data-dir', dataDir, '--port', '0', ...extraArgs], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WIFIRE_DESK_TOKEN: TEST_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no Webhook URL printed:\n${output}`)), 10_000);
    const check = (): void => {
      const match = /^Webhook URL: (\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${output}`));
    });
  });
}
