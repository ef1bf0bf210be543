// Secrets in config.json sealed by the OS keychain where the shell has one (Electron's safeStorage on the desktop).
import type { Settings } from '../../../shared/settings-schema.js';

/** The shell's way to seal a string with a key only this OS user holds (DPAPI, Keychain, libsecret). */
export interface SecretVault {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** A sealed value in config.json: this prefix, then the ciphertext in base64. */
export const SEALED_PREFIX = 'sealed:v1:';

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

export class SealedSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

type Raw = Record<string, unknown>;

/** Where secrets sit in config.json: the webhook secret, the tunnel's tokens and another desk's join code. */
const SECRET_PATHS: ReadonlyArray<readonly [string] | readonly [string, string]> = [
  ['webhookSecret'],
  ['tunnel', 'token'],
  ['tunnel', 'authtoken'],
  ['fanout', 'joinCode'],
];

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies `change` to each secret present in a copy of the raw settings. */
function mapSecrets(raw: Raw, change: (value: string) => string): Raw {
  const copy: Raw = { ...raw };
  for (const [first, second] of SECRET_PATHS) {
    if (second === undefined) {
      if (typeof copy[first] === 'string') copy[first] = change(copy[first]);
      continue;
    }
    const group = copy[first];
    if (isRecord(group) && typeof group[second] === 'string') {
      copy[first] = { ...group, [second]: change(group[second]) };
    }
  }
  return copy;
}

/** The settings as written to disk: each secret sealed when a vault is at hand, as they are otherwise. */
export function sealSecrets(settings: Settings, vault: SecretVault | undefined): Raw {
  const raw = JSON.parse(JSON.stringify(settings)) as Raw;
  return vault ? mapSecrets(raw, (value) => (isSealed(value) ? value : SEALED_PREFIX + vault.seal(value))) : raw;
}

/** The settings as read from disk, secrets opened; `unreadable` counts sealed secrets this OS user cannot open. */
export function openSecrets(raw: Raw, vault: SecretVault | undefined): { raw: Raw; unreadable: number } {
  let unreadable = 0;
  const opened = mapSecrets(raw, (value) => {
    if (!isSealed(value)) return value;
    // Without a vault, guessing (say, a new webhook secret) would break the URL pasted into WiFire: refuse, say why.
    if (!vault) {
      throw new SealedSecretError(
        'O config.json guarda segredos protegidos pelo app de desktop (cofre do sistema). Abra o WiFire Desk pelo app, ' +
          'ou use outra pasta de dados (--data-dir). / config.json holds secrets sealed by the desktop app.',
      );
    }
    try {
      return vault.open(value.slice(SEALED_PREFIX.length));
    } catch {
      // Sealed by another OS user or PC (a copied folder): it cannot be read here; the caller drops it.
      unreadable++;
      return '';
    }
  });
  return { raw: unreadable > 0 ? dropEmptySecrets(opened) : opened, unreadable };
}

function dropEmptySecrets(raw: Raw): Raw {
  const withoutEmpty = (record: Raw): Raw => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ''));
  const copy = withoutEmpty(raw);
  for (const [group, field] of SECRET_PATHS) {
    if (field !== undefined && isRecord(copy[group])) copy[group] = withoutEmpty(copy[group]);
  }
  return copy;
}

/** Whether any secret in the raw settings is still in plain text. */
export function hasPlainSecrets(raw: Raw): boolean {
  let plain = false;
  mapSecrets(raw, (value) => {
    if (!isSealed(value)) plain = true;
    return value;
  });
  return plain;
}
