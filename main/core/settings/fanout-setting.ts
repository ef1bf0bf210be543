// The saved "Este computador é…" as main reads it: checked with the same parsers the service starts with, turned
// into the service's fan-out options, and compared with what runs now (a new choice applies at the next start).
// Another desk holds one code per place (several make it a chain's overview) and, for codes that name an existing
// NATS, the path of its credentials file.
import path from 'node:path';
import { ZodError } from 'zod';
import { MAX_JOIN_CODES, type FanoutSetting, type Settings } from '../../../shared/settings-schema.js';
import { VALIDATION_TEXTS } from '../../../shared/validation-texts.js';
import type { FanoutOptions } from '../fanout/fanout.js';
import { DEFAULT_NATS_LISTEN } from '../fanout/nats-listen.js';
import { decodeJoinCode, isSharedJoinCode, type JoinCode } from '../fanout/join-code.js';
import { readNatsCredentials } from '../fanout/nats-credentials.js';
import { formatHostPort, parseHostPort } from '../host-port.js';

type HubOptions = Extract<FanoutOptions, { role: 'hub' }>;

/** What a shell adds to a hub started from the setting: the desktop's own copy of nats-server. */
export type HubExtras = Pick<HubOptions, 'natsSearchDirs'>;

/** How a shell turns the saved choice into this run's fan-out (undefined: off). */
export type FanoutFromSetting = (saved: FanoutSetting) => FanoutOptions | undefined;

/** The saved codes, one per place: the stored string split at whitespace (a code itself has none). */
export function joinCodesOf(saved: Pick<FanoutSetting, 'joinCode'>): string[] {
  return (saved.joinCode ?? '').split(/\s+/).filter((code) => code !== '');
}

type Issue = { path: string[]; message: string };

/** Why the service could not follow these codes from the setting alone (as openFanout refuses them), or none. */
function joinCodeIssues(fanout: FanoutSetting): Issue[] {
  const codes: JoinCode[] = [];
  for (const text of joinCodesOf(fanout)) {
    try {
      codes.push(decodeJoinCode(text));
    } catch {
      // Never the code itself in the message: JoinCodeError does not repeat it, and neither does this.
      return [{ path: ['fanout', 'joinCode'], message: VALIDATION_TEXTS.joinCode.en }];
    }
  }
  if (codes.length > MAX_JOIN_CODES)
    return [{ path: ['fanout', 'joinCode'], message: VALIDATION_TEXTS.joinCodeTooMany.en }];
  if (new Set(codes.map((code) => `${code.account}/${code.hub}`)).size !== codes.length) {
    return [{ path: ['fanout', 'joinCode'], message: VALIDATION_TEXTS.joinCodeSamePlace.en }];
  }
  // The credentials file goes with codes for an existing NATS, and only with them (openFanout refuses either slip).
  if (fanout.role !== 'satellite' || codes.length === 0) return [];
  const creds = fanout.natsCreds ?? null;
  if (codes.some(isSharedJoinCode)) {
    if (creds === null) return [{ path: ['fanout', 'natsCreds'], message: VALIDATION_TEXTS.natsCredsMissing.en }];
    if (!path.isAbsolute(creds)) {
      return [{ path: ['fanout', 'natsCreds'], message: VALIDATION_TEXTS.natsCredsAbsolute.en }];
    }
  } else if (creds !== null) {
    return [{ path: ['fanout', 'natsCreds'], message: VALIDATION_TEXTS.natsCredsUnneeded.en }];
  }
  return [];
}

/**
 * The saved address, codes and credentials path as the service would read them at start: the paths and messages of
 * what it refuses. The credentials file itself is not read here (see checkFanoutSetting).
 */
export function fanoutSettingIssues(fanout: FanoutSetting): Issue[] {
  const issues: Issue[] = [];
  if (fanout.listen !== null && parseHostPort(fanout.listen) === null) {
    issues.push({ path: ['fanout', 'listen'], message: VALIDATION_TEXTS.natsListen.en });
  }
  issues.push(...joinCodeIssues(fanout));
  return issues;
}

/** What "another desk" starts with: its role, codes and credentials path (a change of these reads the file again). */
function satelliteKey(fanout: FanoutSetting | undefined): string | null {
  if (fanout?.role !== 'satellite') return null;
  return JSON.stringify([joinCodesOf(fanout), fanout.natsCreds ?? null]);
}

/**
 * Refuses settings whose fan-out the service could not start with, as zod refuses the rest (the bridge words it).
 * A credentials file is read (as the service reads it) when another desk's codes or file change from `before`, so a
 * file gone missing later never blocks saving other settings; its message names the file, never its content.
 */
export function checkFanoutSetting(settings: Settings, before?: FanoutSetting): Settings {
  const issues = fanoutSettingIssues(settings.fanout);
  const creds = settings.fanout.natsCreds ?? null;
  const next = satelliteKey(settings.fanout);
  if (issues.length === 0 && creds !== null && next !== null && next !== satelliteKey(before)) {
    try {
      readNatsCredentials(creds);
    } catch (error) {
      issues.push({ path: ['fanout', 'natsCreds'], message: (error as Error).message });
    }
  }
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
    case 'satellite': {
      // Several codes: a chain's overview, following each place at once.
      const [first, ...more] = joinCodesOf(saved);
      if (first === undefined) return undefined;
      return {
        role: 'satellite',
        joinCode: first,
        ...(more.length > 0 ? { moreJoinCodes: more } : {}),
        ...(saved.natsCreds ? { credsFile: saved.natsCreds } : {}),
      };
    }
  }
}

/** The address a hub's nats-server listens on, written one way ("0.0.0.0:4562" whether given or by default). */
function listenOf(options: HubOptions): string {
  const listen = options.listen ?? DEFAULT_NATS_LISTEN;
  return formatHostPort(listen.host, listen.port);
}

/** A satellite's codes (in any order) and credentials file, written one way. */
function satelliteOf(options: Extract<FanoutOptions, { role: 'satellite' }>): string {
  const codes = [options.joinCode, ...(options.moreJoinCodes ?? [])].map((code) => code.trim()).sort();
  return JSON.stringify([codes, options.credsFile ?? null]);
}

/** Whether the saved choice (role, the hub's address, the codes and credentials file) differs from this run's. */
export function savedDiffersFromRunning(saved: FanoutSetting, running: FanoutOptions | undefined): boolean {
  const next = fanoutFromSetting(saved);
  if (!next || !running) return (next?.role ?? 'off') !== (running?.role ?? 'off');
  if (next.role === 'hub' && running.role === 'hub') return listenOf(next) !== listenOf(running);
  if (next.role === 'satellite' && running.role === 'satellite') return satelliteOf(next) !== satelliteOf(running);
  return true;
}
