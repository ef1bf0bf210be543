// npm start: the desktop app where Electron can start; otherwise one line saying why, then the headless service.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronSqliteBinding } from './electron-sqlite.js';

/**
 * Electron's own words about a failed first start, said for a person: a download that failed (no internet) or an
 * install that never got its runtime. Anything else is passed on in its first line.
 */
export function electronFailureReason(said: string): string {
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|socket hang up/i.test(said)) {
    return 'não foi possível baixar o Electron, sem acesso à internet / Electron could not be downloaded, no internet access';
  }
  if (/failed to install correctly/i.test(said)) {
    return 'o Electron não terminou de instalar / Electron did not finish installing';
  }
  return `o Electron não está instalado / Electron is not installed: ${said}`;
}

/** Why the desktop app cannot start here, or null when it can. */
export function electronUnavailableReason(
  loadElectron: () => unknown,
  desktopEntry: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string | null {
  let binary: unknown;
  try {
    binary = loadElectron();
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 160);
    return electronFailureReason(first);
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return 'o Electron não foi encontrado / Electron was not found';
  }
  if (!fs.existsSync(desktopEntry)) {
    return 'o app de desktop ainda não faz parte desta versão / the desktop app is not part of this build';
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return 'não há tela (DISPLAY) para abrir janelas / there is no display (DISPLAY) to open windows on';
  }
  return null;
}

/**
 * Resolves Electron's binary in a child process: on its first start the electron package downloads its runtime and
 * prints progress and stack traces of its own; captured here, so a user sees at most our one line.
 */
export function probeElectron(projectRoot: string): string {
  const result = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  if (result.status === 0 && result.stdout) return result.stdout;
  const said = /Error: ([^\n]+)/.exec(result.stderr ?? '')?.[1] ?? result.error?.message ?? `saiu com ${result.status}`;
  throw new Error(said);
}

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const projectRoot = path.resolve(here, '..', '..', '..');
  const desktopEntry = path.join(here, '..', 'desktop', 'main.js');
  let electron = '';
  let reason = electronUnavailableReason(() => (electron = probeElectron(projectRoot)), desktopEntry);
  let sqliteBinding = '';
  if (reason === null) {
    try {
      const electronPackage = path.join(projectRoot, 'node_modules', 'electron', 'package.json');
      const { version } = JSON.parse(fs.readFileSync(electronPackage, 'utf8')) as { version: string };
      sqliteBinding = electronSqliteBinding({ projectRoot, electronVersion: version });
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  if (reason === null) {
    // The project folder: Electron reads package.json's "main" and the app's name from it, as the installed app does.
    const child = spawn(electron, [projectRoot, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, WIFIRE_DESK_SQLITE_BINDING: sqliteBinding },
    });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  process.stdout.write(
    `O app de desktop não pode abrir aqui: ${reason}. Iniciando o serviço sem interface (headless). ` +
      `/ Starting the headless service instead.\n`,
  );
  const { runHeadless } = await import('../headless/cli.js');
  await runHeadless(process.argv.slice(2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
