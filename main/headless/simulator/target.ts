// Where the simulator sends: --url, else the local app's URL from the environment and the data folder's config.json.
import fs from 'node:fs';
import { z } from 'zod';
import { settingsShape, webhookSecretSchema, DEFAULT_TIME_ZONE } from '../../../shared/settings-schema.js';
import { dataPaths, defaultDataDir } from '../../core/data-dir/data-dir.js';
import { readRunningService } from '../../core/data-dir/data-dir-lock.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../core/intake/listen-defaults.js';
import { formatHostPort } from '../../core/host-port.js';

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface Target {
  url: string;
  /** The establishment's zone from config.json, so created_at reads as its local time, as WiFire sends it. */
  timeZone: string;
}

const portSchema = z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(65535));

/** Only the keys the simulator needs; each checked on its own so one bad key does not hide the other. */
const configSchema = z.looseObject({
  webhookSecret: webhookSecretSchema.optional().catch(undefined),
  timeZone: settingsShape.timeZone.optional().catch(undefined),
});

type ConfigRead = { ok: true; webhookSecret: string | undefined; timeZone: string | undefined } | { ok: false };

function readConfig(file: string): ConfigRead {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { ok: false };
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) return { ok: false };
  return { ok: true, webhookSecret: parsed.data.webhookSecret, timeZone: parsed.data.timeZone };
}

export function resolveTarget(options: { url?: string; dataDir?: string }, env: NodeJS.ProcessEnv): Target {
  const dataDir = options.dataDir ?? defaultDataDir(env);
  const configFile = dataPaths(dataDir).config;
  const config = readConfig(configFile);
  const timeZone = (config.ok ? config.timeZone : undefined) ?? DEFAULT_TIME_ZONE;
  if (options.url !== undefined) return { url: options.url, timeZone };

  // The running service writes its host and port into the data folder's lock: that one first.
  const running = readRunningService(dataDir);
  let port = running?.port ?? DEFAULT_PORT;
  const host = running?.host ?? DEFAULT_HOST;
  if (!running?.port && env.WIFIRE_DESK_PORT) {
    const parsed = portSchema.safeParse(env.WIFIRE_DESK_PORT);
    if (!parsed.success) {
      throw new TargetError('WIFIRE_DESK_PORT deve ser um número de 1 a 65535 / must be 1–65535');
    }
    port = parsed.data;
  }

  let secret: string | undefined;
  if (env.WIFIRE_DESK_TOKEN) {
    const parsed = webhookSecretSchema.safeParse(env.WIFIRE_DESK_TOKEN);
    if (!parsed.success) {
      throw new TargetError(
        'WIFIRE_DESK_TOKEN precisa ter de 22 a 128 caracteres (letras, números, "-" ou "_"). / must be 22–128 URL-safe characters.',
      );
    }
    secret = parsed.data;
  } else if (config.ok) {
    secret = config.webhookSecret;
  }
  if (secret === undefined) {
    throw new TargetError(
      [
        `Não achei a URL do webhook: sem --url, sem WIFIRE_DESK_TOKEN e sem um segredo válido em ${configFile}.`,
        'Passe --url com a URL que o WiFire Desk mostra (linha "Webhook URL:"), ou --data-dir com a pasta de dados do app.',
        `No webhook URL found: no --url, no WIFIRE_DESK_TOKEN and no valid secret in ${configFile}.`,
        'Pass --url with the URL WiFire Desk prints ("Webhook URL:" line), or --data-dir with the app\'s data folder.',
      ].join('\n'),
    );
  }
  return { url: `http://${formatHostPort(host, port)}/hooks/${secret}`, timeZone };
}

/** Shows where deliveries go without giving the secret away: /hooks/abcd…, no credentials, no query. */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(URL inválida / invalid URL)';
  }
  const path = parsed.pathname.replace(/\/hooks\/([^/]+)/, (_match, secret: string) =>
    secret.length > 4 ? `/hooks/${secret.slice(0, 4)}…` : '/hooks/…',
  );
  const query = parsed.search ? '?…' : '';
  return `${parsed.protocol}//${parsed.host}${path}${query}`;
}
