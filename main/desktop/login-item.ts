// Start at login, minimised to the tray: Electron's login item on Windows and macOS, an XDG autostart entry on Linux.
import fs from 'node:fs';
import path from 'node:path';
import type { App, Settings } from 'electron';

export const HIDDEN_ARG = '--hidden';

export const AUTOSTART_FILE_NAME = 'wifire-desk.desktop';

export interface LoginItemDeps {
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings' | 'isPackaged'>;
  platform: NodeJS.Platform;
  execPath: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  homeDir: string;
}

export type StartAtLoginResult = { ok: true } | { ok: false; reason: string };

export function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): StartAtLoginResult {
  // From source (`npm start`) execPath is the dev Electron binary, which must never start at login.
  if (!deps.app.isPackaged) return { ok: false, reason: 'Início automático só vale no app instalado.' };
  switch (deps.platform) {
    case 'win32':
    case 'darwin':
      return applyLoginItem(enabled, deps);
    case 'linux':
      return enabled ? writeAutostartEntry(deps) : removeAutostartEntry(deps);
    default:
      return { ok: false, reason: 'Início automático não disponível neste sistema.' };
  }
}

export function wasStartedAtLogin(deps: Pick<LoginItemDeps, 'app' | 'platform' | 'argv'>): boolean {
  if (deps.argv.includes(HIDDEN_ARG)) return true;
  // macOS launches the login item without arguments, but it can tell us it did so.
  return deps.platform === 'darwin' && deps.app.getLoginItemSettings().wasOpenedAtLogin;
}

function applyLoginItem(enabled: boolean, deps: LoginItemDeps): StartAtLoginResult {
  // Electron 44+ dropped openAsHidden (it only worked on macOS ≤ 12) and args/path are Windows-only, so
  // Windows gets --hidden and macOS is recognised through wasOpenedAtLogin instead.
  const settings: Settings =
    deps.platform === 'win32'
      ? { openAtLogin: enabled, path: windowsExecutable(deps), args: [HIDDEN_ARG] }
      : { openAtLogin: enabled };
  try {
    deps.app.setLoginItemSettings(settings);
    if (enabled && deps.platform === 'darwin' && deps.app.getLoginItemSettings().status === 'requires-approval') {
      return { ok: false, reason: 'Autorize o WiFire Desk em Ajustes do Sistema › Geral › Itens de Início.' };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `Não foi possível ajustar o início automático (${errorCode(error)}).` };
  }
}

// A portable .exe runs from a temporary extraction folder; electron-builder names the real file in this variable.
function windowsExecutable(deps: LoginItemDeps): string {
  return deps.env.PORTABLE_EXECUTABLE_FILE || deps.execPath;
}

export function autostartEntryPath(deps: Pick<LoginItemDeps, 'env' | 'homeDir'>): string {
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const configHome = deps.env.XDG_CONFIG_HOME;
  const base = configHome && path.isAbsolute(configHome) ? configHome : path.join(deps.homeDir, '.config');
  return path.join(base, 'autostart', AUTOSTART_FILE_NAME);
}

function autostartEntry(deps: Pick<LoginItemDeps, 'env' | 'execPath'>): string {
  // Inside an AppImage execPath points into a mount that disappears on exit; APPIMAGE is the file itself.
  const executable = deps.env.APPIMAGE || deps.execPath;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=WiFire Desk',
    'Comment=Avisos da recepção do WiFire: aniversários, clientes frequentes e insatisfeitos',
    `Exec=${escapeDesktopString(`${quoteExecArg(executable)} ${HIDDEN_ARG}`)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

function writeAutostartEntry(deps: LoginItemDeps): StartAtLoginResult {
  const file = autostartEntryPath(deps);
  const content = autostartEntry(deps);
  // Written beside and renamed, so a session starting mid-write never reads half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    if (readIfPresent(file) === content) return { ok: true };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, content, { mode: 0o644 });
    fs.renameSync(temporary, file);
    return { ok: true };
  } catch (error) {
    removeQuietly(temporary);
    return { ok: false, reason: `Não foi possível criar ${AUTOSTART_FILE_NAME} (${errorCode(error)}).` };
  }
}

function removeAutostartEntry(deps: LoginItemDeps): StartAtLoginResult {
  try {
    fs.unlinkSync(autostartEntryPath(deps));
    return { ok: true };
  } catch (error) {
    // Already gone, or the autostart folder is not even a folder: either way nothing starts at login.
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return { ok: true };
    return { ok: false, reason: `Não foi possível remover ${AUTOSTART_FILE_NAME} (${errorCode(error)}).` };
  }
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Nothing was left behind, or nothing can be done about it.
  }
}

function readIfPresent(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

// Desktop Entry spec, "The Exec key": reserved characters force double quotes, inside which " ` $ \ are escaped.
const RESERVED_IN_EXEC = /[\s"'\\><~|&;$*?#()`]/;

function quoteExecArg(arg: string): string {
  const literal = arg.replaceAll('%', '%%');
  if (!RESERVED_IN_EXEC.test(literal)) return literal;
  return `"${literal.replace(/["`$\\]/g, '\\$&')}"`;
}

// Exec is a string value, so the string escapes apply on top of the quoting (a literal \ ends up as \\\\).
function escapeDesktopString(value: string): string {
  return value.replace(/[\\\n\t\r]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c]!);
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'erro desconhecido';
}
