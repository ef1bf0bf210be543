// Settings in config.json of the data folder, through conf (what electron-store wraps), validated on read.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { mergeSettingsPatch } from '../../../shared/settings-patch.js';
import {
  DEFAULT_FANOUT,
  salvageSettingsSchema,
  settingsPatchSchema,
  settingsSchema,
  webhookSecretSchema,
  type FirstRunFact,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings-schema.js';
import { mergeTunnelPatch } from '../../../shared/tunnel-settings.js';
import type { Logger } from '../logger.js';
import { checkFanoutSetting, fanoutSettingIssues } from './fanout-setting.js';
import { hasPlainSecrets, openSecrets, sealSecrets, type SecretVault } from './secret-vault.js';

export interface SettingsStore {
  readonly file: string;
  get(): Settings;
  /** Validates, applies and persists at once; listeners hear the new settings. */
  update(patch: SettingsPatch): Settings;
  /** A new webhook secret replaces the old one at once: the old URL stops working. */
  regenerateWebhookSecret(): Settings;
  /** Remembers (a digest of) the public webhook URL the staff confirmed pasting into WiFire. */
  confirmTunnelUrl(digest: string | undefined): Settings;
  /** Notes the first time a first-run checklist fact came true (later calls keep it); listeners are not told. */
  noteFirstRun(fact: FirstRunFact, at: number): void;
  onChange(listener: (settings: Settings) => void): () => void;
}

/** A fresh secret of 192 bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Sound as it stands: the schema holds, and the service could start with the saved fan-out (address, join code). */
function isSound(raw: Record<string, unknown>): boolean {
  const parsed = settingsSchema.safeParse(raw);
  return parsed.success && fanoutSettingIssues(parsed.data.fanout).length === 0;
}

/** Each key that fails takes its default; a fan-out the service could not start with is off. */
function salvage(raw: Record<string, unknown>): Settings {
  const salvaged = salvageSettingsSchema.parse(raw);
  return fanoutSettingIssues(salvaged.fanout).length === 0 ? salvaged : { ...salvaged, fanout: DEFAULT_FANOUT };
}

/**
 * Reads config.json before conf does: unreadable JSON is moved aside and replaced by defaults; keys that fail
 * the schema take their defaults while the others are kept. Either way a copy of the old file stays beside it.
 */
function repairConfigFile(file: string, log: Logger, vault: SecretVault | undefined): void {
  if (!fs.existsSync(file)) return;
  const backup = `${file}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    // An array, null or a bare value holds no settings: kept aside like broken JSON, not overwritten without a copy.
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TypeError('not a JSON object');
  } catch {
    fs.renameSync(file, backup);
    log.warn('config.json was not valid JSON: kept a copy and started from defaults', {
      backup: path.basename(backup),
    });
    return;
  }
  const record = parsed as Record<string, unknown>;
  const { raw, unreadable } = openSecrets(record, vault);
  if (unreadable === 0 && isSound(raw)) return;
  fs.copyFileSync(file, backup);
  const salvaged = salvage(raw);
  fs.writeFileSync(file, JSON.stringify(sealSecrets(salvaged, vault), null, '\t'), { mode: 0o600 });
  if (unreadable > 0) {
    log.warn('config.json had secrets this OS user cannot open: kept a copy and dropped them', {
      backup: path.basename(backup),
      secrets: unreadable,
    });
  } else {
    log.warn('config.json had invalid values: kept a copy and reset those keys to defaults', {
      backup: path.basename(backup),
    });
  }
}

/** What holds config.json: conf in the headless shell, electron-store (conf underneath) on the desktop. */
export interface SettingsBacking {
  store: Record<string, unknown>;
}

export interface SettingsBackingOptions {
  cwd: string;
  /** The file's name without `.json`. */
  name: string;
  fileMode: number;
}

function confBacking(options: SettingsBackingOptions): SettingsBacking {
  return new Conf<Record<string, unknown>>({
    cwd: options.cwd,
    configName: options.name,
    configFileMode: options.fileMode,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  });
}

export interface OpenSettingsOptions {
  /** False while WIFIRE_DESK_TOKEN supplies the secret: a generated one nobody uses would only mislead scripts. */
  generateWebhookSecret?: boolean;
  /** Seals the webhook secret and the tunnel's tokens on disk (the desktop's safeStorage). */
  vault?: SecretVault;
  backing?: (options: SettingsBackingOptions) => SettingsBacking;
}

export function openSettingsStore(dataDir: string, log: Logger, options: OpenSettingsOptions = {}): SettingsStore {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'config.json');
  const { vault } = options;
  repairConfigFile(file, log, vault);
  const conf = (options.backing ?? confBacking)({ cwd: dataDir, name: 'config', fileMode: 0o600 });
  // conf reads and parses the file on every `store` read: once here.
  const onDisk = conf.store;
  let current: Settings = salvage(openSecrets(onDisk, vault).raw);
  const listeners = new Set<(settings: Settings) => void>();

  const persist = (next: Settings): void => {
    conf.store = sealSecrets(next, vault);
    current = next;
    for (const listener of listeners) listener(current);
  };

  const generateSecret = (options.generateWebhookSecret ?? true) && !current.webhookSecret;
  // A folder first used by the headless shell holds its secrets in plain text: sealed at once.
  if (generateSecret || !current.panelToken || (vault && hasPlainSecrets(onDisk))) {
    persist({
      ...current,
      webhookSecret: generateSecret ? newSecret() : current.webhookSecret,
      panelToken: current.panelToken ?? newSecret(),
    });
  }

  return {
    file,
    get: () => current,
    update(patch) {
      const checked = settingsPatchSchema.parse(patch);
      const next = checkFanoutSetting(
        settingsSchema.parse(
          mergeSettingsPatch(current, checked, (tunnel, change) =>
            mergeTunnelPatch(tunnel as Settings['tunnel'], change),
          ),
        ),
        current.fanout,
      );
      persist(next);
      return next;
    },
    regenerateWebhookSecret() {
      const next = { ...current, webhookSecret: newSecret() };
      persist(next);
      return next;
    },
    confirmTunnelUrl(digest) {
      const next = settingsSchema.parse({ ...current, tunnelConfirmed: digest });
      persist(next);
      return next;
    },
    noteFirstRun(fact, at) {
      if (current.firstRun[fact] !== null) return;
      // A fact, not a choice: written without telling the settings' listeners (views, tunnel), who see none of it.
      current = { ...current, firstRun: { ...current.firstRun, [fact]: at } };
      conf.store = sealSecrets(current, vault);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The webhook secret in force: WIFIRE_DESK_TOKEN when set (never written to disk), else the kept one. */
export function resolveWebhookSecret(settings: Settings, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.WIFIRE_DESK_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') {
    const checked = webhookSecretSchema.safeParse(fromEnv);
    if (!checked.success) {
      throw new Error(
        'WIFIRE_DESK_TOKEN precisa ter de 22 a 128 caracteres (letras, números, "-" ou "_"). / must be 22–128 URL-safe characters.',
      );
    }
    return checked.data;
  }
  if (!settings.webhookSecret) throw new Error('no webhook secret in settings');
  return settings.webhookSecret;
}
