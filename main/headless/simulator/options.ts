// Command-line options of the simulator, validated with zod like any other input.
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const USAGE = `Uso / usage: npm run simulate -- <tipo|all> [--url U] [--count N] [--rate R] [--data-dir D]
                                   [--customer ID] [--name NOME]

  <tipo|all>     um tipo de evento do WiFire (ex.: cliente-chegou), ou all para os 26
                 a WiFire event type (e.g. cliente-chegou), or all for the 26
  --url U        URL completa do webhook / full webhook URL
                 (padrão / default: http://127.0.0.1:<WIFIRE_DESK_PORT ou 4560>/hooks/<segredo>,
                 segredo de WIFIRE_DESK_TOKEN ou do config.json da pasta de dados)
  --count N      entregas por tipo / deliveries per type (padrão / default 1)
  --rate R       entregas por segundo / deliveries per second (padrão / default 5)
  --data-dir D   pasta de dados onde ler o segredo / data folder to read the secret from
                 (padrão / default: WIFIRE_DESK_DATA_DIR ou a pasta do app no sistema)
  --customer ID  todas as entregas sobre este cliente (o id do cartão no painel), ex.: para
                 removê-lo com cliente-removeu-conta / every delivery about this customer
                 (the id on the panel's card), e.g. to remove them with cliente-removeu-conta
  --name NOME    o nome desse cliente / that customer's name
`;

export const MAX_COUNT = 100_000;
export const MAX_RATE = 10_000;

/** The same rule as the webhook schema's type field, so a type the app would refuse is caught here. */
export const eventTypeSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, 'tipo inválido (ex.: cliente-chegou) / invalid type (e.g. cliente-chegou)');

const countSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, `--count deve ser um inteiro de 1 a ${MAX_COUNT} / must be an integer from 1 to ${MAX_COUNT}`)
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(1, `--count deve ser ao menos 1 / must be at least 1`)
      .max(MAX_COUNT, `--count deve ser no máximo ${MAX_COUNT} / must be at most ${MAX_COUNT}`),
  );

const rateSchema = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, `--rate deve ser um número maior que 0 / must be a number above 0`)
  .transform(Number)
  .pipe(
    z
      .number()
      .positive('--rate deve ser maior que 0 / must be above 0')
      .max(MAX_RATE, `--rate deve ser no máximo ${MAX_RATE} / must be at most ${MAX_RATE}`),
  );

const urlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, '--url deve ser uma URL http(s) completa, ex.: http://127.0.0.1:4560/hooks/<segredo> / must be a full http(s) URL');

const optionsSchema = z.object({
  target: z.union([z.literal('all'), eventTypeSchema]),
  url: urlSchema.optional(),
  count: countSchema.default(1),
  rate: rateSchema.default(5),
  dataDir: z.string().trim().min(1, '--data-dir não pode ser vazio / may not be empty').optional(),
  customer: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9_.:-]{1,64}$/,
      '--customer deve ser o id do cliente, ex.: 1003 / must be a customer id, e.g. 1003',
    )
    .optional(),
  name: z
    .string()
    .trim()
    .min(1, '--name não pode ser vazio / may not be empty')
    .max(200, '--name deve ter no máximo 200 caracteres / must be at most 200 characters')
    .optional(),
});

export type SimulatorOptions = z.output<typeof optionsSchema>;

export type ParsedCommand = { help: true } | ({ help: false } & SimulatorOptions);

export class SimulatorArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorArgsError';
  }
}

/** node:util's messages are English only and name internals: say the same thing in both languages. */
function parseError(error: unknown): SimulatorArgsError {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(--?[\w-]+)/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new SimulatorArgsError(`opção desconhecida / unknown option: ${option}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new SimulatorArgsError(`${option} precisa de um valor / needs a value`.trim());
    default:
      return new SimulatorArgsError(`argumentos inválidos / invalid arguments: ${message}`);
  }
}

export function parseSimulatorArgs(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        count: { type: 'string' },
        rate: { type: 'string' },
        'data-dir': { type: 'string' },
        customer: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw parseError(error);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) {
    throw new SimulatorArgsError('diga qual tipo enviar, ou all / name the type to send, or all');
  }
  if (positionals.length > 1) {
    throw new SimulatorArgsError(
      `um tipo por vez, ou all / one type at a time, or all (recebido / got: ${positionals.join(' ')})`,
    );
  }
  const checked = optionsSchema.safeParse({
    target: positionals[0],
    url: values.url,
    count: values.count,
    rate: values.rate,
    dataDir: values['data-dir'],
    customer: values.customer,
    name: values.name,
  });
  if (!checked.success) {
    throw new SimulatorArgsError(checked.error.issues.map((issue) => issue.message).join('\n'));
  }
  return { help: false, ...checked.data };
}
