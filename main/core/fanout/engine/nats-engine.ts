// The hub's own nats-server: its certificate, key and NKEY seed made once in the data folder, the config
// rewritten as desks join or leave, the program found, started, restarted with backoff and reloaded.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { nkeyAuthenticator, nkeys, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { Locale } from '../../../../shared/catalog.js';
import type { Logger } from '../../logger.js';
import { findExecutable, type LookupEnvironment } from '../../tunnel/find-executable.js';
import { StaleChildFile } from '../../tunnel/stale-child.js';
import {
  DEFAULT_BACKOFF,
  TunnelSupervisor,
  type BackoffOptions,
  type SupervisorState,
} from '../../tunnel/supervisor.js';
import type { TunnelReason } from '../../tunnel/tunnel-messages.js';
import type { LineReader } from '../../tunnel/url-capture.js';
import { accountSchema, nodeIdSchema } from '../subjects.js';
import { makeSelfSignedCertificate, normalizeFingerprint } from './certificate.js';
import { deskUserSchema, listenSchema, natsServerConfig, type DeskUser, type Listen } from './nats-config.js';
import { pinnedTlsOptions } from './pinned-tls.js';
import { formatHostPort } from '../../host-port.js';

export const NATS_PROGRAM = 'nats-server';
const CERTIFICATE_DAYS = 3650;

/** What nats-server said before it stopped, read from its own fatal lines. */
export type NatsServerProblem = 'port-in-use' | 'address-unavailable' | 'config' | 'store';

/** Kept as data and put into words when read (describeNatsEngineReason), so a language switch applies at once. */
export type NatsEngineReason =
  | { code: 'missing-binary'; configuredPath: string | null; install: Record<Locale, string> }
  | { code: 'setup-failed'; errno: string | null }
  | { code: 'spawn-failed' }
  | { code: 'exited'; exitCode: number | null; signal: string | null; problem: NatsServerProblem | null }
  | { code: 'not-ready'; seconds: number }
  | { code: 'kept-failing'; failures: number; last: NatsEngineReason };

export type NatsEngineState =
  | { phase: 'stopped' }
  | { phase: 'starting' }
  | { phase: 'running'; url: string }
  | { phase: 'restarting'; reason: NatsEngineReason; failures: number; delayMs: number }
  | { phase: 'failed'; reason: NatsEngineReason };

export interface NatsEngineOptions {
  /** `<data folder>/nats`: certificate, key, seed, config and the JetStream store. */
  dir: string;
  listen: Listen;
  account: string;
  hubId: string;
  log: Logger;
  /** The desks allowed in from the first start (setDesks changes them later). */
  desks?: DeskUser[];
  configuredPath?: string | null;
  /** Looked in last, e.g. the copy an installer ships among its resources. */
  searchDirs?: string[];
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  backoff?: Partial<BackoffOptions>;
  /** How long nats-server may take to say "Server is ready" (a large store takes a while to recover). */
  readyTimeoutMs?: number;
  /** How long a SIGHUP reload may take to be confirmed before the server is restarted instead. */
  reloadTimeoutMs?: number;
  stopTimeoutMs?: number;
}

const optionsSchema = z.object({
  dir: z.string().min(1),
  listen: listenSchema,
  account: accountSchema,
  hubId: nodeIdSchema,
});

/** What the hub needs to connect: `nkeyAuthenticator(seed)`; the seed never leaves this machine. */
export interface HubCredentials {
  publicKey: string;
  seed: Uint8Array;
}

interface EngineFiles {
  certFile: string;
  keyFile: string;
  seedFile: string;
  confFile: string;
  storeDir: string;
  certPem: string;
  pin: string;
  seed: Uint8Array;
  publicKey: string;
}

type Platform = 'win32' | 'darwin' | 'linux';
const platformOf = (platform: string): Platform => (platform === 'win32' || platform === 'darwin' ? platform : 'linux');

const INSTALL: Record<Platform, Record<Locale, string>> = {
  linux: {
    'pt-BR':
      'No Debian/Ubuntu, rode: sudo apt install nats-server (em outras distribuições, baixe de https://github.com/nats-io/nats-server/releases)',
    en: 'On Debian/Ubuntu, run: sudo apt install nats-server (on other distributions, download it from https://github.com/nats-io/nats-server/releases)',
  },
  darwin: {
    'pt-BR': 'No macOS, rode no Terminal: brew install nats-server',
    en: 'On macOS, run in Terminal: brew install nats-server',
  },
  win32: {
    'pt-BR': 'No Windows, abra o PowerShell e rode: winget install --id NATSAuthors.NATSServer',
    en: 'On Windows, open PowerShell and run: winget install --id NATSAuthors.NATSServer',
  },
};

export function natsInstallHint(platform: string = process.platform): Record<Locale, string> {
  return INSTALL[platformOf(platform)];
}

export interface NatsLookup extends LookupEnvironment {
  configuredPath?: string | null;
  searchDirs?: string[];
}

/** Where packages put nats-server beyond PATH: Debian's /usr/sbin, winget's package folder when it made no link. */
function natsDirs({ env, platform }: LookupEnvironment): string[] {
  if (platform === 'linux') return ['/usr/sbin', '/usr/local/sbin'];
  if (platform !== 'win32' || !env.LOCALAPPDATA) return [];
  const packages = path.win32.join(env.LOCALAPPDATA, 'Microsoft', 'WinGet', 'Packages');
  try {
    return fs
      .readdirSync(packages)
      .filter((name) => name.startsWith('NATSAuthors.NATSServer_'))
      .flatMap((name) => {
        const root = path.win32.join(packages, name);
        return fs
          .readdirSync(root)
          .filter((inner) => inner.startsWith('nats-server-'))
          .sort()
          .reverse()
          .map((inner) => path.win32.join(root, inner));
      });
  } catch {
    return [];
  }
}

/** The configured path when there is one, else PATH, the usual folders, then `searchDirs`; null when missing. */
export function findNatsServer(lookup: NatsLookup): string | null {
  if (lookup.configuredPath) return findExecutable(lookup.configuredPath, lookup);
  const found = findExecutable(NATS_PROGRAM, lookup);
  if (found) return found;
  const join = lookup.platform === 'win32' ? path.win32.join : path.posix.join;
  const name = lookup.platform === 'win32' ? `${NATS_PROGRAM}.exe` : NATS_PROGRAM;
  for (const dir of [...natsDirs(lookup), ...(lookup.searchDirs ?? [])]) {
    const file = findExecutable(join(dir, name), lookup);
    if (file) return file;
  }
  return null;
}

// nats-server's own lines start "[pid] date time [LVL]"; a client's name can only appear later in a line.
const OWN_LINE = /^\[\d+\] (?:\S+ \S+ )?\[(INF|WRN|ERR|FTL)\] (.*)$/;

function problemOf(line: string): NatsServerProblem | null {
  if (line.startsWith('nats-server: ')) return 'config';
  const own = OWN_LINE.exec(line);
  if (own?.[1] !== 'FTL') return null;
  const text = own[2] ?? '';
  if (/address already in use|only one usage of each socket address/i.test(text)) return 'port-in-use';
  if (/cannot assign requested address|requested address is not valid/i.test(text)) return 'address-unavailable';
  if (/jetstream|storage|store/i.test(text)) return 'store';
  return 'config';
}

function ownMessage(line: string): string | null {
  const own = OWN_LINE.exec(line);
  return own ? (own[2] ?? null) : null;
}

/** The address the hub itself dials: a wildcard listen address is not one to connect to. */
function dialHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

function writeAtomically(file: string, text: string, mode: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text, { mode });
  fs.renameSync(temp, file);
  // rename keeps the temp file's mode; chmod covers a file the umask or an older run left wider.
  fs.chmodSync(file, mode);
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

export class NatsEngine {
  private files: EngineFiles | null = null;
  private supervisor: TunnelSupervisor | null = null;
  private current: NatsEngineState = { phase: 'stopped' };
  private readonly listeners = new Set<(state: NatsEngineState) => void>();
  private readyWaiters: Waiter[] = [];
  /** Callers of setDesks waiting for the running server to apply config number `generation`. */
  private applyWaiters: Array<Waiter & { generation: number }> = [];
  private desks: DeskUser[];
  /** Config versions: the one on disk, the one the running server read at start or reload. */
  private generation = 0;
  private launchedGeneration = 0;
  private requestedGeneration = 0;
  private reloadTimer: NodeJS.Timeout | null = null;
  private lookTimer: NodeJS.Timeout | null = null;
  private lastProblem: NatsServerProblem | null = null;
  private started = false;
  /** Set while the engine restarts the server itself, so the supervisor's "stopped" is not reported. */
  private restartingForConfig = false;
  private readonly platform: NodeJS.Platform;
  private readonly env: NodeJS.ProcessEnv;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: NatsEngineOptions) {
    optionsSchema.parse(options);
    this.desks = z.array(deskUserSchema).parse(options.desks ?? []);
    this.platform = options.platform ?? process.platform;
    this.env = options.env ?? process.env;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  get state(): NatsEngineState {
    return this.current;
  }

  /** Listens to state changes; returns the function that stops listening. */
  onChange(listener: (state: NatsEngineState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The running nats-server's process id, if one runs. */
  get pid(): number | undefined {
    return this.supervisor?.pid;
  }

  /** `tls://host:port` as the hub itself dials it (loopback when listening on every address). */
  get url(): string {
    const { host, port } = this.options.listen;
    return `tls://${formatHostPort(dialHost(host), port)}`;
  }

  /** The certificate's SHA-256 (lowercase hex): the identity a join code carries; the same across restarts. */
  get pin(): string {
    return this.ensureFiles().pin;
  }

  get certificatePem(): string {
    return this.ensureFiles().certPem;
  }

  hubCredentials(): HubCredentials {
    const { publicKey, seed } = this.ensureFiles();
    return { publicKey, seed: new Uint8Array(seed) };
  }

  /** Everything @nats-io's `connect` needs for the hub's own connection, the certificate pinned. */
  hubConnectionOptions(): NodeConnectionOptions {
    const files = this.ensureFiles();
    return {
      servers: this.url,
      authenticator: nkeyAuthenticator(new Uint8Array(files.seed)),
      tls: pinnedTlsOptions(files.certPem, files.pin),
    };
  }

  /** Resolves once nats-server has said "Server is ready"; rejects if the engine is not started or stops first. */
  ready(): Promise<void> {
    if (this.current.phase === 'running') return Promise.resolve();
    if (!this.started) return Promise.reject(new Error('nats engine stopped'));
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    try {
      this.ensureFiles();
      this.writeConfig();
    } catch (error) {
      // Not started: once the folder is fixed, start() may be called again.
      this.started = false;
      const errno = (error as NodeJS.ErrnoException).code?.toLowerCase() ?? null;
      this.options.log.error('nats engine could not prepare its folder', { errno });
      this.set({ phase: 'failed', reason: { code: 'setup-failed', errno } });
      return;
    }
    this.launch();
  }

  /**
   * Rewrites the allowed desks and applies them: a SIGHUP reload where signals exist (a removed desk's
   * connection is closed and its key refused), a restart on Windows. Resolves once the running server uses
   * them, at once when none runs (the next start reads the file).
   */
  async setDesks(desks: DeskUser[]): Promise<void> {
    this.desks = z.array(deskUserSchema).parse(desks);
    if (!this.files) return;
    this.writeConfig();
    const generation = this.generation;
    this.options.log.info('nats desks changed', { desks: this.desks.length });
    if (!this.supervisor || (this.current.phase !== 'running' && this.current.phase !== 'starting')) return;
    const applied = new Promise<void>((resolve, reject) => this.applyWaiters.push({ resolve, reject, generation }));
    // While starting, the child may have read the old file: it is reloaded once ready.
    if (this.current.phase === 'running') this.reload();
    return applied;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.clearTimer('lookTimer');
    this.clearTimer('reloadTimer');
    const supervisor = this.supervisor;
    this.supervisor = null;
    await supervisor?.stop();
    this.set({ phase: 'stopped' });
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(new Error('nats engine stopped'));
    this.settleApplied(Number.POSITIVE_INFINITY);
  }

  private set(state: NatsEngineState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }

  private clearTimer(name: 'lookTimer' | 'reloadTimer'): void {
    if (this[name]) clearTimeout(this[name]);
    this[name] = null;
  }

  private settleApplied(generation: number): void {
    const done = this.applyWaiters.filter((waiter) => waiter.generation <= generation);
    this.applyWaiters = this.applyWaiters.filter((waiter) => waiter.generation > generation);
    for (const waiter of done) waiter.resolve();
  }

  /** Made on first use and reused after: a new certificate would change the pin every desk joined with. */
  private ensureFiles(): EngineFiles {
    if (this.files) return this.files;
    const { dir, log, hubId, listen } = this.options;
    // The store holds who was at the place when: this OS user only, even in a folder an older run made wider.
    for (const folder of [dir, path.join(dir, 'jetstream')]) {
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      fs.chmodSync(folder, 0o700);
    }
    const certFile = path.join(dir, 'hub-cert.pem');
    const keyFile = path.join(dir, 'hub-key.pem');
    const seedFile = path.join(dir, 'hub.nk');

    let certificate = readCertificate(certFile, keyFile);
    if (!certificate) {
      const altNames = [...new Set([dialHost(listen.host), '127.0.0.1', '::1', 'localhost'])];
      const made = makeSelfSignedCertificate({
        commonName: `WiFire Desk hub ${hubId}`,
        altNames,
        days: CERTIFICATE_DAYS,
      });
      writeAtomically(keyFile, made.keyPem, 0o600);
      writeAtomically(certFile, made.certPem, 0o644);
      log.info('nats certificate created');
      certificate = { certPem: made.certPem, pin: made.fingerprint256 };
    }

    let seed = readSeed(seedFile);
    if (!seed) {
      seed = nkeys.createUser().getSeed();
      writeAtomically(seedFile, `${new TextDecoder().decode(seed)}\n`, 0o600);
      log.info('nats hub key created');
    }
    this.files = {
      certFile,
      keyFile,
      seedFile,
      confFile: path.join(dir, 'nats-server.conf'),
      // nats-server keeps its data in <store_dir>/jetstream.
      storeDir: dir,
      certPem: certificate.certPem,
      pin: certificate.pin,
      seed,
      publicKey: nkeys.fromSeed(seed).getPublicKey(),
    };
    return this.files;
  }

  private writeConfig(): void {
    const files = this.ensureFiles();
    const text = natsServerConfig({
      listen: this.options.listen,
      storeDir: files.storeDir,
      certFile: files.certFile,
      keyFile: files.keyFile,
      account: this.options.account,
      hubId: this.options.hubId,
      hubPublicKey: files.publicKey,
      desks: this.desks,
    });
    writeAtomically(files.confFile, text, 0o600);
    this.generation += 1;
  }

  private launch(): void {
    this.lookTimer = null;
    if (!this.started) return;
    const { log, configuredPath = null } = this.options;
    const file = findNatsServer({
      env: this.env,
      platform: this.platform,
      configuredPath,
      searchDirs: this.options.searchDirs ?? [],
    });
    if (!file) {
      log.warn('nats-server not found');
      this.set({ phase: 'failed', reason: this.missingBinary() });
      // Installed while we wait? Look again at the backoff's cap.
      this.lookTimer = setTimeout(() => this.launch(), this.backoff.maxMs);
      this.lookTimer.unref();
      return;
    }
    const files = this.ensureFiles();
    this.supervisor = new TunnelSupervisor({
      plan: {
        program: NATS_PROGRAM,
        executable: file,
        configuredPath,
        args: ['-c', files.confFile],
        env: {},
        secrets: [],
        read: this.reader(),
        fixedUrl: this.url,
        waitForReady: true,
      },
      log,
      env: this.env,
      platform: this.platform,
      backoff: this.backoff,
      urlTimeoutMs: this.options.readyTimeoutMs ?? 30_000,
      stopTimeoutMs: this.options.stopTimeoutMs ?? 5000,
      leftovers: new StaleChildFile(path.join(this.options.dir, 'nats-server-child.json'), this.platform),
      onChange: (state) => this.supervised(state),
    });
    this.supervisor.start();
  }

  private reader(): LineReader {
    return (line) => {
      const message = ownMessage(line);
      if (message === 'Server is ready') return { kind: 'ready' };
      if (message === 'Reloaded server configuration') this.reloaded();
      else if (message?.startsWith('Failed to reload server configuration')) this.reloadFailed();
      const problem = problemOf(line);
      if (problem) this.lastProblem = problem;
      return null;
    };
  }

  private supervised(state: SupervisorState): void {
    switch (state.phase) {
      case 'starting':
        this.launchedGeneration = this.generation;
        this.lastProblem = null;
        this.set({ phase: 'starting' });
        return;
      case 'running': {
        this.set({ phase: 'running', url: this.url });
        this.options.log.info('nats-server ready');
        for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
        this.settleApplied(this.launchedGeneration);
        if (this.generation > this.launchedGeneration) this.reload();
        return;
      }
      case 'restarting':
        // Whatever starts next reads the newest file.
        this.settleApplied(Number.POSITIVE_INFINITY);
        this.set({ ...state, reason: this.reasonOf(state.reason) });
        return;
      case 'failed':
        this.settleApplied(Number.POSITIVE_INFINITY);
        this.set({ phase: 'failed', reason: this.reasonOf(state.reason) });
        return;
      case 'stopped':
        if (!this.restartingForConfig && this.started) this.set({ phase: 'stopped' });
        return;
    }
  }

  private reload(): void {
    const supervisor = this.supervisor;
    // A restart in flight reads the newest file when it starts.
    if (!supervisor || this.reloadTimer || this.restartingForConfig) return;
    const pid = supervisor.pid;
    this.requestedGeneration = this.generation;
    if (this.platform === 'win32' || pid === undefined) {
      void this.restartForConfig();
      return;
    }
    try {
      process.kill(pid, 'SIGHUP');
    } catch {
      void this.restartForConfig();
      return;
    }
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      this.options.log.warn('nats-server did not confirm the reload; restarting it');
      void this.restartForConfig();
    }, this.options.reloadTimeoutMs ?? 10_000);
    this.reloadTimer.unref();
  }

  private reloaded(): void {
    this.clearTimer('reloadTimer');
    this.settleApplied(this.requestedGeneration);
    this.options.log.info('nats-server reloaded its config', { desks: this.desks.length });
    if (this.generation > this.requestedGeneration) this.reload();
  }

  /** A desk that was removed must not stay allowed by an old config: a fresh start reads the file as it is. */
  private reloadFailed(): void {
    this.clearTimer('reloadTimer');
    this.options.log.warn('nats-server refused the new config; restarting it');
    void this.restartForConfig();
  }

  private async restartForConfig(): Promise<void> {
    const supervisor = this.supervisor;
    if (!supervisor) return;
    this.restartingForConfig = true;
    try {
      await supervisor.restartNow();
    } finally {
      this.restartingForConfig = false;
    }
  }

  private missingBinary(): NatsEngineReason {
    return {
      code: 'missing-binary',
      configuredPath: this.options.configuredPath ?? null,
      install: natsInstallHint(this.platform),
    };
  }

  private reasonOf(reason: TunnelReason): NatsEngineReason {
    switch (reason.code) {
      case 'missing-binary':
        return this.missingBinary();
      case 'exited':
        return { code: 'exited', exitCode: reason.exitCode, signal: reason.signal, problem: this.lastProblem };
      case 'no-url':
        return { code: 'not-ready', seconds: reason.seconds };
      case 'kept-failing':
        return { code: 'kept-failing', failures: reason.failures, last: this.reasonOf(reason.last) };
      default:
        return { code: 'spawn-failed' };
    }
  }
}

function readCertificate(certFile: string, keyFile: string): { certPem: string; pin: string } | null {
  try {
    const certPem = fs.readFileSync(certFile, 'utf8');
    const certificate = new crypto.X509Certificate(certPem);
    const key = crypto.createPrivateKey(fs.readFileSync(keyFile, 'utf8'));
    if (!certificate.checkPrivateKey(key)) return null;
    if (new Date(certificate.validTo).getTime() < Date.now()) return null;
    return { certPem, pin: normalizeFingerprint(certificate.fingerprint256) };
  } catch {
    return null;
  }
}

function readSeed(seedFile: string): Uint8Array | null {
  try {
    const seed = new TextEncoder().encode(fs.readFileSync(seedFile, 'utf8').trim());
    return nkeys.fromSeed(seed).getPublicKey().startsWith('U') ? seed : null;
  } catch {
    return null;
  }
}

const PROBLEMS: Record<NatsServerProblem, Record<Locale, string>> = {
  'port-in-use': {
    'pt-BR': 'a porta escolhida para os outros balcões já está em uso por outro programa: escolha outra',
    en: 'the port chosen for the other desks is already used by another program: choose another one',
  },
  'address-unavailable': {
    'pt-BR': 'o endereço escolhido não é deste computador (o IP mudou?): escolha outro em "Outros balcões"',
    en: 'the chosen address is not this computer’s (did its IP change?): choose another one under "Other desks"',
  },
  config: {
    'pt-BR': 'a configuração foi recusada',
    en: 'the configuration was refused',
  },
  store: {
    'pt-BR': 'não foi possível abrir o armazenamento na pasta de dados (disco cheio ou sem permissão?)',
    en: 'could not open the store in the data folder (disk full or no permission?)',
  },
};

/** The reason in words, for the panel, the tray tooltip and the terminal. */
export function describeNatsEngineReason(reason: NatsEngineReason, locale: Locale): string {
  const pt = locale === 'pt-BR';
  switch (reason.code) {
    case 'missing-binary': {
      const where = reason.configuredPath
        ? pt
          ? `O programa nats-server não foi encontrado em ${reason.configuredPath}.`
          : `The program nats-server was not found at ${reason.configuredPath}.`
        : pt
          ? 'O programa nats-server não está instalado (não foi encontrado no PATH nem nas pastas de costume).'
          : 'The program nats-server is not installed (not found on PATH nor in the usual folders).';
      return `${where} ${reason.install[locale]}.`;
    }
    case 'setup-failed':
      return pt
        ? `Não foi possível preparar a pasta do servidor NATS na pasta de dados (${reason.errno ?? 'erro'}).`
        : `Could not prepare the NATS server’s folder in the data folder (${reason.errno ?? 'error'}).`;
    case 'spawn-failed':
      return pt ? 'Não foi possível iniciar o nats-server.' : 'Could not start nats-server.';
    case 'exited': {
      if (reason.problem)
        return pt
          ? `O nats-server parou: ${PROBLEMS[reason.problem][locale]}.`
          : `nats-server stopped: ${PROBLEMS[reason.problem][locale]}.`;
      const how = reason.signal ? `(${reason.signal})` : `(${pt ? 'código' : 'code'} ${reason.exitCode ?? '?'})`;
      return pt ? `O nats-server parou ${how}; reiniciando.` : `nats-server stopped ${how}; restarting.`;
    }
    case 'not-ready':
      return pt
        ? `O nats-server não ficou pronto em ${reason.seconds} s.`
        : `nats-server was not ready within ${reason.seconds} s.`;
    case 'kept-failing':
      return pt
        ? `O servidor NATS falhou ${reason.failures} vezes seguidas. ${describeNatsEngineReason(reason.last, locale)} Continua tentando, no máximo a cada minuto.`
        : `The NATS server failed ${reason.failures} times in a row. ${describeNatsEngineReason(reason.last, locale)} Still retrying, at most a minute apart.`;
  }
}
