// Realistic, made-up WiFire payloads: Brazilian customers with stable ids, plausible birthdays and ratings.
import { EVENT_TYPES, type KnownEventType } from '../../../shared/catalog.js';
import { localWallClock } from '../../core/local-time.js';

export interface FakeCustomer {
  id: string;
  name: string;
  email: string;
  phone: string;
  cpf: string;
  rg: string;
  mac: string;
  facebookId: string | null;
  googleId: string | null;
  image: string | null;
  birthday: string;
}

export interface FakeEstablishment {
  identifier: string;
  name: string;
  slug: string;
}

export const ESTABLISHMENTS: readonly FakeEstablishment[] = [
  { identifier: 'botecodowifire', name: 'Boteco do WiFire', slug: 'boteco-do-wifire' },
  { identifier: 'padariaesquina', name: 'Padaria da Esquina', slug: 'padaria-da-esquina' },
];

const FIRST = [
  'Ana',
  'Bruno',
  'Camila',
  'Diego',
  'Eduarda',
  'Felipe',
  'Gabriela',
  'Henrique',
  'Isabela',
  'João',
  'Larissa',
  'Marcos',
  'Natália',
  'Otávio',
  'Patrícia',
  'Rafael',
  'Sabrina',
  'Thiago',
  'Vanessa',
  'Wagner',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Vieira',
  'Barbosa',
  'Rocha',
];
const DDD = ['11', '21', '31', '41', '44', '47', '51', '61', '71', '81'];

/** A small deterministic generator, so the same seed gives the same people run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function digits(random: () => number, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += Math.floor(random() * 10);
  return text;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Customer number `n` is always the same person for the same seed: ids are stable, so people come back. */
export function fakeCustomer(n: number, seed = 42): FakeCustomer {
  const random = seededRandom(seed * 1_000_003 + n * 7919 + 1);
  const first = pick(random, FIRST);
  const last = `${pick(random, LAST)} ${pick(random, LAST)}`;
  const year = 1960 + Math.floor(random() * 45);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const hex = (): string =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0')
      .toUpperCase();
  const withGoogle = random() < 0.5;
  return {
    id: String(1000 + n),
    name: `${first} ${last}`,
    email: `${ascii(first)}.${ascii(last.split(' ')[0]!)}${n}@exemplo.com.br`,
    phone: `${pick(random, DDD)} 9 ${digits(random, 4)}${digits(random, 4)}`,
    cpf: digits(random, 11),
    rg: digits(random, 9),
    mac: Array.from({ length: 6 }, hex).join(':'),
    facebookId: withGoogle ? null : digits(random, 15),
    googleId: withGoogle ? digits(random, 21) : null,
    image: random() < 0.7 ? `https://fotos.exemplo.com.br/clientes/${1000 + n}.jpg` : null,
    birthday: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

/** WiFire's created_at: wall-clock time in the establishment's zone, "YYYY-MM-DD HH:MM:SS". */
export function wifireTimestamp(at: Date, timeZone = 'America/Sao_Paulo'): string {
  return localWallClock(at.getTime(), timeZone);
}

const MESSAGES: Record<string, string> = {
  'cliente-chegou': 'acaba de CHEGAR.',
  'cliente-aniversariante-chegou': 'está fazendo ANIVERSÁRIO e acaba de CHEGAR.',
  'cliente-primeira-visita': 'está fazendo a PRIMEIRA VISITA.',
  'cliente-voltou-apos-60-dias': 'VOLTOU após 60 dias.',
  'cliente-tirou-foto': 'TIROU UMA FOTO.',
  'cliente-curtiu-campanha': 'CURTIU uma campanha.',
  'cliente-curtiu-produto': 'CURTIU um produto.',
  'cliente-comentou-campanha': 'COMENTOU uma campanha.',
  'cliente-comentou-produto': 'COMENTOU um produto.',
  'cliente-avaliou-negativamente': 'AVALIOU NEGATIVAMENTE.',
  'cliente-avaliou-passivamente': 'AVALIOU PASSIVAMENTE.',
  'cliente-avaliou-positivamente': 'AVALIOU POSITIVAMENTE.',
  'cliente-enviou-mensagem': 'ENVIOU UMA MENSAGEM.',
  'cliente-frequente-chegou': 'é FREQUENTE e acaba de CHEGAR.',
  'cliente-insatisfeito-chegou': 'está INSATISFEITO e acaba de CHEGAR.',
  'cliente-fez-checkin': 'FEZ CHECK-IN.',
  'cliente-curtiu': 'CURTIU a página.',
  'cliente-conectou': 'acaba de SE CONECTAR.',
  'cliente-aniversariante-conectou': 'está fazendo ANIVERSÁRIO e acaba de SE CONECTAR.',
  'cliente-conectou-primeira-vez': 'SE CONECTOU pela PRIMEIRA VEZ.',
  'cliente-conectou-apos-60-dias': 'SE CONECTOU após 60 dias.',
  'cliente-frequente-se-conectou': 'é FREQUENTE e acaba de SE CONECTAR.',
  'cliente-insatisfeito-se-conectou': 'está INSATISFEITO e acaba de SE CONECTAR.',
  'cliente-sorteado': 'foi SORTEADO.',
};

const SCORE_RANGE: Record<string, [number, number]> = {
  'cliente-avaliou-negativamente': [0, 6],
  'cliente-avaliou-passivamente': [7, 8],
  'cliente-avaliou-positivamente': [9, 10],
};

export interface PayloadOptions {
  at?: Date;
  timeZone?: string;
  establishment?: FakeEstablishment;
  /** Picks the rating score and other details; defaults to one seeded by the customer. */
  random?: () => number;
}

export type WifirePayload = Record<string, unknown> & { type: string };

/** One delivery of `type` about `customer`, shaped as WiFire sends it (LGPD types in their own, smaller shape). */
export function buildPayload(type: string, customer: FakeCustomer, options: PayloadOptions = {}): WifirePayload {
  const establishment = options.establishment ?? ESTABLISHMENTS[0]!;
  const random = options.random ?? seededRandom(Number(customer.id));
  if (type === 'cliente-atualizou-conta' || type === 'cliente-removeu-conta') {
    return {
      type,
      establishment,
      user: { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone },
    };
  }
  const first = customer.name.split(' ')[0]!;
  const range = SCORE_RANGE[type];
  const dataOfType = range ? { score: range[0] + Math.floor(random() * (range[1] - range[0] + 1)) } : null;
  return {
    type,
    activity: {
      message: `${first} ${MESSAGES[type] ?? 'fez algo novo.'}`,
      data_of_type: dataOfType,
      created_at: wifireTimestamp(options.at ?? new Date(), options.timeZone),
    },
    establishment,
    user: {
      id: customer.id,
      name: customer.name,
      facebook_id: customer.facebookId,
      google_id: customer.googleId,
      image: customer.image,
      email: customer.email,
      status_email: 'valid',
      cpf: customer.cpf,
      rg: customer.rg,
      phone: customer.phone,
      mac: customer.mac,
      birthday: customer.birthday,
    },
  };
}

/** A birthday customer's birthday is today (in the establishment's zone). */
export function withBirthdayToday(
  customer: FakeCustomer,
  at = new Date(),
  timeZone = 'America/Sao_Paulo',
): FakeCustomer {
  const today = wifireTimestamp(at, timeZone).slice(5, 10);
  return { ...customer, birthday: `${customer.birthday.slice(0, 4)}-${today}` };
}

export const ALL_TYPES: readonly KnownEventType[] = EVENT_TYPES;
