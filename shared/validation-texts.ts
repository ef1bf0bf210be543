// The words of our own validation rules, in each language. The schemas carry the English (zod keeps one message per
// rule); the bridge answers in the desk's language, so the owner reads "um túnel nomeado precisa do seu token".
import type { Locale } from './catalog.js';

export const VALIDATION_TEXTS = {
  publicBase: {
    en: 'must be an http(s) address such as https://hooks.example.com, without ? or #',
    'pt-BR': 'deve ser um endereço http(s) como https://hooks.example.com, sem ? nem #',
  },
  hostname: {
    en: 'must be a host name such as hooks.example.com',
    'pt-BR': 'deve ser um nome de servidor como hooks.example.com',
  },
  sshHost: {
    en: 'must be a host name or an IP address',
    'pt-BR': 'deve ser um nome de servidor ou um endereço IP',
  },
  noSpaces: { en: 'must not contain spaces', 'pt-BR': 'não pode ter espaços' },
  sshUser: { en: 'must be a login name such as wifire', 'pt-BR': 'deve ser um nome de usuário como wifire' },
  regExp: { en: 'must be a valid regular expression', 'pt-BR': 'deve ser uma expressão regular válida' },
  namedToken: { en: 'a named tunnel needs its token', 'pt-BR': 'um túnel nomeado precisa do token' },
  namedHostname: {
    en: 'a named tunnel needs its public hostname',
    'pt-BR': 'um túnel nomeado precisa do nome público',
  },
  serverHost: { en: 'the server needs a host', 'pt-BR': 'informe o endereço do servidor' },
  serverUser: { en: 'the server needs a user', 'pt-BR': 'informe o usuário do servidor' },
  patternOrUrl: {
    en: 'give a URL pattern or a fixed public URL',
    'pt-BR': 'informe um padrão de URL ou um endereço público fixo',
  },
  webhookSecret: {
    en: 'must be 22 to 128 URL-safe characters',
    'pt-BR': 'deve ter de 22 a 128 caracteres: letras, números, - ou _',
  },
  clockTime: { en: 'must be a time as HH:MM', 'pt-BR': 'deve ser um horário como HH:MM' },
  timeZone: {
    en: 'must be an IANA time zone such as America/Sao_Paulo',
    'pt-BR': 'deve ser um fuso horário IANA como America/Sao_Paulo',
  },
  eventId: { en: 'must be an event id', 'pt-BR': 'deve ser o número de um evento' },
  day: { en: 'must be a day as YYYY-MM-DD', 'pt-BR': 'deve ser um dia como AAAA-MM-DD' },
  deliveryId: { en: 'must be a delivery id', 'pt-BR': 'deve ser o número de uma entrega' },
  joinCode: {
    en: 'is not a valid join code: copy it again from the main desk (Settings > Other desks)',
    'pt-BR': 'não é um código de conexão válido: copie-o de novo do balcão principal (Configurações > Outros balcões)',
  },
  joinCodeTooMany: {
    en: 'holds more than 50 join codes: one desk follows at most 50 places',
    'pt-BR': 'tem mais de 50 códigos de conexão: um balcão acompanha no máximo 50 locais',
  },
  joinCodeSamePlace: {
    en: 'has two codes of the same main desk: give each place once',
    'pt-BR': 'tem dois códigos do mesmo balcão principal: dê cada local uma vez só',
  },
  natsCredsMissing: {
    en: 'a code for an existing NATS needs this desk’s NATS credentials file (ask whoever runs that NATS)',
    'pt-BR':
      'um código de uma rede NATS já existente precisa do arquivo de credenciais do NATS deste balcão (peça a quem administra o NATS)',
  },
  natsCredsUnneeded: {
    en: 'only goes with codes for an existing NATS: leave it empty',
    'pt-BR': 'só vale com códigos de uma rede NATS já existente: deixe em branco',
  },
  natsCredsAbsolute: {
    en: 'must be the file’s full path, such as /etc/wifire/balcao.creds or C:\\WiFire\\balcao.creds',
    'pt-BR': 'deve ser o caminho completo do arquivo, como /etc/wifire/balcao.creds ou C:\\WiFire\\balcao.creds',
  },
  joinCodeMissing: {
    en: 'another desk needs the join code from the main desk',
    'pt-BR': 'outro balcão precisa do código de conexão do balcão principal',
  },
  natsListen: {
    en: 'must be HOST:PORT, such as 0.0.0.0:4562',
    'pt-BR': 'deve ser HOST:PORTA, como 0.0.0.0:4562',
  },
} as const satisfies Record<string, Record<Locale, string>>;

const byEnglish = new Map<string, Record<Locale, string>>(
  Object.values(VALIDATION_TEXTS).map((texts) => [texts.en, texts]),
);

/** One of our rules' messages in `locale`; null when the message is not one of ours (zod's own, or bilingual). */
export function ownValidationText(message: string, locale: Locale): string | null {
  return byEnglish.get(message)?.[locale] ?? null;
}
