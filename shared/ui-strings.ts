// Every text the renderer shows, in pt-BR (the default) and English; the type keeps both locales key for key.
import type { Locale } from './catalog.js';

/** 10000 → "10.000" (pt-BR) or "10,000" (en), without waking ICU's number formatting on the first render. */
export function groupDigits(n: number, locale: string): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'pt-BR' ? '.' : ',');
}

function count(n: number, locale: Locale, one: string, many: string): string {
  return `${groupDigits(n, locale)} ${n === 1 ? one : many}`;
}

const ptBR = {
  appName: 'WiFire Desk',
  navLabel: 'Navegação principal',
  navFeed: 'Feed',
  navSettings: 'Configurações',

  connectionPending: 'Conectando ao serviço…',
  connectionOk: 'Recebendo eventos',
  connectionStarting: 'Iniciando o túnel…',
  connectionUnstable: (reason: string | null) => (reason ? `Túnel instável: ${reason}` : 'Túnel instável'),
  connectionTunnelFailed: (reason: string | null) => (reason ? `Túnel fora do ar: ${reason}` : 'Túnel fora do ar'),
  connectionDown: 'Sem conexão com o serviço',
  publicAddress: (url: string) => `Endereço público: ${url}`,

  unreadLabel: 'não lidas',
  unreadAria: (n: number) => count(n, 'pt-BR', 'evento não lido', 'eventos não lidos'),
  documentTitle: (n: number) => (n > 0 ? `(${n}) WiFire Desk` : 'WiFire Desk'),
  snoozeOneHour: 'Não perturbe por 1 h',
  snoozeHelp: 'Pausa as notificações por uma hora; os eventos continuam sendo guardados e listados.',
  snoozedUntil: (time: string) => `Notificações pausadas até ${time}`,
  snoozeResume: 'Retomar',

  markAllRead: 'Marcar todas como lidas',
  openPanel: 'Abrir painel',
  trayEmpty: 'Nenhum evento ainda. Quando o WiFire enviar algo, aparece aqui.',

  filtersLabel: 'Filtros',
  filterCategories: 'Categorias',
  filterType: 'Tipo',
  allTypes: 'Todos os tipos',
  filterEstablishment: 'Estabelecimento',
  allEstablishments: 'Todos os estabelecimentos',
  filterFrom: 'De',
  filterTo: 'Até',
  searchLabel: 'Buscar cliente',
  searchPlaceholder: 'Nome do cliente',
  unreadOnly: 'Só não lidas',
  clearFilters: 'Limpar filtros',
  eventCount: (n: number) => count(n, 'pt-BR', 'evento', 'eventos'),
  feedEmpty: 'Nenhum evento por aqui ainda. Quando o WiFire enviar algo, aparece aqui.',
  feedEmptyFiltered: 'Nenhum evento com esses filtros.',
  loading: 'Carregando…',
  unread: 'Não lida',

  priorityUrgent: 'Urgente',
  priorityHigh: 'Prioridade alta',
  priorityNormal: 'Normal',
  priorityLow: 'Prioridade baixa',

  back: 'Voltar',
  customerNotFound: 'Cliente não encontrado (pode ter removido a conta)',
  customerRemoved: 'Este cliente removeu a conta; os dados dele foram apagados.',
  unnamedCustomer: 'Cliente sem nome',
  birthdayToday: 'Aniversário hoje',
  birthday: 'Aniversário',
  firstVisit: 'Primeira visita',
  lastVisit: 'Última visita',
  visits: 'Visitas',
  visitCount: (n: number) => count(n, 'pt-BR', 'visita', 'visitas'),
  lastRating: 'Última avaliação',
  ratingScore: (score: number) => `Nota ${score}`,
  noRating: 'Nenhuma avaliação',
  bandDetractor: 'Detrator',
  bandPassive: 'Neutro',
  bandPromoter: 'Promotor',
  contact: 'Contato',
  email: 'E-mail',
  phone: 'Telefone',
  cpf: 'CPF',
  rg: 'RG',
  history: 'Histórico',
  historyEmpty: 'Nenhum evento guardado deste cliente.',

  settingsTitle: 'Configurações',
  settingsAutoSave: 'Cada alteração é salva na hora.',
  muteTypesTitle: 'Não mostrar notificação para',
  muteTypesHelp:
    'Marque o que não deve abrir notificação no balcão. Os eventos marcados continuam guardados e aparecem no feed.',
  lgpdNeverPopup: 'nunca geram notificação',
  muteEstablishmentsTitle: 'Não mostrar notificação destes estabelecimentos',
  muteEstablishmentsHelp: 'Os eventos deles continuam guardados e aparecem no feed.',
  languageTitle: 'Idioma e fuso horário',
  language: 'Idioma',
  languagePtBR: 'Português (Brasil)',
  languageEn: 'English',
  timeZone: 'Fuso horário',
  timeZoneHelp: 'Usado para mostrar os horários e para ler a hora dos eventos que o WiFire envia.',
  webhookTitle: 'Endereço do webhook',
  webhookHelp:
    'Cole este endereço no WiFire, em Configurações > Integrações, nos campos Insights e LGPD (pelo endereço público do seu túnel).',
  webhookUrl: 'URL do webhook',
  publicUrl: 'URL pública (pelo túnel)',
  copy: 'Copiar',
  copied: 'Copiado!',
  copyFailed: 'Não foi possível copiar; selecione o endereço e copie à mão.',
  regenerateSecret: 'Gerar novo segredo',
  regenerateConfirm:
    'Gerar um novo segredo muda a URL do webhook: a URL atual deixa de funcionar na hora.\n\nDepois, cole a nova URL no WiFire, em Configurações > Integrações.\n\nContinuar?',
  regenerated: 'Novo segredo gerado. Cole a nova URL no WiFire, em Configurações > Integrações.',
  secretFromEnvironment:
    'O segredo vem da variável de ambiente WIFIRE_DESK_TOKEN; para trocá-lo, altere a variável e reinicie o WiFire Desk.',
  privacyTitle: 'Privacidade (LGPD)',
  retentionDays: 'Guardar eventos por (dias)',
  retentionHelp:
    'Eventos mais antigos que isso são apagados automaticamente, junto com os clientes que não têm nenhum evento mais recente.',
  retentionInvalid: 'Use um número inteiro de 1 a 3650.',
  keepCpfRg: 'Guardar CPF e RG',
  keepCpfRgHelp:
    'CPF e RG não são necessários para receber bem um cliente; por isso são descartados, a não ser que esta opção esteja marcada.',
  notificationsTitle: 'Notificações',
  testNotification: 'Testar notificação',
  testSending: 'Enviando…',
  testSent: (backend: string) =>
    `Notificação enviada por ${backend}. Se não apareceu, confira se as notificações do sistema estão ativadas para o WiFire Desk e se o modo “não perturbe” do sistema está desligado.`,
  testFailed: (backend: string, code: string) => `A notificação não pôde ser mostrada (${backend}: ${code}).`,
  configFile: 'Arquivo de configuração',

  dismiss: 'Fechar',
  errorGeneric: 'Algo deu errado. Tente de novo.',
  bridgeUnavailable: 'Sem conexão com o WiFire Desk. Verifique se o serviço está rodando.',
  bridgeForbidden: 'Acesso ao painel negado. Abra de novo o endereço do painel.',
  bridgeBadAnswer: 'O serviço respondeu algo inesperado. Tente de novo.',
  bridgeMissing: 'A ligação com o WiFire Desk não carregou. Abra esta página pelo endereço do painel.',
} as const;

/** The shape of one locale's strings: the same keys as pt-BR, texts widened to string, functions kept as they are. */
export type UiStrings = {
  [K in keyof typeof ptBR]: (typeof ptBR)[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

const en: UiStrings = {
  appName: 'WiFire Desk',
  navLabel: 'Main navigation',
  navFeed: 'Feed',
  navSettings: 'Settings',

  connectionPending: 'Connecting to the service…',
  connectionOk: 'Receiving events',
  connectionStarting: 'Starting the tunnel…',
  connectionUnstable: (reason) => (reason ? `Tunnel unstable: ${reason}` : 'Tunnel unstable'),
  connectionTunnelFailed: (reason) => (reason ? `Tunnel down: ${reason}` : 'Tunnel down'),
  connectionDown: 'No connection to the service',
  publicAddress: (url) => `Public address: ${url}`,

  unreadLabel: 'unread',
  unreadAria: (n) => count(n, 'en', 'unread event', 'unread events'),
  documentTitle: (n) => (n > 0 ? `(${n}) WiFire Desk` : 'WiFire Desk'),
  snoozeOneHour: 'Do not disturb for 1 h',
  snoozeHelp: 'Pauses pop-ups for an hour; events are still stored and listed.',
  snoozedUntil: (time) => `Notifications paused until ${time}`,
  snoozeResume: 'Resume',

  markAllRead: 'Mark all as read',
  openPanel: 'Open panel',
  trayEmpty: 'No events yet. When WiFire sends something, it shows up here.',

  filtersLabel: 'Filters',
  filterCategories: 'Categories',
  filterType: 'Type',
  allTypes: 'All types',
  filterEstablishment: 'Venue',
  allEstablishments: 'All venues',
  filterFrom: 'From',
  filterTo: 'To',
  searchLabel: 'Search customer',
  searchPlaceholder: 'Customer name',
  unreadOnly: 'Unread only',
  clearFilters: 'Clear filters',
  eventCount: (n) => count(n, 'en', 'event', 'events'),
  feedEmpty: 'No events here yet. When WiFire sends something, it shows up here.',
  feedEmptyFiltered: 'No events match these filters.',
  loading: 'Loading…',
  unread: 'Unread',

  priorityUrgent: 'Urgent',
  priorityHigh: 'High priority',
  priorityNormal: 'Normal',
  priorityLow: 'Low priority',

  back: 'Back',
  customerNotFound: 'Customer not found (they may have deleted their account)',
  customerRemoved: 'This customer deleted their account; their data was erased.',
  unnamedCustomer: 'Unnamed customer',
  birthdayToday: 'Birthday today',
  birthday: 'Birthday',
  firstVisit: 'First visit',
  lastVisit: 'Last visit',
  visits: 'Visits',
  visitCount: (n) => count(n, 'en', 'visit', 'visits'),
  lastRating: 'Last rating',
  ratingScore: (score) => `Score ${score}`,
  noRating: 'No rating yet',
  bandDetractor: 'Detractor',
  bandPassive: 'Passive',
  bandPromoter: 'Promoter',
  contact: 'Contact',
  email: 'E-mail',
  phone: 'Phone',
  cpf: 'CPF',
  rg: 'RG',
  history: 'History',
  historyEmpty: 'No events kept for this customer.',

  settingsTitle: 'Settings',
  settingsAutoSave: 'Every change is saved at once.',
  muteTypesTitle: "Don't pop up for",
  muteTypesHelp: 'Tick what should not pop up at the desk. Ticked events are still stored and listed in the feed.',
  lgpdNeverPopup: 'never pop up',
  muteEstablishmentsTitle: "Don't pop up for these venues",
  muteEstablishmentsHelp: 'Their events are still stored and listed in the feed.',
  languageTitle: 'Language and time zone',
  language: 'Language',
  languagePtBR: 'Português (Brasil)',
  languageEn: 'English',
  timeZone: 'Time zone',
  timeZoneHelp: 'Used to show times and to read the time of the events WiFire sends.',
  webhookTitle: 'Webhook address',
  webhookHelp:
    "Paste this address into WiFire, under Configurações > Integrações, in the Insights and LGPD fields (through your tunnel's public address).",
  webhookUrl: 'Webhook URL',
  publicUrl: 'Public URL (through the tunnel)',
  copy: 'Copy',
  copied: 'Copied!',
  copyFailed: 'Could not copy; select the address and copy it by hand.',
  regenerateSecret: 'Generate new secret',
  regenerateConfirm:
    'A new secret changes the webhook URL: the current URL stops working at once.\n\nThen paste the new URL into WiFire, under Configurações > Integrações.\n\nContinue?',
  regenerated: 'New secret generated. Paste the new URL into WiFire, under Configurações > Integrações.',
  secretFromEnvironment:
    'The secret comes from the WIFIRE_DESK_TOKEN environment variable; to change it, change the variable and restart WiFire Desk.',
  privacyTitle: 'Privacy (LGPD)',
  retentionDays: 'Keep events for (days)',
  retentionHelp: 'Older events are deleted automatically, together with customers that have no newer event.',
  retentionInvalid: 'Use a whole number from 1 to 3650.',
  keepCpfRg: 'Keep CPF and RG',
  keepCpfRgHelp:
    'CPF and RG (Brazilian ID numbers) are not needed to greet a customer, so they are dropped unless this is ticked.',
  notificationsTitle: 'Notifications',
  testNotification: 'Test notification',
  testSending: 'Sending…',
  testSent: (backend) =>
    `Notification sent through ${backend}. If it did not show up, check that system notifications are on for WiFire Desk and that the system's do-not-disturb mode is off.`,
  testFailed: (backend, code) => `The notification could not be shown (${backend}: ${code}).`,
  configFile: 'Configuration file',

  dismiss: 'Close',
  errorGeneric: 'Something went wrong. Please try again.',
  bridgeUnavailable: 'Cannot reach WiFire Desk. Check that the service is running.',
  bridgeForbidden: 'Access to the panel was denied. Open the panel address again.',
  bridgeBadAnswer: 'The service gave an unexpected answer. Please try again.',
  bridgeMissing: 'The link to WiFire Desk did not load. Open this page through the panel address.',
};

export const UI_STRINGS: Record<Locale, UiStrings> = { 'pt-BR': ptBR, en };

export function uiStrings(locale: Locale): UiStrings {
  return UI_STRINGS[locale];
}
