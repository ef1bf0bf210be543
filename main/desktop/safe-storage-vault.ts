// The webhook secret and tunnel tokens sealed with Electron's safeStorage (DPAPI, Keychain, libsecret/kwallet).
import type { SecretVault } from '../core/settings/secret-vault.js';

/** Electron's safeStorage, the parts used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export type VaultChoice = { vault: SecretVault; reason: null } | { vault: undefined; reason: string };

/**
 * A vault when the OS offers real protection. On Linux without a keyring, Electron falls back to a fixed
 * password ("basic_text"): that hides nothing, so the secrets stay as they are (config.json is 0600) and the
 * log says why.
 */
export function chooseVault(safeStorage: SafeStorageLike, platform: NodeJS.Platform): VaultChoice {
  if (!safeStorage.isEncryptionAvailable()) return { vault: undefined, reason: 'encryption-unavailable' };
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return { vault: undefined, reason: 'no-keyring' };
  }
  return {
    reason: null,
    vault: {
      seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
      open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    },
  };
}
