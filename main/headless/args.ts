// Command-line options of the headless shell, validated like any other input.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { portFromEnvironment } from '../core/intake/listen-defaults.js';
import { TUNNEL_PRESETS, type TunnelPreset } from '../../shared/tunnel-presets.js';
import { parseHostPort } from '../core/host-port.js';
import { natsUrlSchema } from '../core/fanout/join-code.js';
import { accountSchema } from '../core/fanout/subjects.js';

// Digits only: an empty value ('--port=') or a sign or space would otherwise coerce to a number (0: any port).
const portSchema = z
  .string()
  .regex(/^\d{1,5}$/)
  .transform(Number)
  .pipe(z.number().max(65535));

export interface HeadlessArgs {
  port: number | undefined;
  host: string | undefined;
  dataDir: string | undefined;
  tunnel: TunnelPreset | undefined;
  allowNonLoopback: boolean;
  /** Prints the Panel URL of the data folder's service and exits. */
  printPanelUrl: boolean;
  /** `--fanout hub`: this desk receives WiFire's webhooks and fans them out to the other desks. */
  fanoutHub: boolean;
  /** `--nats-listen HOST:PORT`: where the hub's own nats-server listens for the other desks. */
  natsListen: { host: string; port: number } | undefined;
  /** `--nats-url URL[,URL…]`: the hub uses an existing NATS instead of a nats-server of its own. */
  natsUrl: string[] | undefined;
  /** `--nats-creds FILE`: this desk's credentials for that existing NATS (hub, or a satellite of such a hub). */
  natsCreds: string | undefined;
  /** `--nats-account NAME`: the subject prefix all hubs of a chain share on that NATS. */
  natsAccount: string | undefined;
  /** `--join <code>`: this desk is a satellite of the hub that gave the code. */
  join: string | undefined;
  /** `--join` given again: the codes of other places; this desk is a chain's overview. */
  moreJoins: string[];
  help: boolean;
}

export const USAGE = `Uso / usage: npm run headless -- [--port N] [--host H] [--data-dir D] [--tunnel P] [--allow-non-loopback]
                          [--print-panel-url] [--fanout hub [--nats-listen HOST:PORT]] [--join CÓDIGO]
                          [--fanout hub --nats-url URL --nats-creds ARQUIVO [--nats-account NOME]]
                          [--join CÓDIGO --nats-creds ARQUIVO]

  --port N               porta local do webhook (padrão 4560, ou WIFIRE_DESK_PORT)
  --host H               endereço local (padrão 127.0.0.1; fora do loopback só com --allow-non-loopback)
  --data-dir D           pasta de dados (padrão WIFIRE_DESK_DATA_DIR ou a pasta do app no sistema)
  --tunnel P             túnel a iniciar nesta execução: none, cloudflared, ngrok, ssh ou custom
                         (parâmetros das configurações; sem elas: cloudflared rápido, ssh via localhost.run)
  --allow-non-loopback   permite escutar fora do 127.0.0.1 (exposto à rede!)
  --print-panel-url      mostra de novo a linha Panel URL desta pasta de dados e sai, sem iniciar outro serviço
                         (prints the Panel URL line again and exits, without starting another service)
  --fanout hub           este é o balcão principal: recebe o WiFire e avisa os outros balcões pela rede (NATS);
                         mostra a linha Join code (this desk is the hub: it fans events out to the other desks)
  --nats-listen H:P      onde o nats-server do balcão principal escuta os outros balcões (padrão 0.0.0.0:4562)
  --nats-url URL         em vez de um nats-server próprio, usa um NATS que já existe (nats://host:porta ou
                         tls://host:porta; vários separados por vírgula) (an existing NATS instead of its own)
  --nats-creds ARQUIVO   credenciais deste computador nesse NATS: arquivo .creds ou semente NKEY (SU…)
  --nats-account NOME    prefixo comum a todos os balcões principais de uma rede no mesmo NATS (a chain's prefix)
  --join CÓDIGO          este é outro balcão, ligado ao principal pelo código (a satellite desk, joined by code);
                         repetido, um código por local: acompanha vários locais de uma rede (a chain's overview)

  Sem --fanout e sem --join, vale o que está salvo em Configurações > Outros balcões > "Este computador é…" (no
  config.json da pasta de dados); com elas, as opções valem nesta execução. (Without --fanout or --join, the choice
  saved in Settings > Other desks applies; given, they win for this run.)
`;

export class ArgsError extends Error {}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  tunnel: { type: 'string' },
  'allow-non-loopback': { type: 'boolean' },
  'print-panel-url': { type: 'boolean' },
  fanout: { type: 'string' },
  'nats-listen': { type: 'string' },
  'nats-url': { type: 'string' },
  'nats-creds': { type: 'string' },
  'nats-account': { type: 'string' },
  join: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseHeadlessArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): HeadlessArgs {
  const args: HeadlessArgs = {
    port: undefined,
    host: undefined,
    dataDir: undefined,
    tunnel: undefined,
    allowNonLoopback: false,
    printPanelUrl: false,
    fanoutHub: false,
    natsListen: undefined,
    natsUrl: undefined,
    natsCreds: undefined,
    natsAccount: undefined,
    join: undefined,
    moreJoins: [],
    help: false,
  };
  // Not strict: strict mode throws English-only errors, and before the checks below; walking the tokens in order
  // reports the first wrong word on the line, in both languages.
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  let judged = -1;
  for (const token of tokens) {
    // A cluster such as -h=1 or -hx comes as one token per letter at the same index: the word is judged once, whole.
    if (token.index === judged) continue;
    judged = token.index;
    // Messages name the word as typed, up to any '='.
    const flag = argv[token.index]!.split('=', 1)[0]!;
    if (token.kind !== 'option' || (flag !== `--${token.name}` && flag !== '-h')) {
      throw new ArgsError(`opção desconhecida / unknown option: ${flag}`);
    }
    const { value, inlineValue } = token;
    // A switch takes no value: '--allow-non-loopback=false' would otherwise turn it on.
    if (OPTIONS[token.name as keyof typeof OPTIONS]?.type === 'boolean' && inlineValue) {
      throw new ArgsError(`${flag} não leva valor / takes no value`);
    }
    // '--port --host h' forgot the port; a value with one dash (a folder named -x) is taken as it comes.
    const take = (): string => {
      if (value === undefined || (!inlineValue && value.startsWith('--')))
        throw new ArgsError(`${flag} precisa de um valor / needs a value`);
      return value;
    };
    switch (token.name) {
      case 'port': {
        const parsed = portSchema.safeParse(take());
        if (!parsed.success) throw new ArgsError('--port deve ser um número de 0 a 65535 / must be 0–65535');
        args.port = parsed.data;
        break;
      }
      case 'host':
        args.host = take();
        break;
      case 'data-dir':
        args.dataDir = take();
        break;
      case 'tunnel': {
        const preset = take();
        if (!(TUNNEL_PRESETS as readonly string[]).includes(preset)) {
          throw new ArgsError(`--tunnel deve ser um de / must be one of: ${TUNNEL_PRESETS.join(', ')}`);
        }
        args.tunnel = preset as TunnelPreset;
        break;
      }
      case 'allow-non-loopback':
        args.allowNonLoopback = true;
        break;
      case 'print-panel-url':
        args.printPanelUrl = true;
        break;
      case 'fanout':
        if (take() !== 'hub') throw new ArgsError('--fanout aceita só / only takes: hub');
        args.fanoutHub = true;
        break;
      case 'nats-listen': {
        const listen = parseHostPort(take());
        if (!listen)
          throw new ArgsError('--nats-listen deve ser HOST:PORTA, por exemplo 0.0.0.0:4562 / must be HOST:PORT');
        args.natsListen = listen;
        break;
      }
      case 'nats-url': {
        const urls = take()
          .split(',')
          .map((url) => url.trim());
        if (urls.length > 8 || !urls.every((url) => natsUrlSchema.safeParse(url).success))
          throw new ArgsError(
            '--nats-url deve ser nats://HOST:PORTA ou tls://HOST:PORTA (até 8, separados por vírgula) / ' +
              'must be nats://HOST:PORT or tls://HOST:PORT (up to 8, comma-separated)',
          );
        args.natsUrl = urls;
        break;
      }
      case 'nats-creds': {
        const file = take();
        if (file.trim() === '') throw new ArgsError('--nats-creds precisa do caminho de um arquivo / needs a file');
        args.natsCreds = file;
        break;
      }
      case 'nats-account': {
        const account = take();
        if (!accountSchema.safeParse(account).success)
          throw new ArgsError(
            '--nats-account: letras minúsculas, números e hífens, até 32 / lowercase letters, digits, dashes (≤ 32)',
          );
        args.natsAccount = account;
        break;
      }
      case 'join':
        // Given again: another place of the chain to follow.
        if (args.join === undefined) args.join = take();
        else args.moreJoins.push(take());
        break;
      case 'help':
        args.help = true;
        break;
      default:
        throw new ArgsError(`opção desconhecida / unknown option: ${flag}`);
    }
  }
  if (args.fanoutHub && args.join !== undefined) {
    throw new ArgsError('--fanout hub e --join não combinam: um balcão é o principal ou outro balcão / pick one');
  }
  if (args.natsListen && !args.fanoutHub)
    throw new ArgsError('--nats-listen só vale com --fanout hub / needs --fanout hub');
  if (args.natsUrl && !args.fanoutHub)
    throw new ArgsError(
      '--nats-url só vale com --fanout hub (outro balcão recebe o endereço no código) / needs --fanout hub',
    );
  if (args.natsUrl && args.natsListen)
    throw new ArgsError(
      '--nats-url e --nats-listen não combinam: ou um NATS que já existe, ou o nats-server próprio / pick one',
    );
  if (args.natsUrl && !args.natsCreds)
    throw new ArgsError('--nats-url precisa de --nats-creds ARQUIVO (as credenciais desse NATS) / needs --nats-creds');
  if (args.natsCreds && !args.natsUrl && args.join === undefined)
    throw new ArgsError('--nats-creds só vale com --nats-url ou --join / needs --nats-url or --join');
  if (args.natsAccount && !args.natsUrl)
    throw new ArgsError('--nats-account só vale com --nats-url / needs --nats-url');
  if (args.port === undefined) {
    try {
      args.port = portFromEnvironment(env);
    } catch (error) {
      throw new ArgsError((error as Error).message);
    }
  }
  return args;
}
