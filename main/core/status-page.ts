// Until the full panel lands: a page that proves the service is up, with counts only and no personal data.
import type { Express } from 'express';
import type { Locale } from '../../shared/catalog.js';
import { notFound, secretMatcher } from './intake/webhook-app.js';

export interface StatusPageData {
  version: string;
  events: number;
  erasures: number;
  locale: Locale;
  notifier: string;
}

export function renderStatusPage(data: StatusPageData): string {
  const pt = data.locale === 'pt-BR';
  const rows: Array<[string, string]> = [
    [pt ? 'Eventos guardados' : 'Stored events', String(data.events)],
    [pt ? 'Contas removidas (LGPD)' : 'Accounts erased (LGPD)', String(data.erasures)],
    [pt ? 'Notificações por' : 'Notifications through', data.notifier],
    [pt ? 'Versão' : 'Version', data.version],
  ];
  return `<!doctype html>
<html lang="${data.locale}"><head><meta charset="utf-8"><title>WiFire Desk</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem;color:#1d2433}td{padding:.3rem 1rem .3rem 0}</style></head>
<body><h1>WiFire Desk</h1><p>${pt ? 'O serviço está recebendo os webhooks do WiFire.' : 'The service is receiving WiFire webhooks.'}</p>
<table>${rows.map(([k, v]) => `<tr><td>${k}</td><td><strong>${v}</strong></td></tr>`).join('')}</table></body></html>
`;
}

export interface StatusPageDeps {
  version: string;
  panelToken: () => string | undefined;
  /** The Host the Panel URL names; any other is a DNS-rebinding attempt and gets the same 404 as a wrong token. */
  panelHost: () => string;
  locale: () => Locale;
  counts: () => { events: number; erasures: number };
  notifier: string;
}

/** GET /panel?token=…: loopback Host only, the panel token only (never the webhook secret). */
export function mountStatusPage(app: Express, deps: StatusPageDeps): void {
  const matchesToken = secretMatcher(deps.panelToken);
  app.get('/panel', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (req.headers.host !== deps.panelHost() || !matchesToken(token)) {
      notFound(res);
      return;
    }
    res
      .set(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
      )
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        renderStatusPage({ version: deps.version, ...deps.counts(), locale: deps.locale(), notifier: deps.notifier }),
      );
  });
}
