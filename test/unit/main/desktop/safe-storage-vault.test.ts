// The desktop keeps the webhook secret and the tunnel's tokens sealed in config.json; the shape stays the same.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../main/core/logger.js';
import { SealedSecretError, SEALED_PREFIX, type SecretVault } from '../../../../main/core/settings/secret-vault.js';
import { openSettingsStore } from '../../../../main/core/settings/settings-store.js';
import { chooseVault, type SafeStorageLike } from '../../../../main/desktop/safe-storage-vault.js';
import { recordingLogger, type LogEntry } from '../../../support/recording-logger.js';
import { makeTempDir } from '../../../support/temp-service.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for the OS keychain: reversible, keyed, and visibly not the plain text. */
function fakeSafeStorage(key = 7, backend = 'gnome_libsecret'): SafeStorageLike {
  const flip = (bytes: Buffer): Buffer => Buffer.from(bytes.map((b) => b ^ key));
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.concat([Buffer.from('v10'), flip(Buffer.from(plain, 'utf8'))]),
    decryptString: (sealed) => {
      if (sealed.subarray(0, 3).toString() !== 'v10') throw new Error('not sealed here');
      const plain = flip(sealed.subarray(3)).toString('utf8');
      if (!/^[\x20-\x7e]*$/.test(plain)) throw new Error('wrong key');
      return plain;
    },
  };
}

function vaultOf(storage: SafeStorageLike): SecretVault {
  const { vault } = chooseVault(storage, 'linux');
  if (!vault) throw new Error('expected a vault');
  return vault;
}

const readConfig = (dir: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;

const TOKEN = 'eyJhIjoiY2xvdWRmbGFyZS10b2tlbi1mb3ItdGVzdHMifQ';

describe('sealed secrets in config.json', () => {
  it('writes the webhook secret and a tunnel token sealed, and reads them back in plain text', () => {
    const dir = tempDir();
    const vault = vaultOf(fakeSafeStorage());
    const store = openSettingsStore(dir, silentLogger, { vault });
    store.update({ tunnel: { preset: 'cloudflared', mode: 'named', token: TOKEN, hostname: 'desk.example.com' } });
    const secret = store.get().webhookSecret!;

    const text = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(TOKEN);
    const config = readConfig(dir);
    expect(config.webhookSecret).toMatch(new RegExp(`^${SEALED_PREFIX}`));
    expect((config.tunnel as Record<string, unknown>).token).toMatch(new RegExp(`^${SEALED_PREFIX}`));
    // Same keys as the headless shell writes: only the secrets' values differ.
    expect(Object.keys(config).sort()).toEqual(
      expect.arrayContaining(['locale', 'mutedTypes', 'panelToken', 'privacy', 'timeZone', 'tunnel', 'webhookSecret']),
    );

    const reopened = openSettingsStore(dir, silentLogger, { vault }).get();
    expect(reopened.webhookSecret).toBe(secret);
    expect(reopened.tunnel).toMatchObject({ preset: 'cloudflared', token: TOKEN });
  });

  it('seals at once the plain secrets of a folder the headless shell used first, keeping the same secret', () => {
    const dir = tempDir();
    const secret = openSettingsStore(dir, silentLogger).get().webhookSecret!;
    expect(readConfig(dir).webhookSecret).toBe(secret);

    const desktop = openSettingsStore(dir, silentLogger, { vault: vaultOf(fakeSafeStorage()) });
    expect(desktop.get().webhookSecret).toBe(secret);
    expect(readConfig(dir).webhookSecret).toMatch(new RegExp(`^${SEALED_PREFIX}`));
  });

  it('refuses to start the headless shell on sealed secrets rather than replace the URL pasted into WiFire', () => {
    const dir = tempDir();
    openSettingsStore(dir, silentLogger, { vault: vaultOf(fakeSafeStorage()) });
    const before = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    expect(() => openSettingsStore(dir, silentLogger)).toThrow(SealedSecretError);
    expect(() => openSettingsStore(dir, silentLogger)).toThrow(/protegidos pelo app de desktop/);
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe(before);
  });

  it('drops secrets sealed by another OS user, keeps a copy of the file and says so without the secret', () => {
    const dir = tempDir();
    openSettingsStore(dir, silentLogger, { vault: vaultOf(fakeSafeStorage(7)) });
    const sealed = readConfig(dir).webhookSecret as string;
    const entries: LogEntry[] = [];
    const log = recordingLogger(entries);

    const store = openSettingsStore(dir, log, { vault: vaultOf(fakeSafeStorage(99)) });
    // A new secret: the old one cannot be read by anyone here, and the listener needs one.
    expect(store.get().webhookSecret).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    const backups = fs.readdirSync(dir).filter((name) => name.startsWith('config.json.invalid-'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, backups[0]!), 'utf8')).toContain(sealed);
    const logged = JSON.stringify(entries);
    expect(logged).toMatch(/secrets this OS user cannot open/);
    expect(logged).not.toContain(sealed.slice(SEALED_PREFIX.length, SEALED_PREFIX.length + 12));
  });

  it('keeps secrets unsealed where the OS has no real keychain, and says why', () => {
    expect(chooseVault({ ...fakeSafeStorage(), isEncryptionAvailable: () => false }, 'win32')).toEqual({
      vault: undefined,
      reason: 'encryption-unavailable',
    });
    expect(chooseVault(fakeSafeStorage(7, 'basic_text'), 'linux')).toEqual({ vault: undefined, reason: 'no-keyring' });
    expect(chooseVault(fakeSafeStorage(7, 'basic_text'), 'darwin').vault).toBeDefined();
    expect(chooseVault(fakeSafeStorage(7, 'kwallet5'), 'linux').vault).toBeDefined();
  });

  it('uses the backing the shell provides (electron-store on the desktop) for config.json', () => {
    const dir = tempDir();
    const writes: Array<Record<string, unknown>> = [];
    let held: Record<string, unknown> = {};
    const store = openSettingsStore(dir, silentLogger, {
      backing: () => ({
        get store() {
          return held;
        },
        set store(value) {
          writes.push(value);
          held = value;
        },
      }),
    });
    store.update({ mutedTypes: ['cliente-conectou'] });
    expect(writes.at(-1)).toMatchObject({ mutedTypes: ['cliente-conectou'] });
  });
});
