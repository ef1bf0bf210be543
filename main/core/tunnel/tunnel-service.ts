// The tunnel as the rest of the core sees it: settings → supervisor → probes → one status, URL changes, pop-up.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { spawn as nodeSpawn } from 'node:child_process';
import type { Status } from '../../../shared/bridge-contract.js';
import type { Locale } from '../../../shared/catalog.js';
import type { TunnelPreset } from '../../../shared/tunnel-presets.js';
import { tunnelSettingsSchema, type TunnelSettings } from '../../../shared/tunnel-settings.js';
import type { Logger } from '../logger.js';
import type { NotifierPort } from '../notify/notifier-port.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { probePublicUrl, type ProbeFetch, type ProbeRegistry } from './reachability.js';
import { StaleChildFile } from './stale-child.js';
import { TunnelSupervisor, type BackoffOptions, type SupervisorState } from './supervisor.js';
import { uiStrings } from '../../../shared/ui-strings.js';
import { describeTunnelReason, plainHttpWarning, type TunnelReason } from './tunnel-messages.js';
import { isPlainHttp, publicAddressProblem, type AddressProblem } from '../../../shared/public-address.js';
import { planTunnel, type TunnelPlan } from './tunnel-plan.js';
import { sendTestEvent, type TestEventResult } from './test-event.js';

export type TunnelStatus = Status['tunnel'];

export interface TunnelTiming {
  /** Between probes while the address answers. */
  probeIntervalMs: number;
  /** Between probes while it does not. */
  probeRetryMs: number;
  /** A new address may take this long to start answering (DNS, the tunnel's edge) before it reads unreachable. */
  graceMs: number;
  /** Each probe's own limit. */
  probeTimeoutMs: number;
  urlTimeoutMs: number;
  stableMs: number;
  backoff: Partial<BackoffOptions>;
}

export const DEFAULT_TIMING: TunnelTiming = {
  probeIntervalMs: 5 * 60_000,
  probeRetryMs: 15_000,
  graceMs: 45_000,
  probeTimeoutMs: 10_000,
  urlTimeoutMs: 45_000,
  stableMs: 10_000,
  backoff: {},
};

export interface TunnelServiceOptions {
  settings: SettingsStore;
  dataDir: string;
  log: Logger;
  notifier: NotifierPort;
  registry: ProbeRegistry;
  /** The full webhook URL for a public base: base + /hooks/<secret in force>. */
  webhookUrlFor: (base: string) => string;
  /** `--tunnel <preset>` of the headless shell: this preset for this run, whatever settings say. */
  override?: TunnelPreset;
  timing?: Partial<TunnelTiming>;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  spawn?: typeof nodeSpawn;
  fetch?: ProbeFetch;
  now?: () => number;
}

/** The digest kept in settings for a confirmed URL: the secret inside it never lands in config.json twice. */
export function confirmationDigest(publicWebhookUrl: string): string {
  return createHash('sha256').update(publicWebhookUrl).digest('base64url');
}

/** What `--tunnel <preset>` runs when the saved settings are for another preset. */
export function presetDefaults(preset: TunnelPreset): TunnelSettings | null {
  const defaults: Record<TunnelPreset, unknown> = {
    none: { preset: 'none' },
    cloudflared: { preset: 'cloudflared', mode: 'quick' },
    ngrok: { preset: 'ngrok' },
    ssh: { preset: 'ssh', mode: 'service', service: 'localhost.run' },
    custom: null,
  };
  const parsed = tunnelSettingsSchema.safeParse(defaults[preset]);
  return parsed.success ? parsed.data : null;
}

type ProbeState = { kind: 'pending' } | { kind: 'ok' } | { kind: 'failed'; reason: TunnelReason };

export class TunnelService {
  private readonly timing: TunnelTiming;
  private supervisor: TunnelSupervisor | null = null;
  private plan: TunnelPlan | null = null;
  private planKey = '';
  private invalid: TunnelPreset | null = null;
  private supervisorState: SupervisorState = { phase: 'stopped' };
  private url: string | null = null;
  /** The tunnel reported an address the internet cannot reach (localhost, a private network): never offered. */
  private notPublic: AddressProblem | null = null;
  private urlSince = 0;
  private probe: ProbeState = { kind: 'pending' };
  private probeTimer: NodeJS.Timeout | null = null;
  private probeGeneration = 0;
  private lastReachableAt: number | null = null;
  private readonly notified = new Set<string>();
  private lastAnnounced: string | null = null;
  private readonly urlListeners = new Set<(publicWebhookUrl: string) => void>();
  private readonly stateListeners = new Set<() => void>();
  private stopped = false;
  private localPort = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: TunnelServiceOptions) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The tunnel settings in force for this run. */
  effectiveSettings(): TunnelSettings | null {
    const saved = this.options.settings.get().tunnel;
    const override = this.options.override;
    if (!override || saved.preset === override) return saved;
    return presetDefaults(override);
  }

  /** Starts the tunnel to the listener on `localPort` (known once it listens), and follows the settings from then on. */
  start(localPort: number): void {
    this.localPort = localPort;
    this.stopped = false;
    this.apply();
    // A changed tunnel restarts it; a changed secret changes the URL to paste (and may need a new pop-up).
    this.unsubscribe = this.options.settings.onChange(() => {
      if (this.stopped) return;
      this.apply();
      this.announce();
      this.changed();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.clearProbe();
    await this.supervisor?.stop();
    this.supervisor = null;
  }

  /** "Reiniciar túnel": start the program again now, or probe a fixed address at once. */
  restart(): void {
    if (this.stopped) return;
    if (this.supervisor) void this.supervisor.restartNow();
    else if (this.url) this.startProbing();
  }

  /** The staff pasted this URL into WiFire; a URL shown before a change confirms nothing. */
  confirm(publicWebhookUrl: string): void {
    const current = this.publicWebhookUrl();
    if (!current || current !== publicWebhookUrl) return;
    this.options.settings.confirmTunnelUrl(confirmationDigest(current));
    this.options.log.info('public url confirmed by staff');
  }

  /** "Enviar evento de teste": a sample posted to the public webhook URL, through the same fetch as the probes. */
  sendTestEvent(locale: Locale, timeZone: string): Promise<TestEventResult> {
    return sendTestEvent({ publicWebhookUrl: this.publicWebhookUrl(), locale, timeZone, fetch: this.options.fetch });
  }

  /** Hears each new public webhook URL (the headless shell prints it), starting with the one known already. */
  onPublicUrl(listener: (publicWebhookUrl: string) => void): () => void {
    if (this.lastAnnounced) listener(this.lastAnnounced);
    this.urlListeners.add(listener);
    return () => this.urlListeners.delete(listener);
  }

  /** Hears every change of state (the headless shell prints failures with their reason), starting with now's. */
  onStateChange(listener: () => void): () => void {
    listener();
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.stateListeners) listener();
  }

  /** The running tunnel program's pid, for support and for tests that kill it. */
  get childPid(): number | undefined {
    return this.supervisor?.pid;
  }

  publicWebhookUrl(): string | null {
    return this.url ? this.options.webhookUrlFor(this.url) : null;
  }

  status(locale: Locale): TunnelStatus {
    const publicWebhookUrl = this.publicWebhookUrl();
    const confirmed = this.options.settings.get().tunnelConfirmed;
    const { state, reason } = this.state();
    return {
      preset: this.plan?.preset ?? this.invalid ?? 'none',
      state,
      reason: reason ? describeTunnelReason(reason, locale, this.options.platform) : null,
      publicUrl: this.url,
      publicWebhookUrl,
      urlConfirmed: !publicWebhookUrl || confirmationDigest(publicWebhookUrl) === confirmed,
      lastReachableAt: this.lastReachableAt,
      warning: this.url && isPlainHttp(this.url) ? plainHttpWarning(locale) : null,
    };
  }

  private state(): { state: TunnelStatus['state']; reason: TunnelReason | null } {
    if (this.invalid) return { state: 'failed', reason: { code: 'invalid-settings', preset: this.invalid } };
    if (!this.plan || (!this.plan.child && !this.plan.fixedUrl)) return { state: 'off', reason: null };
    // However well it answers the self-check from here, WiFire on the internet cannot reach it.
    if (this.notPublic) return { state: 'failed', reason: { code: 'not-public', problem: this.notPublic } };
    const sup = this.supervisorState;
    if (this.plan.child) {
      if (sup.phase === 'failed') return { state: 'failed', reason: sup.reason };
      if (sup.phase === 'restarting') return { state: 'restarting', reason: sup.reason };
      if (sup.phase !== 'running') return { state: 'starting', reason: null };
    }
    if (this.probe.kind === 'ok') return { state: 'online', reason: null };
    if (this.probe.kind === 'failed') return { state: 'unreachable', reason: this.probe.reason };
    return { state: 'starting', reason: null };
  }

  private apply(): void {
    const settings = this.effectiveSettings();
    const key = JSON.stringify(settings);
    if (key === this.planKey) return;
    this.planKey = key;
    this.clearProbe();
    const old = this.supervisor;
    this.supervisor = null;
    this.url = null;
    this.notPublic = null;
    this.probe = { kind: 'pending' };
    this.supervisorState = { phase: 'stopped' };
    const next = (): void => {
      if (this.stopped || this.planKey !== key) return;
      this.launch(settings);
      this.changed();
    };
    if (old) void old.stop().then(next);
    else next();
  }

  private launch(settings: TunnelSettings | null): void {
    this.invalid = null;
    if (!settings) {
      this.invalid = this.options.override ?? 'custom';
      this.plan = null;
      this.options.log.warn('tunnel settings incomplete', { preset: this.invalid });
      return;
    }
    this.plan = planTunnel(settings, { localPort: this.localPort, dataDir: this.options.dataDir });
    // ssh remembers the server's key there (accept-new); without the folder it would trust anew on every start.
    if (this.plan.preset === 'ssh')
      fs.mkdirSync(path.join(this.options.dataDir, 'tunnel'), { recursive: true, mode: 0o700 });
    this.options.log.info('tunnel preset', { preset: this.plan.preset });
    if (!this.plan.child) {
      if (this.plan.fixedUrl) this.found(this.plan.fixedUrl);
      return;
    }
    const supervisor = new TunnelSupervisor({
      plan: this.plan.child,
      log: this.options.log,
      env: this.options.env,
      platform: this.options.platform,
      spawn: this.options.spawn,
      urlTimeoutMs: this.timing.urlTimeoutMs,
      stableMs: this.timing.stableMs,
      backoff: this.timing.backoff,
      leftovers: StaleChildFile.inDataDir(this.options.dataDir, this.options.platform),
      onChange: (state) => {
        if (this.supervisor !== supervisor) return;
        this.supervisorState = state;
        if (state.phase === 'running') this.found(state.url);
        else if (state.phase !== 'starting') this.clearProbe();
        this.changed();
      },
    });
    this.supervisor = supervisor;
    supervisor.start();
  }

  /** The tunnel reported an address (the same one again after a restart, or a new one). */
  private found(url: string): void {
    const problem = publicAddressProblem(url);
    if (problem) {
      if (this.notPublic !== problem) this.options.log.warn('tunnel address is not public', { problem });
      this.notPublic = problem;
      this.url = null;
      this.clearProbe();
      return;
    }
    this.notPublic = null;
    // Each start is proven afresh: "online" always means a probe through this run of the tunnel arrived.
    if (url !== this.url) this.options.log.info('tunnel address known', { preset: this.plan?.preset ?? null });
    this.url = url;
    this.urlSince = this.now();
    this.probe = { kind: 'pending' };
    this.announce();
    this.startProbing();
  }

  /** Prints and pops up a URL the staff have not confirmed yet, once per URL per run. */
  private announce(): void {
    const publicWebhookUrl = this.publicWebhookUrl();
    if (!publicWebhookUrl) return;
    if (publicWebhookUrl !== this.lastAnnounced) {
      this.lastAnnounced = publicWebhookUrl;
      for (const listener of this.urlListeners) listener(publicWebhookUrl);
    }
    const digest = confirmationDigest(publicWebhookUrl);
    if (digest === this.options.settings.get().tunnelConfirmed || this.notified.has(digest)) return;
    this.notified.add(digest);
    const strings = uiStrings(this.options.settings.get().locale);
    this.options.notifier.notify({
      eventId: `tunnel-url-${digest.slice(0, 12)}`,
      customerId: null,
      type: 'wifire-desk-endereco',
      title: strings.publicUrlChangedTitle,
      body: strings.publicUrlChangedBody,
      priority: 'high',
      icon: 'bell',
    });
  }

  private clearProbe(): void {
    this.probeGeneration += 1;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private startProbing(): void {
    this.clearProbe();
    void this.runProbe(this.probeGeneration);
  }

  private schedule(generation: number, ms: number): void {
    if (this.stopped || generation !== this.probeGeneration) return;
    this.probeTimer = setTimeout(() => void this.runProbe(generation), ms);
    this.probeTimer.unref();
  }

  private async runProbe(generation: number): Promise<void> {
    const url = this.url;
    if (!url || this.stopped) return;
    const result = await probePublicUrl(url, {
      registry: this.options.registry,
      timeoutMs: this.timing.probeTimeoutMs,
      fetch: this.options.fetch,
    });
    if (generation !== this.probeGeneration || this.stopped || url !== this.url) return;
    const before = this.probe.kind;
    if (result.ok) {
      this.probe = { kind: 'ok' };
      this.lastReachableAt = this.now();
      this.supervisor?.markHealthy();
      this.schedule(generation, this.timing.probeIntervalMs);
    } else if (this.probe.kind !== 'ok' && this.now() - this.urlSince < this.timing.graceMs) {
      this.schedule(generation, Math.min(5000, this.timing.probeRetryMs));
    } else {
      this.probe = {
        kind: 'failed',
        reason: result.notOurs ? { code: 'not-ours' } : { code: 'unreachable', detail: result.detail },
      };
      this.schedule(generation, this.timing.probeRetryMs);
    }
    if (before !== this.probe.kind || result.ok) {
      if (before !== this.probe.kind) {
        this.options.log.info('tunnel reachability', {
          reachable: result.ok,
          detail: result.ok ? null : result.detail,
        });
      }
      this.changed();
    }
  }
}
