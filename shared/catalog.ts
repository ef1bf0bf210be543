// The 26 WiFire event types: category, priority, icon and the texts staff read, in pt-BR and English.

export const LOCALES = ['pt-BR', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATEGORIES = ['arrival', 'connection', 'rating', 'engagement', 'raffle', 'privacy'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type IconName =
  | 'alert'
  | 'cake'
  | 'star'
  | 'user'
  | 'user-plus'
  | 'return'
  | 'wifi'
  | 'camera'
  | 'heart'
  | 'comment'
  | 'check-in'
  | 'thumbs-down'
  | 'thumbs-up'
  | 'meh'
  | 'gift'
  | 'shield'
  | 'bell';

/** Placeholders: {name} (customer), {establishment}, {score} (rating, when WiFire sent one). */
export interface Texts {
  title: string;
  body: string;
}

export interface CatalogEntry {
  category: Category;
  priority: Priority;
  icon: IconName;
  /** LGPD types never pop up: they carry a request, not a moment for the desk. */
  popup: boolean;
  texts: Record<Locale, Texts>;
}

function entry(
  category: Category,
  priority: Priority,
  icon: IconName,
  ptBR: Texts,
  en: Texts,
  popup = true,
): CatalogEntry {
  return { category, priority, icon, popup, texts: { 'pt-BR': ptBR, en } };
}

export const CATALOG = {
  'cliente-chegou': entry(
    'arrival',
    'normal',
    'user',
    { title: 'Cliente no local', body: '{name} está no local há mais de 15 minutos e ainda não se conectou ao Wi-Fi.' },
    { title: 'Customer on site', body: '{name} has been on site for over 15 minutes and has not joined the Wi-Fi.' },
  ),
  'cliente-aniversariante-chegou': entry(
    'arrival',
    'high',
    'cake',
    {
      title: 'Aniversariante no local',
      body: '{name} faz aniversário hoje e está no local há 15 minutos. Dê os parabéns!',
    },
    {
      title: 'Birthday customer on site',
      body: '{name} is celebrating a birthday today and has been here for 15 minutes. Say happy birthday!',
    },
  ),
  'cliente-primeira-visita': entry(
    'arrival',
    'normal',
    'user-plus',
    { title: 'Primeira visita', body: '{name} está visitando {establishment} pela primeira vez. Dê as boas-vindas!' },
    { title: 'First visit', body: '{name} is visiting {establishment} for the first time. Make them welcome!' },
  ),
  'cliente-voltou-apos-60-dias': entry(
    'arrival',
    'normal',
    'return',
    { title: 'Cliente voltou', body: '{name} voltou depois de mais de 60 dias sem visitar.' },
    { title: 'Customer is back', body: '{name} is back after more than 60 days away.' },
  ),
  'cliente-tirou-foto': entry(
    'engagement',
    'low',
    'camera',
    { title: 'Foto no local', body: '{name} tirou uma foto no local.' },
    { title: 'Photo on site', body: '{name} took a photo on site.' },
  ),
  'cliente-curtiu-campanha': entry(
    'engagement',
    'low',
    'heart',
    { title: 'Curtiu uma campanha', body: '{name} curtiu uma campanha.' },
    { title: 'Liked a campaign', body: '{name} liked a campaign.' },
  ),
  'cliente-curtiu-produto': entry(
    'engagement',
    'low',
    'heart',
    { title: 'Curtiu um produto', body: '{name} curtiu um produto.' },
    { title: 'Liked a product', body: '{name} liked a product.' },
  ),
  'cliente-comentou-campanha': entry(
    'engagement',
    'low',
    'comment',
    { title: 'Comentou uma campanha', body: '{name} comentou uma campanha.' },
    { title: 'Commented on a campaign', body: '{name} commented on a campaign.' },
  ),
  'cliente-comentou-produto': entry(
    'engagement',
    'low',
    'comment',
    { title: 'Comentou um produto', body: '{name} comentou um produto.' },
    { title: 'Commented on a product', body: '{name} commented on a product.' },
  ),
  'cliente-avaliou-negativamente': entry(
    'rating',
    'urgent',
    'thumbs-down',
    { title: 'Avaliação negativa', body: '{name} deu nota {score} para {establishment}. Vale conversar agora.' },
    { title: 'Negative rating', body: '{name} rated {establishment} {score}. Worth a word now.' },
  ),
  'cliente-avaliou-passivamente': entry(
    'rating',
    'normal',
    'meh',
    { title: 'Avaliação neutra', body: '{name} deu nota {score} para {establishment}.' },
    { title: 'Passive rating', body: '{name} rated {establishment} {score}.' },
  ),
  'cliente-avaliou-positivamente': entry(
    'rating',
    'normal',
    'thumbs-up',
    { title: 'Avaliação positiva', body: '{name} deu nota {score} para {establishment}.' },
    { title: 'Positive rating', body: '{name} rated {establishment} {score}.' },
  ),
  'cliente-enviou-mensagem': entry(
    'rating',
    'high',
    'comment',
    { title: 'Nova mensagem', body: '{name} enviou uma mensagem sobre a avaliação.' },
    { title: 'New message', body: '{name} sent a message about their review.' },
  ),
  'cliente-frequente-chegou': entry(
    'arrival',
    'high',
    'star',
    { title: 'Cliente frequente no local', body: '{name}, cliente frequente, está no local há 15 minutos.' },
    { title: 'Regular on site', body: '{name}, a regular, has been on site for 15 minutes.' },
  ),
  'cliente-insatisfeito-chegou': entry(
    'arrival',
    'urgent',
    'alert',
    {
      title: 'Cliente insatisfeito no local',
      body: '{name} deu nota baixa na última avaliação e está no local. Dê atenção especial!',
    },
    {
      title: 'Unhappy customer on site',
      body: '{name} was unhappy in their last review and is on site. Give them special attention!',
    },
  ),
  'cliente-fez-checkin': entry(
    'engagement',
    'normal',
    'check-in',
    { title: 'Check-in', body: '{name} fez check-in em {establishment}.' },
    { title: 'Check-in', body: '{name} checked in at {establishment}.' },
  ),
  'cliente-curtiu': entry(
    'engagement',
    'low',
    'heart',
    { title: 'Curtiu a página', body: '{name} curtiu a página de {establishment} no Facebook.' },
    { title: 'Liked the page', body: "{name} liked {establishment}'s Facebook page." },
  ),
  'cliente-conectou': entry(
    'connection',
    'normal',
    'wifi',
    { title: 'Cliente conectado', body: '{name} acabou de se conectar ao Wi-Fi.' },
    { title: 'Customer connected', body: '{name} just joined the Wi-Fi.' },
  ),
  'cliente-aniversariante-conectou': entry(
    'connection',
    'high',
    'cake',
    { title: 'Aniversariante conectado', body: '{name} faz aniversário hoje e acabou de se conectar. Dê os parabéns!' },
    {
      title: 'Birthday customer connected',
      body: '{name} is celebrating a birthday today and just joined the Wi-Fi. Say happy birthday!',
    },
  ),
  'cliente-conectou-primeira-vez': entry(
    'connection',
    'normal',
    'user-plus',
    { title: 'Primeira conexão', body: '{name} se conectou ao Wi-Fi pela primeira vez.' },
    { title: 'First connection', body: '{name} joined this Wi-Fi for the first time.' },
  ),
  'cliente-conectou-apos-60-dias': entry(
    'connection',
    'normal',
    'return',
    { title: 'Voltou e se conectou', body: '{name} se conectou depois de mais de 60 dias sem visitar.' },
    { title: 'Back and connected', body: '{name} joined the Wi-Fi after more than 60 days away.' },
  ),
  'cliente-frequente-se-conectou': entry(
    'connection',
    'high',
    'star',
    { title: 'Cliente frequente conectado', body: '{name}, cliente frequente, acabou de se conectar.' },
    { title: 'Regular connected', body: '{name}, a regular, just joined the Wi-Fi.' },
  ),
  'cliente-insatisfeito-se-conectou': entry(
    'connection',
    'urgent',
    'alert',
    {
      title: 'Cliente insatisfeito conectado',
      body: '{name} deu nota baixa na última avaliação e acabou de se conectar. Dê atenção especial!',
    },
    {
      title: 'Unhappy customer connected',
      body: '{name} was unhappy in their last review and just joined the Wi-Fi. Give them special attention!',
    },
  ),
  'cliente-sorteado': entry(
    'raffle',
    'high',
    'gift',
    { title: 'Cliente sorteado', body: '{name} ganhou o sorteio de voucher do WiFire!' },
    { title: 'Raffle winner', body: '{name} just won the WiFire voucher raffle!' },
  ),
  'cliente-atualizou-conta': entry(
    'privacy',
    'low',
    'shield',
    { title: 'Cadastro atualizado', body: 'Um cliente atualizou o cadastro; os dados guardados foram corrigidos.' },
    { title: 'Account updated', body: 'A customer updated their account; the data kept here was corrected.' },
    false,
  ),
  'cliente-removeu-conta': entry(
    'privacy',
    'low',
    'shield',
    {
      title: 'Conta removida (LGPD)',
      body: 'Um cliente removeu a conta; tudo o que estava guardado sobre a pessoa foi apagado deste computador.',
    },
    {
      title: 'Account removed (LGPD)',
      body: 'A customer deleted their account; all of their data was erased from this computer.',
    },
    false,
  ),
} as const satisfies Record<string, CatalogEntry>;

export type KnownEventType = keyof typeof CATALOG;
export const EVENT_TYPES = Object.keys(CATALOG) as KnownEventType[];
export const LGPD_TYPES = [
  'cliente-atualizou-conta',
  'cliente-removeu-conta',
] as const satisfies readonly KnownEventType[];
export type LgpdEventType = (typeof LGPD_TYPES)[number];

/** Shown for a type WiFire added after this catalog was written; the body is WiFire's own message. */
export const GENERIC_ENTRY: CatalogEntry = entry(
  'engagement',
  'normal',
  'bell',
  { title: 'Evento do WiFire', body: '{message}' },
  { title: 'WiFire event', body: '{message}' },
);

export const CATEGORY_LABELS: Record<Category, Record<Locale, string>> = {
  arrival: { 'pt-BR': 'Chegadas', en: 'Arrivals' },
  connection: { 'pt-BR': 'Conexões', en: 'Connections' },
  rating: { 'pt-BR': 'Avaliações', en: 'Ratings' },
  engagement: { 'pt-BR': 'Interações', en: 'Engagement' },
  raffle: { 'pt-BR': 'Sorteios', en: 'Raffles' },
  privacy: { 'pt-BR': 'Privacidade (LGPD)', en: 'Privacy (LGPD)' },
};

const UNKNOWN_NAME: Record<Locale, string> = { 'pt-BR': 'Um cliente', en: 'A customer' };
const UNKNOWN_SCORE: Record<Locale, string> = { 'pt-BR': 'baixa', en: 'low' };
const SCORE_BY_TYPE: Partial<Record<KnownEventType, Record<Locale, string>>> = {
  'cliente-avaliou-negativamente': { 'pt-BR': 'de 0 a 6', en: '0 to 6' },
  'cliente-avaliou-passivamente': { 'pt-BR': '7 ou 8', en: '7 or 8' },
  'cliente-avaliou-positivamente': { 'pt-BR': '9 ou 10', en: '9 or 10' },
};

/** WiFire prints some types with stray spaces (" cliente-sorteado"). */
export function normalizeType(raw: string): string {
  return raw.trim();
}

export function isKnownType(type: string): type is KnownEventType {
  return Object.hasOwn(CATALOG, type);
}

export function isLgpdType(type: string): type is LgpdEventType {
  return (LGPD_TYPES as readonly string[]).includes(type);
}

export function catalogEntry(type: string): CatalogEntry {
  return isKnownType(type) ? CATALOG[type] : GENERIC_ENTRY;
}

export interface TextValues {
  name: string | null;
  establishment: string | null;
  score: number | null;
  message: string | null;
}

/** The title and body a person reads for one event, in one language. */
export function renderTexts(type: string, values: TextValues, locale: Locale): Texts {
  const known = isKnownType(type);
  const template = catalogEntry(type).texts[locale];
  const score =
    values.score !== null
      ? String(values.score)
      : ((known ? SCORE_BY_TYPE[type]?.[locale] : undefined) ?? UNKNOWN_SCORE[locale]);
  const fill = (text: string): string =>
    text.replace(/\{(name|establishment|score|message)\}/g, (_, key: string) => {
      switch (key) {
        case 'name':
          return values.name ?? UNKNOWN_NAME[locale];
        case 'establishment':
          return values.establishment ?? (locale === 'pt-BR' ? 'o estabelecimento' : 'the venue');
        case 'score':
          return score;
        default:
          return values.message ?? type;
      }
    });
  return { title: fill(template.title), body: fill(template.body) };
}
