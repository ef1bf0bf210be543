// npm run headless -- --print-panel-url: the `Panel URL:` line again, read from the data folder, without a service.
import fs from 'node:fs';
import { z } from 'zod';
import { webhookSecretSchema } from '../../shared/settings-schema.js';
import { dataPaths } from '../core/data-dir/data-dir.js';
import { readRunningService } from '../core/data-dir/data-dir-lock.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../core/intake/listen-defaults.js';
import type { HeadlessArgs } from './args.js';
import { formatHostPort } from '../core/host-port.js';

export interface PanelUrlReport {
  /** 0 when a Panel URL was printed, 1 when there is none to print. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

const savedTokenSchema = z.object({ panelToken: webhookSecretSchema });

/** The panel token config.json holds, read only: generating one here would not be the running service's. */
function savedPanelToken(dataDir: string): string | null {
  try {
    const parsed = savedTokenSchema.safeParse(JSON.parse(fs.readFileSync(dataPaths(dataDir).config, 'utf8')));
    return parsed.success ? parsed.data.panelToken : null;
  } catch {
    return null;
  }
}

function panelUrl(host: string, port: number, token: string): string {
  return `http://${formatHostPort(host, port)}/panel?token=${token}`;
}

/**
 * The running service's address comes from the folder's lock; without a running service, from --host/--port (or
 * WIFIRE_DESK_PORT) and the defaults, as the next `npm run headless` would listen.
 */
export function panelUrlReport(dataDir: string, listen: Pick<HeadlessArgs, 'host' | 'port'>): PanelUrlReport {
  const token = savedPanelToken(dataDir);
  if (!token) {
    return {
      exitCode: 1,
      stdout: '',
      stderr:
        `Não há token do painel na pasta de dados ${dataDir}: inicie o serviço uma vez com npm run headless, ou ` +
        `indique a pasta dele com --data-dir. / No panel token in this data folder yet: start the service once, ` +
        `or name its folder with --data-dir.\n`,
    };
  }
  const running = readRunningService(dataDir);
  if (running) {
    if (running.port === null || running.host === null) {
      return {
        exitCode: 1,
        stdout: '',
        stderr: `O WiFire Desk desta pasta ainda está iniciando: tente de novo em instantes. / The service is still starting: try again in a moment.\n`,
      };
    }
    return { exitCode: 0, stdout: `Panel URL: ${panelUrl(running.host, running.port, token)}\n`, stderr: '' };
  }
  const port = listen.port ?? DEFAULT_PORT;
  if (port === 0) {
    return {
      exitCode: 1,
      stdout: '',
      stderr:
        `O WiFire Desk não está rodando com esta pasta de dados, e com --port 0 a porta só é escolhida ao iniciar: ` +
        `inicie com npm run headless. / The service is not running and port 0 is chosen on start: start it.\n`,
    };
  }
  return {
    exitCode: 0,
    stdout: `Panel URL: ${panelUrl(listen.host ?? DEFAULT_HOST, port, token)}\n`,
    stderr:
      `O WiFire Desk não está rodando com esta pasta de dados: a Panel URL abre o painel depois que ele iniciar ` +
      `(npm run headless, porta ${port}). / The service is not running on this data folder: the Panel URL opens ` +
      `the panel once it starts (port ${port}).\n`,
  };
}

/** Writes the report where a person and a script expect it; returns the exit code. */
export function printPanelUrl(dataDir: string, listen: Pick<HeadlessArgs, 'host' | 'port'>): number {
  const report = panelUrlReport(dataDir, listen);
  process.stdout.write(report.stdout);
  process.stderr.write(report.stderr);
  return report.exitCode;
}
