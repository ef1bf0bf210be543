// The supervisor with real child processes: missing programs, programs that die at once or never say their address.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createFileLogger } from '../../../../../main/core/logger.js';
import { backoffDelay, TunnelSupervisor, type SupervisorState } from '../../../../../main/core/tunnel/supervisor.js';
import { describeTunnelReason } from '../../../../../main/core/tunnel/tunnel-messages.js';
import type { ChildPlan } from '../../../../../main/core/tunnel/tunnel-plan.js';
import { customReader, sshServerReader } from '../../../../../main/core/tunnel/url-capture.js';
import { eventually } from '../../../../support/e2e-headless.js';
import { isAlive } from '../../../../support/process-alive.js';
import { makeTempDir } from '../../../../support/temp-service.js';

const dirs: string[] = [];
const supervisors: TunnelSupervisor[] = [];

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.stop()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = makeTempDir('wifire-desk-tunnel-');
  dirs.push(dir);
  return dir;
}

/** A small shell program in a folder of its own, found through PATH like a real tunnel program. */
function program(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

function supervise(
  plan: Partial<ChildPlan> & Pick<ChildPlan, 'executable'>,
  dir: string,
  extra: { urlTimeoutMs?: number; failAfter?: number; stopTimeoutMs?: number } = {},
): { supervisor: TunnelSupervisor; states: SupervisorState[]; logFile: string } {
  const states: SupervisorState[] = [];
  const logDir = path.join(dir, 'logs');
  const supervisor = new TunnelSupervisor({
    plan: {
      program: 'cloudflared',
      configuredPath: null,
      args: [],
      env: {},
      secrets: [],
      read: customReader('(https://[a-z0-9.-]+)'),
      fixedUrl: null,
      waitForReady: false,
      ...plan,
    },
    log: createFileLogger({ dir: logDir }),
    env: { PATH: `${dir}:/usr/bin:/bin` },
    platform: 'linux',
    backoff: { initialMs: 50, maxMs: 400, failAfter: extra.failAfter ?? 4 },
    urlTimeoutMs: extra.urlTimeoutMs ?? 5000,
    stopTimeoutMs: extra.stopTimeoutMs ?? 3000,
    onChange: (state) => states.push(state),
  });
  supervisors.push(supervisor);
  return { supervisor, states, logFile: path.join(logDir, 'wifire-desk.log') };
}

describe('the tunnel supervisor', () => {
  it('reports a missing program as failed, with the install steps, and starts it once it appears', async () => {
    const dir = tempDir();
    const { supervisor, states } = supervise({ executable: 'cloudflared' }, dir);
    supervisor.start();
    const failed = states.at(-1)!;
    expect(failed.phase).toBe('failed');
    if (failed.phase !== 'failed') return;
    expect(describeTunnelReason(failed.reason, 'pt-BR', 'win32')).toContain(
      'winget install --id Cloudflare.cloudflared',
    );
    expect(describeTunnelReason(failed.reason, 'pt-BR', 'linux')).toContain('não está instalado');

    program(dir, 'cloudflared', 'echo "INF |  https://late-install.trycloudflare.com  |" >&2; exec sleep 30');
    const running = await eventually(
      () => states.find((s) => s.phase === 'running'),
      'the program found on a later look',
    );
    expect(running).toEqual({ phase: 'running', url: 'https://late-install.trycloudflare.com' });
  });

  it('restarts a program that exits at once with a growing wait, then reads failed with the last reason', async () => {
    const dir = tempDir();
    program(
      dir,
      'ssh',
      'echo "ssh: Could not resolve hostname tunnel.example: Name or service not known" >&2; exit 255',
    );
    const { supervisor, states } = supervise(
      { executable: 'ssh', program: 'ssh', read: sshServerReader((port) => `http://x:${port}`) },
      dir,
    );
    supervisor.start();
    const failed = await eventually(() => states.find((s) => s.phase === 'failed'), 'failed after 4 exits');
    const delays = states.flatMap((s) => (s.phase === 'restarting' ? [s.delayMs] : []));
    expect(delays).toEqual([50, 100, 200]);
    expect(backoffDelay(20, { initialMs: 50, maxMs: 400, failAfter: 4 })).toBe(400);
    if (failed.phase !== 'failed') return;
    const text = describeTunnelReason(failed.reason, 'pt-BR');
    expect(text).toContain('falhou 4 vezes seguidas');
    expect(text).toContain('o nome do servidor não foi encontrado');
    // It keeps trying at the cap: a network that comes back later is picked up without anyone clicking.
    const starts = states.filter((s) => s.phase === 'starting').length;
    await eventually(
      () => (states.filter((s) => s.phase === 'starting').length > starts ? true : undefined),
      'another start after failing',
    );
  });

  it('kills a program that never reports its address and says so', async () => {
    const dir = tempDir();
    program(dir, 'cloudflared', 'echo "INF Requesting new quick Tunnel on trycloudflare.com..." >&2; exec sleep 30');
    const { supervisor, states } = supervise({ executable: 'cloudflared' }, dir, { urlTimeoutMs: 300 });
    supervisor.start();
    const restarting = await eventually(() => states.find((s) => s.phase === 'restarting'), 'the restart');
    if (restarting.phase !== 'restarting') return;
    expect(restarting.reason).toEqual({ code: 'no-url', program: 'cloudflared', seconds: 1 });
    expect(describeTunnelReason(restarting.reason, 'en')).toContain('did not report a public address');
  });

  it('captures the address, notices a new one after a restart, and forgets failures once healthy', async () => {
    const dir = tempDir();
    const counter = path.join(dir, 'starts');
    program(
      dir,
      'cloudflared',
      `n=$(cat "${counter}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${counter}"
echo "INF |  https://run-$n.trycloudflare.com  |" >&2
exec sleep 30`,
    );
    const { supervisor, states } = supervise({ executable: 'cloudflared' }, dir);
    supervisor.start();
    await eventually(() => (supervisor.state.phase === 'running' ? true : undefined), 'first run');
    expect(supervisor.state).toEqual({ phase: 'running', url: 'https://run-1.trycloudflare.com' });
    process.kill(supervisor.pid!, 'SIGKILL');
    await eventually(
      () => (supervisor.state.phase === 'running' && supervisor.state.url.includes('run-2') ? true : undefined),
      'second run with its new address',
    );
    const restarting = states.find((s) => s.phase === 'restarting');
    expect(restarting).toMatchObject({ failures: 1, delayMs: 50 });
    process.kill(supervisor.pid!, 'SIGKILL');
    await eventually(
      () => (supervisor.state.phase === 'running' && supervisor.state.url.includes('run-3') ? true : undefined),
      'third run',
    );
    // The capture in between reset the count: the second exit waits the first delay again.
    expect(states.filter((s) => s.phase === 'restarting').map((s) => (s as { failures: number }).failures)).toEqual([
      1, 1,
    ]);
  });

  it('stops the program on quit, with SIGKILL when it ignores SIGTERM', async () => {
    const dir = tempDir();
    program(
      dir,
      'cloudflared',
      `trap '' TERM; echo "INF |  https://stubborn.trycloudflare.com  |" >&2; while :; do sleep 1; done`,
    );
    const { supervisor, states } = supervise({ executable: 'cloudflared' }, dir, { stopTimeoutMs: 300 });
    supervisor.start();
    await eventually(() => (supervisor.state.phase === 'running' ? true : undefined), 'running');
    const pid = supervisor.pid!;
    await supervisor.stop();
    expect(isAlive(pid)).toBe(false);
    expect(states.at(-1)).toEqual({ phase: 'stopped' });
    // Nothing restarts it after a stop.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(states.at(-1)).toEqual({ phase: 'stopped' });
  });

  it('passes a token in the environment only and never writes it or the program’s output to the log', async () => {
    const dir = tempDir();
    const token = 'eyJhIjoiZmFrZS1hY2NvdW50IiwidCI6ImZha2UtdHVubmVsIn0secretTOKEN';
    const argsSeen = path.join(dir, 'args');
    program(
      dir,
      'cloudflared',
      `echo "$@" > "${argsSeen}"; echo "token in env: $TUNNEL_TOKEN" >&2; echo "user maria.silva@example.com" >&2; exit 3`,
    );
    const { supervisor, states, logFile } = supervise(
      { executable: 'cloudflared', args: ['tunnel', 'run'], env: { TUNNEL_TOKEN: token }, secrets: [token] },
      dir,
    );
    supervisor.start();
    await eventually(() => states.find((s) => s.phase === 'restarting'), 'the exit');
    expect(fs.readFileSync(argsSeen, 'utf8').trim()).toBe('tunnel run');
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log).toContain('"exitCode":3');
    expect(log).not.toContain(token);
    expect(log).not.toContain('maria.silva');
  });
});
