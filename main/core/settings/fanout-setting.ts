// The saved "Este computador é…" as main reads it: checked with the same parsers the service starts with, turned
// into the service's fan-out options, and compared with what runs now (a new choice applies at the next start).
import { ZodError } from 'zod';
import type { FanoutSetting, Settings } from '../../../shared/settings-schema.js';
import { VALIDATION_TEXTS } from '../../../shared/validation-texts.js';
import { DEFAULT_NATS_LISTEN, type FanoutOptions } from '../fanout/fanout.js';
import { decodeJoinCode, isSharedJoinCode, type JoinCode } from '../fanout/join-code.js';
import { formatHostPort, parseHostPort } from '../host-port.js';

type HubOptions = Extract<FanoutOptions, { role: 'hub' }>;

/** What a shell adds to a hub started from the setting: the desktop's own copy of nats-server. */
export type HubExtras = Pick<HubOptions, 'natsSearchDirs'>;

/** How a shell turns the saved choice into this run's fan-out (undefined: off). */
export type FanoutFromSetting = (saved: FanoutSetting) => FanoutOptions | undefined;

/** Why the service could not join with this code from the setting alone, or null when it can. */
function joinCodeProblem(code: string): string | null {
  let decoded: JoinCode;
  try {
    decoded = decodeJoinCode(code);
  } catch {
    return VALIDATION_TEXTS.joinCode.en;
  }
  // A code for an existing NATS also needs this desk's credentials file, which only the command line gives.
  return isSharedJoinCode(decoded) ? VALIDATION_TEXTS.joinCodeShared.en : null;
}

/** The saved address and code as the service would read them at start: the paths and messages of what it refuses. */
export function fanoutSettingIssues(fanout: FanoutSetting): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (fanout.listen !== null && parseHostPort(fanout.listen) === null) {
    issues.push({ path: ['fanout', 'listen'], message: VALIDATION_TEXTS.natsListen.en });
  }
  // Never the code itself in the message: JoinCodeError does not repeat it, and neither does this.
  const problem = fanout.joinCode === undefined ? null : joinCodeProblem(fanout.joinCode);
  if (problem !== null) issues.push({ path: ['fanout', 'joinCode'], message: problem });
  return issues;
}

/** Refuses settings whose fan-out the service could not start with, as zod refuses the rest (the bridge words it). */
export function checkFanoutSetting(settings: Settings): Settings {
  const issues = fanoutSettingIssues(settings.fanout);
  if (issues.length > 0) {
    throw new ZodError(
      issues.map(({ path, message }) => ({ code: 'custom' as const, path, message, input: undefined })),
    );
  }
  return settings;
}

/** This run's fan-out from the saved choice: off, a hub (its address, plus the shell's extras), or another desk. */
export function fanoutFromSetting(saved: FanoutSetting, extras: HubExtras = {}): FanoutOptions | undefined {
  switch (saved.role) {
    case 'off':
      return undefined;
    case 'hub': {
      const listen = saved.listen === null ? null : parseHostPort(saved.listen);
      return { role: 'hub', ...(listen ? { listen } : {}), ...extras };
    }
    case 'satellite':
      return saved.joinCode ? { role: 'satellite', joinCode: saved.joinCode } : undefined;
  }
}

/** The address a hub's nats-server listens on, written one way ("0.0.0.0:4562" whether given or by default). */
function listenOf(options: HubOptions): string {
  const listen = options.listen ?? DEFAULT_NATS_LISTEN;
  return formatHostPort(listen.host, listen.port);
}

/** Whether the saved choice (role, the hub's address, the code) differs from what this run started with. */
export function savedDiffersFromRunning(saved: FanoutSetting, running: FanoutOptions | undefined): boolean {
  const next = fanoutFromSetting(saved);
  if (!next || !running) return (next?.role ?? 'off') !== (running?.role ?? 'off');
  if (next.role === 'hub' && running.role === 'hub') return listenOf(next) !== listenOf(running);
  if (next.role === 'satellite' && running.role === 'satellite')
    return next.joinCode.trim() !== running.joinCode.trim();
  return true;
}
