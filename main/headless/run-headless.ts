// npm run headless: the core without Electron, pop-ups through node-notifier, status in the terminal. Started by
// cli.ts, which has the store's worker loading meanwhile.
import { dataDirError, dataPaths, defaultDataDir, ensureDataDir } from '../core/data-dir/data-dir.js';
import { createFileLogger, type Logger } from '../core/logger.js';
import { startService, type Service } from '../core/service.js';
import type { PrestartedStoreWorker } from '../core/store/store-client.js';
import { startupFailureText } from '../core/startup-error.js';
import { ArgsError, parseHeadlessArgs, USAGE } from './args.js';
import { fanoutFromSetting } from '../core/settings/fanout-setting.js';
import type { FanoutSetting } from '../../shared/settings-schema.js';
import { chooseHeadlessNotifier } from './choose-notifier.js';
import { mountPanel } from './panel-routes.js';
import { printPanelUrl } from './print-panel-url.js';

/** A refusal a person can act on is one line; anything else keeps its stack trace for whoever fixes it. */
function failStart(error: unknown): void {
  process.stderr.write(`${startupFailureText(error)}\n`);
  process.exitCode = 1;
}

/** The lines scripts read (`Webhook URL:`, `Panel URL:`), and the next step for people. */
function printHub(service: Service, dataDir: string): void {
  // Scripts read the `Webhook URL:`, `Panel URL:` and `Public URL:` lines as they are; the words around them are for people.
  process.stdout.write(
    [
      `WiFire Desk em execução / running — pasta de dados / data folder: ${dataDir}`,
      `Webhook URL: ${service.webhookUrl}`,
      '  Endereço local, só para testes neste computador: o WiFire, na internet, não chega nele.',
      '  / Local address, for tests on this PC only: WiFire, on the internet, cannot reach it.',
      `Panel URL: ${service.panelUrl}`,
      '  Abra no navegador deste computador. / Open it in a browser on this PC.',
      `Registro / log: ${dataPaths(dataDir).logs}`,
      '',
    ].join('\n'),
  );
  if (service.tunnel.status('pt-BR').state === 'off') {
    process.stdout.write(
      [
        'Próximo passo: ligue um túnel (no painel, Configurações > Túnel; ou npm run headless -- --tunnel cloudflared)',
        'e cole o endereço público no WiFire. / Next: turn a tunnel on (in the panel, Settings > Tunnel; or',
        '--tunnel cloudflared) and paste the public address into WiFire.',
        'Ctrl+C encerra. / Ctrl+C stops.',
        '',
      ].join('\n'),
    );
  } else process.stdout.write('Ctrl+C encerra. / Ctrl+C stops.\n');

  const fanout = service.fanout;
  if (!fanout) return;
  // The join code is a secret (it lets a PC read this place's events): on stdout for the owner, never in logs.
  let printedCode: string | null = null;
  let printedProblem: string | null = null;
  const printFanout = (): void => {
    const code = fanout.joinCode();
    if (code && code !== printedCode) {
      printedCode = code;
      process.stdout.write(
        `Join code: ${code}\n  Nos outros balcões, rode / on the other desks, run: npm run headless -- --join <código/code>` +
          (fanout.existingNats ? ' --nats-creds <arquivo/file>' : '') +
          `\n  O código é secreto: quem o tem lê os eventos desta casa. / Keep it secret: it lets a PC read this place's events.\n`,
      );
    }
    const { reasonText } = fanout.status(service.settings.get().locale);
    if (reasonText && reasonText !== printedProblem)
      process.stdout.write(`Outros balcões / other desks: ${reasonText}\n`);
    printedProblem = reasonText;
  };
  fanout.onChange(printFanout);
  printFanout();
}

/** A satellite has no webhook: its panel, and whether it reached its hub (`Hub: connected`). */
function printSatellite(service: Service, dataDir: string): void {
  process.stdout.write(
    [
      `WiFire Desk em execução como outro balcão / running as a satellite desk — pasta de dados / data folder: ${dataDir}`,
      `Panel URL: ${service.panelUrl}`,
      '  Abra no navegador deste computador. / Open it in a browser on this PC.',
      'Ctrl+C encerra. / Ctrl+C stops.',
      '',
    ].join('\n'),
  );
  const fanout = service.fanout!;
  let printed = '';
  const printLink = (): void => {
    const { state, reasonText } = fanout.status(service.settings.get().locale);
    const line =
      state === 'connected'
        ? 'Hub: connected'
        : state === 'disconnected'
          ? `Hub: disconnected — ${reasonText ?? ''}`
          : '';
    if (!line || line === printed) return;
    printed = line;
    process.stdout.write(`${line}\n`);
  };
  fanout.onChange(printLink);
  printLink();
}

export interface HeadlessStart {
  /** The store's worker, started before this module loaded; ended here if the service does not take it. */
  prestartedStore?: PrestartedStoreWorker | null;
}

export async function runHeadless(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  start: HeadlessStart = {},
): Promise<Service | null> {
  try {
    return await runShell(argv, env, start);
  } finally {
    // Taken by the service's store, it is the store's; otherwise (--help, a satellite, a failed start) it goes.
    start.prestartedStore?.close();
  }
}

async function runShell(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  start: HeadlessStart,
): Promise<Service | null> {
  let args;
  try {
    args = parseHeadlessArgs(argv, env);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return null;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return null;
  }
  const dataDir = args.dataDir ?? defaultDataDir(env);
  if (args.printPanelUrl) {
    // Read from the data folder only: a second service would be refused the folder the running one holds.
    process.exitCode = printPanelUrl(dataDir, args);
    return null;
  }
  // The data folder and its log come first: a file in its place or a read-only disk is said in one line too.
  let log: Logger;
  try {
    ensureDataDir(dataDir);
    // The log's JSON lines go to its file only: the terminal speaks to people (below).
    log = createFileLogger({ dir: dataPaths(dataDir).logs, level: 'info' });
  } catch (error) {
    failStart(dataDirError(error, dataDir));
    return null;
  }

  const notifier = chooseHeadlessNotifier(env);
  let service: Service;
  try {
    service = await startService({
      dataDir,
      host: args.host,
      port: args.port,
      allowNonLoopback: args.allowNonLoopback,
      notifier,
      log,
      env,
      mountPanel,
      prestartedStore: start.prestartedStore ?? null,
      tunnel: { override: args.tunnel },
      ...(args.fanoutHub
        ? {
            fanout: {
              role: 'hub' as const,
              ...(args.natsListen ? { listen: args.natsListen } : {}),
              ...(args.natsUrl && args.natsCreds
                ? {
                    nats: {
                      servers: args.natsUrl,
                      credsFile: args.natsCreds,
                      ...(args.natsAccount ? { account: args.natsAccount } : {}),
                    },
                  }
                : {}),
            },
          }
        : args.join !== undefined
          ? {
              fanout: {
                role: 'satellite' as const,
                joinCode: args.join,
                ...(args.moreJoins.length > 0 ? { moreJoinCodes: args.moreJoins } : {}),
                ...(args.natsCreds ? { credsFile: args.natsCreds } : {}),
              },
            }
          : // Without --fanout or --join: the choice saved in Settings > Outros balcões, as on the desktop.
            { fanout: (saved: FanoutSetting) => fanoutFromSetting(saved) }),
    });
  } catch (error) {
    notifier.close();
    failStart(error);
    return null;
  }

  if (service.fanout?.role === 'satellite') {
    printSatellite(service, dataDir);
  } else {
    printHub(service, dataDir);
  }

  // The full public webhook URL, secret included, is what the owner pastes into WiFire: on stdout, never in logs.
  service.tunnel.onPublicUrl((url) =>
    process.stdout.write(
      `Public URL: ${url}\n  Cole este endereço nos dois campos do WiFire (Configurações > Integrações: Insights e LGPD).` +
        `\n  / Paste this address into both WiFire fields (Configurações > Integrações: Insights and LGPD).\n`,
    ),
  );
  const printed = { state: '', reason: '' };
  const printState = (): void => {
    const { state, reason } = service.tunnel.status(service.settings.get().locale);
    // A program that keeps failing retries every minute: the same reason (its count aside) is said once.
    const sameReason = (reason ?? '').replace(/\d+/g, '#');
    if (state === printed.state && sameReason === printed.reason) return;
    printed.state = state;
    printed.reason = sameReason;
    if (state === 'online' || state === 'failed' || state === 'unreachable') {
      process.stdout.write(`Túnel / tunnel: ${state}${reason ? ` — ${reason}` : ''}\n`);
    }
  };
  // Heard at once too: the tunnel may have failed while the service started (a missing program is known at once).
  service.tunnel.onStateChange(printState);
  // A pop-up the OS refused is said in words, once, with what to check; and again when they work again.
  service.notifier.onOutcome(() => {
    const { failing } = service.bridge.status().popUps;
    process.stdout.write(
      failing
        ? `Notificações não aparecem / pop-ups are not showing (${failing.code}): ${failing.hint}\n`
        : 'Notificações funcionando / pop-ups are showing.\n',
    );
  });

  let stoppingSince: number | null = null;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== null) {
      // conf's file writer (atomically → when-exit) sends the same signal to this process again right away:
      // only a second signal from the user, a moment later, forces the exit before the tunnel has stopped.
      if (Date.now() - stoppingSince > 500) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    log.info('shutting down', { signal: signal.toLowerCase() });
    void service.close().then(
      () => {
        notifier.close();
        process.stdout.write(
          'WiFire Desk encerrado; nada do que foi confirmado se perdeu. / WiFire Desk stopped; nothing acknowledged was lost.\n',
        );
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return service;
}
