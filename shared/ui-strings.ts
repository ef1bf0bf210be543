// Every text the renderer shows, in pt-BR (the default) and English; the type keeps both locales key for key.
import { BRIDGE_STRINGS } from './bridge-strings.js';
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
  healthNotListening: 'Não está recebendo eventos',
  healthNotListeningDetail: 'Sem conexão com o serviço do WiFire Desk: confira se ele está aberto, ou reinicie-o.',
  healthStoreRestarting: 'Banco de eventos reiniciando',
  healthStoreRestartingDetail:
    'Por alguns segundos os eventos recebem "tente de novo" e o WiFire os reenvia sozinho: nada se perde. ' +
    'Se isso se repetir, reinicie o WiFire Desk.',
  healthTunnelFailed: 'Túnel fora do ar',
  healthPopUpsFailing: 'Notificações não aparecem',
  healthPopUpsFailingDetail: (hint: string) =>
    `O sistema recusou a última notificação. ${hint} Depois, use "Testar notificação" em Configurações.`,
  healthTunnelStarting: 'Iniciando o túnel…',
  healthTunnelUnstable: 'Túnel instável',
  healthNoPublicAddress: 'Sem endereço público',
  healthNoPublicAddressDetail:
    'O WiFire ainda não chega a este computador: configure o túnel em Configurações > Túnel.',
  healthPasteUrl: 'Cole o endereço no WiFire',
  healthPasteUrlDetail:
    'O túnel está no ar com um endereço que o WiFire ainda não tem: cole-o em Configurações > Integrações do WiFire.',
  healthOk: 'No ar: recebendo eventos',
  healthOkDetail: 'O WiFire chega a este computador e as notificações aparecem.',
  healthHubConnected: 'Ligado ao balcão principal',
  healthHubConnectedDetail: 'Os eventos chegam pelo balcão principal e as notificações aparecem.',
  healthHubConnecting: 'Conectando ao balcão principal…',
  healthHubDisconnected: 'Sem ligação com o balcão principal',
  healthHubDisconnectedDetail: 'Tentando de novo.',
  healthFanoutFailed: 'Outros balcões sem eventos',
  checklistTitle: 'Primeiros passos',
  checklistProgress: (done: number, total: number) => `${done} de ${total} concluídos`,
  checklistTunnel: 'Ligar o túnel',
  checklistTunnelHelp: 'O WiFire está na internet: ele precisa de um endereço público que chegue a este computador.',
  checklistTunnelAction: 'Configurar o túnel',
  checklistPaste: 'Colar o endereço no WiFire',
  checklistPasteHelp:
    'No WiFire, em Configurações > Integrações, cole o endereço nos dois campos (Insights e LGPD) e salve.',
  checklistPasteAction: 'Ver o endereço',
  checklistFirstEvent: 'Receber o primeiro evento',
  checklistFirstEventHelp:
    'Espere uma entrega do WiFire ou envie um evento de teste pelo endereço público: ele faz o caminho inteiro.',
  checklistFirstEventAction: 'Enviar evento de teste',
  checklistFirstEventSending: 'Enviando…',
  checklistFirstEventSent: 'Evento de teste recebido pelo endereço público.',
  checklistNotification: 'Ver uma notificação',
  checklistNotificationHelp: 'Confira que as notificações aparecem na tela deste computador.',
  checklistNotificationAction: 'Testar notificação',
  checklistDone: 'Feito',
  checklistHide: 'Ocultar passos',
  checklistShow: 'Mostrar passos',
  checklistAllDone: 'Tudo pronto: o WiFire chega a este computador e as notificações aparecem.',

  unreadLabel: 'não lidas',
  unreadAria: (n: number) => count(n, 'pt-BR', 'evento não lido', 'eventos não lidos'),
  documentTitle: (n: number) => (n > 0 ? `(${n}) WiFire Desk` : 'WiFire Desk'),
  snoozeOneHour: 'Não perturbe por 1 h',
  snoozeHelp: 'Pausa as notificações por uma hora; os eventos continuam sendo guardados e listados.',
  snoozedUntil: (time: string) => `Notificações pausadas até ${time}`,
  snoozeResume: 'Retomar',
  notificationsPaused: 'Notificações pausadas',

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
  customerRemoved: 'Este cliente removeu a conta; tudo o que estava guardado sobre a pessoa foi apagado.',
  unnamedCustomer: 'Cliente sem nome',
  birthdayToday: 'Aniversário hoje',
  birthday: 'Aniversário',
  firstVisit: 'Visto pela primeira vez',
  lastVisit: 'Visto por último',
  visits: 'Dias de visita',
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
  pauseNotifications: 'Pausar notificações',
  pauseNotificationsHelp:
    'Nenhuma notificação aparece até você retomar, nem as urgentes; os eventos continuam no feed. Também no menu da bandeja.',
  startAtLogin: 'Abrir o WiFire Desk ao ligar o computador',
  startAtLoginHelp: 'Abre minimizado na bandeja quando este usuário entra no sistema, para não perder nenhum evento.',
  attentionTitle: 'Quando avisar',
  attentionHelp:
    'Regras para as notificações deste balcão. Seja qual for a regra, todo evento continua guardado e aparece no feed.',
  quietHoursTitle: 'Horário de silêncio',
  quietHoursHelp:
    'Nesses horários não aparece notificação, a não ser as urgentes (cliente insatisfeito chegando, avaliação ruim). Os eventos continuam guardados e no feed, e quando o horário termina aparece um resumo só, como “12 eventos enquanto você esteve fora”. Se o fim é antes do início, o período passa da meia-noite: 23:00 → 09:00 na sexta vale até as 09:00 de sábado.',
  quietHoursEmpty: 'Nenhum horário de silêncio: as notificações aparecem a qualquer hora.',
  quietHoursAdd: 'Adicionar horário de silêncio',
  quietPeriodLabel: (n: number) => `Horário de silêncio ${n}`,
  quietPeriodRemove: 'Remover',
  quietPeriodRemoveLabel: (n: number) => `Remover o horário de silêncio ${n}`,
  quietDays: 'Dias',
  quietFrom: 'Das',
  quietTo: 'Até',
  quietOvernight: (time: string) => `Passa da meia-noite: termina às ${time} do dia seguinte.`,
  quietAllDay: 'Início e fim iguais: dura 24 horas, até a mesma hora do dia seguinte.',
  quietTimeInvalid: 'Horário inválido: use horas e minutos, como 22:00. Nada foi salvo.',
  quietDaysRequired: 'Marque pelo menos um dia.',
  weekdayLetter: (day: number) => ['D', 'S', 'T', 'Q', 'Q', 'S', 'S'][day] ?? '',
  weekdayName: (day: number) => ['domingo', 'segunda', 'terça', 'quarta', 'quinta', 'sexta', 'sábado'][day] ?? '',
  urgentRepeatTitle: 'Repetir as urgentes',
  urgentRepeatHelp:
    'Uma notificação urgente volta a aparecer a cada intervalo até alguém abri-la no feed, marcá-la como lida ou clicar nela, no máximo o número de vezes escolhido. 0 minutos desliga a repetição.',
  urgentRepeatInterval: 'Repetir a cada (minutos)',
  urgentRepeatMax: 'Repetir no máximo (vezes)',
  staleArrivalTitle: 'Chegadas antigas',
  staleArrivalHelp:
    'Uma chegada ou conexão que o WiFire registrou há mais tempo que isso (por exemplo, entregue com atraso) não gera notificação: o cliente pode já ter ido embora. Ela continua guardada e no feed.',
  staleArrivalMinutes: 'Não avisar chegadas com mais de (minutos)',
  burstTitle: 'Muitas de uma vez',
  burstHelp:
    'Além do limite dentro do intervalo, as demais viram um resumo só, como “5 clientes chegaram: Ana, Bruno e mais 3”. As urgentes e as de prioridade alta sempre aparecem sozinhas.',
  burstLimit: 'Uma a uma, no máximo',
  burstWindow: 'Dentro de (segundos)',
  numberInvalid: (min: number, max: number) => `Use um número inteiro de ${min} a ${max}.`,
  followTitle: 'Estabelecimentos que este balcão segue',
  followHelp:
    'Para quem tem vários locais na mesma conta do WiFire: marque os locais de que este balcão cuida. Os eventos dos outros continuam guardados e no feed, só não geram notificação aqui. É diferente de “Não mostrar notificação destes estabelecimentos”, que silencia locais escolhidos: “seguir” escolhe para quais locais este balcão existe.',
  followAll: 'Nenhum marcado: avisa de todos os estabelecimentos.',
  followSome: (n: number) => `Avisa só dos marcados (${count(n, 'pt-BR', 'estabelecimento', 'estabelecimentos')}).`,
  followNoneKnown:
    'Nenhum estabelecimento conhecido ainda: cada um aparece aqui depois do primeiro evento dele. Enquanto isso, avisa de todos.',
  testSending: 'Enviando…',
  testSent: (backend: string) =>
    `Notificação enviada por ${backend}. Se não apareceu, confira se as notificações do sistema estão ativadas para o WiFire Desk e se o modo “não perturbe” do sistema está desligado.`,
  testFailed: (backend: string, code: string) => `A notificação não pôde ser mostrada (${backend}: ${code}).`,
  configFile: 'Arquivo de configuração',

  // Settings sections and their menu, "Avisar sobre" and the webhook address (issue 14).
  settingsMenuLabel: 'Seções das configurações',
  settingsMenuEstablishments: 'Estabelecimentos silenciados',
  alertTypesTitle: 'Avisar sobre',
  alertTypesHelp:
    'Marque o que deve abrir notificação no balcão. Marcado ou não, todo evento continua guardado e aparece no feed.',
  alertPresetsTitle: 'Escolha rápida',
  alertPresetsHelp: 'Marca os tipos abaixo de uma vez; depois dá para ajustar tipo a tipo.',
  alertPresetAll: 'Tudo',
  alertPresetKey: 'Só aniversários, frequentes e urgentes',
  alertPresetUrgent: 'Só urgentes',
  alertPresetCustom: 'Personalizado',
  alertPresetInUse: (name: string) => `Em uso: ${name}`,
  alertUrgentList: (titles: string) => `Urgentes: ${titles}.`,
  alertUrgentTag: 'urgente',
  alertUrgentMuted: (titles: string, n: number) =>
    n === 1
      ? `Atenção: ${titles} é urgente e não vai abrir notificação (continua no feed).`
      : `Atenção: ${titles} são urgentes e não vão abrir notificação (continuam no feed).`,
  webhookLocalLabel: 'Endereço local, só para testes neste computador — o WiFire não alcança este endereço',
  webhookPublicLabel: 'Endereço público — este é o que vai no WiFire',
  webhookPasteHelp: 'Cole este endereço no WiFire, em Configurações > Integrações, nos dois campos (Insights e LGPD).',
  webhookNoPublicHelp:
    'O WiFire só chega a este computador por um endereço público. Ele aparece aqui assim que o túnel estiver no ar.',
  webhookTunnelLink: 'Configurar o túnel',

  tunnelTitle: 'Túnel',
  tunnelSubtitle: 'Como o WiFire chega a este computador',
  tunnelPreset: 'Tipo de túnel',
  tunnelPresetNone: 'Nenhum — já tenho um endereço público',
  tunnelPresetCloudflared: 'Cloudflare Tunnel (cloudflared)',
  tunnelPresetNgrok: 'ngrok',
  tunnelPresetSsh: 'SSH',
  tunnelPresetCustom: 'Outro programa',
  tunnelMode: 'Modo',
  tunnelCloudflaredQuick: 'Rápido (endereço novo a cada início)',
  tunnelCloudflaredNamed: 'Nomeado (endereço fixo)',
  tunnelToken: 'Token do túnel',
  tunnelHostname: 'Nome público (hostname)',
  tunnelNamedHelp: (port: number) =>
    `No painel Zero Trust da Cloudflare (Networks > Tunnels > o túnel > Public Hostname), aponte este nome para http://localhost:${port}.`,
  tunnelAuthtoken: 'Authtoken (opcional)',
  tunnelAuthtokenHelp: 'Sem ele, o ngrok usa o que foi salvo com “ngrok config add-authtoken”.',
  tunnelDomain: 'Domínio reservado (opcional)',
  tunnelSshServer: 'Meu servidor',
  tunnelSshService: 'Serviço público',
  tunnelSshServiceName: 'Serviço',
  tunnelHost: 'Servidor',
  tunnelPort: 'Porta SSH',
  tunnelUser: 'Usuário',
  tunnelKeyFile: 'Arquivo da chave',
  tunnelRemotePort: 'Porta no servidor (0 = automática)',
  tunnelPublicBase: 'Endereço público (opcional)',
  tunnelPublicBaseHelp:
    'Um proxy reverso no servidor que leva a essa porta. Sem ele, o endereço é http://servidor:porta (precisa de “GatewayPorts yes” no sshd_config).',
  tunnelCommand: 'Programa',
  tunnelArgs: 'Argumentos (um por linha; {port} = porta local)',
  tunnelUrlPattern: 'Padrão da URL (expressão regular)',
  tunnelFixedUrl: 'URL pública fixa (opcional)',
  tunnelPublicUrl: 'Endereço público',
  tunnelPublicUrlHelp:
    'O endereço que já leva a este computador (redirecionamento de porta ou proxy reverso); o WiFire Desk só o verifica.',
  tunnelBinaryPath: 'Caminho do programa (opcional)',
  tunnelTokenSaved: 'salvo — deixe em branco para manter',
  tunnelSave: 'Salvar túnel',
  tunnelSaving: 'Salvando…',
  tunnelSaved: 'Túnel salvo.',
  tunnelRestart: 'Reiniciar túnel',
  tunnelRestarting: 'Reiniciando…',
  tunnelStateLabel: 'Situação',
  tunnelStateOff:
    'Sem túnel: o WiFire ainda não chega a este computador. Escolha um túnel abaixo, ou informe o endereço público que você já tem.',
  tunnelStateOnline: 'No ar: o WiFire chega a este computador.',
  tunnelStateRestarting: (reason: string | null) =>
    reason ? `O túnel caiu e está sendo reiniciado: ${reason}` : 'O túnel caiu e está sendo reiniciado.',
  tunnelLastReachable: (time: string) => `Alcançado pelo endereço público às ${time}.`,
  tunnelWebhookUrl: 'URL do webhook pelo túnel',

  publicUrlBannerTitle: 'Cole o novo endereço no WiFire',
  publicUrlStep1: '1. No WiFire, abra Configurações > Integrações.',
  publicUrlStep2: '2. Cole este endereço nos dois campos (Insights e LGPD).',
  publicUrlStep3: '3. Clique em Salvar.',
  publicUrlConfirm: 'Já colei no WiFire',
  publicUrlConfirming: 'Confirmando…',
  publicUrlChangedTitle: 'Endereço do WiFire Desk mudou',
  publicUrlChangedBody: 'Cole o novo endereço no WiFire: Configurações > Integrações.',

  dismiss: 'Fechar',
  errorGeneric: 'Algo deu errado. Tente de novo.',
  ...BRIDGE_STRINGS['pt-BR'],
  bridgeMissing: 'A ligação com o WiFire Desk não carregou. Abra esta página pelo endereço do painel.',

  // The delivery log (#/deliveries).
  navDeliveries: 'Entregas',
  deliveriesLink: 'Ver entregas recebidas',
  deliveriesTitle: 'Entregas recebidas',
  deliveriesHelp:
    'As últimas 500 entregas feitas a este WiFire Desk com o segredo certo: hora, tipo, resposta e tamanho. O conteúdo aparece com os dados pessoais ocultos e só é guardado para eventos válidos.',
  deliveriesEmpty: 'Nenhuma entrega recebida ainda. Quando o WiFire enviar algo, aparece aqui.',
  deliveriesRefresh: 'Atualizar',
  deliveriesMore: 'Carregar mais',
  deliveryTime: 'Hora',
  deliveryType: 'Tipo',
  deliveryStatus: 'Resposta',
  deliverySize: 'Tamanho',
  deliveryUnreadableType: 'sem tipo legível',
  deliveryDuplicate: 'duplicada',
  deliveryReplayed: 'reenvio',
  deliveryStatusText: (status: number) =>
    status === 200
      ? 'aceita'
      : status === 400
        ? 'conteúdo inválido'
        : status === 413
          ? 'grande demais'
          : status === 415
            ? 'não é JSON'
            : status === 429
              ? 'entregas demais'
              : status === 503
                ? 'banco indisponível'
                : `código ${status}`,
  deliveryPayload: 'Conteúdo (dados pessoais ocultos)',
  deliveryNoPayload:
    'O conteúdo desta entrega não foi guardado: só o de eventos válidos é guardado, e é apagado quando o cliente atualiza ou remove a conta.',
  deliveryGone: 'Esta entrega não está mais guardada.',
  deliveryClose: 'Fechar',
  replay: 'Reenviar',
  replayHelp: 'Envia este conteúdo de novo pelo mesmo caminho de uma entrega; dentro de 24 h conta como duplicada.',
  replaying: 'Reenviando…',
  replayStored: 'Reenviado: guardado como novo evento',
  replayDuplicate: 'Reenviado: já recebido antes (duplicado)',
  replayRefused: (status: number) => `Reenviado, mas não foi aceito (resposta ${status}).`,

  // Event rows (tray, feed, card history) and the feed's heading.
  feedHeading: 'Feed de eventos',
  rowMarkRead: 'Marcar como lida',
  rowMarkReadLabel: (who: string) => `Marcar como lida: ${who}`,
  rowSilencedMuted: 'silenciado',
  rowSilencedMutedHelp:
    'Não gerou notificação: este tipo de evento ou este estabelecimento está silenciado nas Configurações deste balcão.',
  rowSilencedQuiet: 'em horário de silêncio',
  rowSilencedQuietHelp: 'Não gerou notificação: chegou durante um horário de silêncio.',

  // Settings' "Outros balcões" (fan-out): the hub's join code and desks, or this desk's link to the hub.
  otherDesksTitle: 'Outros balcões',
  otherDesksOff:
    'Desligado: só este computador recebe os avisos do WiFire. Para que outros computadores do local (recepção, bar, gerência) também recebam, escolha acima “o balcão principal” (no serviço sem interface, também --fanout hub).',
  otherDesksDocs: 'Passo a passo, na pasta do WiFire Desk:',
  otherDesksDocsPath: 'docs/pt-BR/other-desks.md',
  otherDesksHubRole:
    'Este computador é o balcão principal: recebe os eventos do WiFire e os repassa aos outros balcões. Os dados dos clientes ficam só aqui.',
  otherDesksHubStarting: 'Iniciando o nats-server…',
  otherDesksHubReady: 'No ar: outros balcões podem se ligar a este.',
  otherDesksHubFailed: (reason: string | null) =>
    reason ? `Outros balcões sem eventos: ${reason}` : 'Outros balcões sem eventos.',
  joinCodeLabel: 'Código de conexão',
  joinCodeHelp: 'Guarde-o como uma senha: quem tiver este código pode ligar um balcão a este.',
  joinCodeHowTo:
    'No outro computador, em Configurações > Outros balcões, escolha “outro balcão” e cole este código. No serviço sem interface, rode:',
  joinCodeCommand: 'npm run headless -- --join <código>',
  joinCodeHowToExisting:
    'Este balcão usa o NATS da rede: no outro computador, rode o serviço sem interface com o código e o arquivo de credenciais que quem administra o NATS deu a ele:',
  joinCodeCommandExisting: 'npm run headless -- --join <código> --nats-creds <arquivo>',
  joinCodePending: 'O código aparece aqui assim que o nats-server estiver no ar.',
  renewJoinCode: 'Gerar novo código',
  renewJoinCodeConfirm:
    'Gerar um novo código: o código atual deixa de ligar novos balcões na hora. Os balcões já ligados continuam.\n\nContinuar?',
  renewingJoinCode: 'Gerando…',
  renewedJoinCode: 'Novo código gerado. O anterior não liga mais nenhum balcão.',
  desksTitle: 'Balcões que se ligaram a este',
  desksEmpty: 'Nenhum outro balcão se ligou ainda.',
  deskName: (id: string) => `Balcão ${id}`,
  deskSince: (time: string) => `desde ${time}`,
  deskLastSeen: (time: string) => `visto por último ${time}`,
  deskNotSeen: 'não visto desde que este computador ligou',
  deskRevoked: (time: string) => `revogado em ${time}`,
  revokeDesk: 'Revogar',
  revokeDeskLabel: (name: string) => `Revogar ${name}`,
  revokeDeskConfirm: (name: string) =>
    `Revogar ${name}? Ele deixa de receber eventos na hora e não pode se ligar de novo com um código.\n\nContinuar?`,
  revokedDesk: (name: string) => `${name} revogado: não recebe mais eventos.`,
  otherDesksSatelliteRole: 'Este computador é outro balcão, ligado ao balcão principal.',
  otherDesksSelf: (name: string) => `Na lista do balcão principal, este computador aparece como “${name}”.`,
  otherDesksSatelliteHelp:
    'Os eventos e os dados dos clientes vêm do balcão principal e não ficam gravados aqui. As regras de aviso (o que avisar, horário de silêncio, idioma) são só deste computador.',
  otherDesksLinkLabel: 'Ligação',
  otherDesksConnected: 'Ligado ao balcão principal.',
  otherDesksPlaces: (connected: number, total: number) =>
    `Acompanhando ${total} locais: ${connected} ${connected === 1 ? 'ligado' : 'ligados'}.`,
  otherDesksConnecting: 'Conectando ao balcão principal…',
  otherDesksDisconnected: (reason: string | null) =>
    reason ? `Sem ligação com o balcão principal: ${reason}` : 'Sem ligação com o balcão principal. Tentando de novo.',

  // "Este computador é…": the fan-out choice for the next start, beside what runs now.
  fanoutRoleLegend: 'Este computador é:',
  fanoutRoleOff: 'só este balcão (sem outros balcões)',
  fanoutRoleHub: 'o balcão principal (recebe o WiFire e avisa os outros)',
  fanoutRoleSatellite: 'outro balcão (conecta a um balcão principal)',
  fanoutNameOff: 'só este balcão',
  fanoutNameHub: 'o balcão principal',
  fanoutNameSatellite: 'outro balcão',
  fanoutListenLabel: 'Endereço para os outros balcões (opcional)',
  fanoutListenHelp:
    'HOST:PORTA onde o nats-server deste computador espera os outros balcões. Em branco: 0.0.0.0:4562 (todas as redes deste computador, porta 4562).',
  fanoutJoinCodeLabel: 'Código de conexão — um por linha',
  fanoutJoinCodeHelp:
    'Vários códigos: este computador acompanha várias casas de uma rede (visão geral), até 50. No balcão principal: Configurações > Outros balcões > Copiar. Guarde-os como uma senha: eles não aparecem de novo aqui.',
  fanoutJoinCodeSaved: 'Códigos salvos; cole todos de novo para trocar',
  fanoutNatsCredsLabel: 'Arquivo de credenciais do NATS (só para códigos de uma rede num NATS que já existe)',
  fanoutNatsCredsHelp:
    'Caminho completo do arquivo .creds (ou da semente NKEY) que quem administra o NATS entregou a este balcão; o WiFire Desk guarda só o caminho. Em branco sem códigos novos: o arquivo salvo continua.',
  fanoutSave: 'Salvar',
  fanoutSaving: 'Salvando…',
  fanoutSaved: 'Salvo.',
  fanoutRunningNow: (name: string) => `Agora: ${name}.`,
  fanoutAtNextStart: (name: string) => `Ao reiniciar: ${name}.`,
  fanoutRestartNeeded: 'Reinicie o WiFire Desk para aplicar.',
  fanoutRestartNow: 'Reiniciar agora',
  fanoutRestarting: 'Reiniciando…',
  fanoutRestartHeadless:
    'Este serviço não se reinicia sozinho: pare-o (Ctrl+C) e inicie-o de novo com npm run headless.',
  fanoutFromCommandLine:
    'Este serviço foi iniciado com --fanout hub ou --join: a escolha salva vale quando ele for iniciado sem essas opções.',
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
  healthNotListening: 'Not receiving events',
  healthNotListeningDetail: 'No connection to the WiFire Desk service: check that it is open, or restart it.',
  healthStoreRestarting: 'Event store restarting',
  healthStoreRestartingDetail:
    'For a few seconds events are answered "try again" and WiFire sends them again by itself: nothing is lost. ' +
    'If this keeps happening, restart WiFire Desk.',
  healthTunnelFailed: 'Tunnel down',
  healthPopUpsFailing: 'Pop-ups are not showing',
  healthPopUpsFailingDetail: (hint) =>
    `The system refused the last pop-up. ${hint} Then use "Test notification" in Settings.`,
  healthTunnelStarting: 'Starting the tunnel…',
  healthTunnelUnstable: 'Tunnel unstable',
  healthNoPublicAddress: 'No public address',
  healthNoPublicAddressDetail: 'WiFire cannot reach this computer yet: set up the tunnel in Settings > Tunnel.',
  healthPasteUrl: 'Paste the address into WiFire',
  healthPasteUrlDetail:
    'The tunnel is up with an address WiFire does not have yet: paste it in WiFire’s Configurações > Integrações.',
  healthOk: 'Up: receiving events',
  healthOkDetail: 'WiFire reaches this computer and pop-ups show.',
  healthHubConnected: 'Linked to the main desk',
  healthHubConnectedDetail: 'Events come through the main desk and pop-ups show.',
  healthHubConnecting: 'Connecting to the main desk…',
  healthHubDisconnected: 'Not linked to the main desk',
  healthHubDisconnectedDetail: 'Retrying.',
  healthFanoutFailed: 'Other desks get no events',
  checklistTitle: 'First steps',
  checklistProgress: (done, total) => `${done} of ${total} done`,
  checklistTunnel: 'Turn the tunnel on',
  checklistTunnelHelp: 'WiFire lives on the internet: it needs a public address that leads to this computer.',
  checklistTunnelAction: 'Set up the tunnel',
  checklistPaste: 'Paste the address into WiFire',
  checklistPasteHelp:
    'In WiFire, under Configurações > Integrações, paste the address into both fields (Insights and LGPD) and save.',
  checklistPasteAction: 'See the address',
  checklistFirstEvent: 'Receive the first event',
  checklistFirstEventHelp:
    'Wait for a delivery from WiFire or send a test event through the public address: it travels the whole way.',
  checklistFirstEventAction: 'Send a test event',
  checklistFirstEventSending: 'Sending…',
  checklistFirstEventSent: 'Test event received through the public address.',
  checklistNotification: 'See a pop-up',
  checklistNotificationHelp: 'Check that pop-ups show on this computer’s screen.',
  checklistNotificationAction: 'Test notification',
  checklistDone: 'Done',
  checklistHide: 'Hide steps',
  checklistShow: 'Show steps',
  checklistAllDone: 'All set: WiFire reaches this computer and pop-ups show.',

  unreadLabel: 'unread',
  unreadAria: (n) => count(n, 'en', 'unread event', 'unread events'),
  documentTitle: (n) => (n > 0 ? `(${n}) WiFire Desk` : 'WiFire Desk'),
  snoozeOneHour: 'Do not disturb for 1 h',
  snoozeHelp: 'Pauses pop-ups for an hour; events are still stored and listed.',
  snoozedUntil: (time) => `Notifications paused until ${time}`,
  snoozeResume: 'Resume',
  notificationsPaused: 'Notifications paused',

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
  firstVisit: 'First seen',
  lastVisit: 'Last seen',
  visits: 'Days on site',
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
  pauseNotifications: 'Pause notifications',
  pauseNotificationsHelp:
    'No pop-up appears until you resume, urgent ones included; events still reach the feed. Also in the tray menu.',
  startAtLogin: 'Open WiFire Desk when the computer starts',
  startAtLoginHelp: 'Opens minimised in the tray when this user logs in, so no event is missed.',
  attentionTitle: 'When to pop up',
  attentionHelp:
    "Rules for this desk's pop-ups. Whatever the rules, every event is still stored and listed in the feed.",
  quietHoursTitle: 'Quiet hours',
  quietHoursHelp:
    'No pop-ups during these hours, except urgent ones (an unhappy customer arriving, a bad rating). Events are still stored and listed, and when the period ends a single summary pops up, such as “12 events while you were away”. If the end is before the start, the period runs past midnight: 23:00 → 09:00 on Friday lasts until 09:00 on Saturday.',
  quietHoursEmpty: 'No quiet hours: pop-ups show at any time.',
  quietHoursAdd: 'Add quiet hours',
  quietPeriodLabel: (n) => `Quiet hours ${n}`,
  quietPeriodRemove: 'Remove',
  quietPeriodRemoveLabel: (n) => `Remove quiet hours ${n}`,
  quietDays: 'Days',
  quietFrom: 'From',
  quietTo: 'Until',
  quietOvernight: (time) => `Runs past midnight: ends at ${time} the next day.`,
  quietAllDay: 'Same start and end: lasts 24 hours, until the same time the next day.',
  quietTimeInvalid: 'Invalid time: use hours and minutes, such as 22:00. Nothing was saved.',
  quietDaysRequired: 'Tick at least one day.',
  weekdayLetter: (day) => ['S', 'M', 'T', 'W', 'T', 'F', 'S'][day] ?? '',
  weekdayName: (day) => ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][day] ?? '',
  urgentRepeatTitle: 'Repeat urgent ones',
  urgentRepeatHelp:
    'An urgent pop-up shows again after each interval until someone opens it in the feed, marks it read or clicks it, at most the number of times chosen. 0 minutes turns repeats off.',
  urgentRepeatInterval: 'Repeat every (minutes)',
  urgentRepeatMax: 'Repeat at most (times)',
  staleArrivalTitle: 'Late arrivals',
  staleArrivalHelp:
    'An arrival or connection WiFire recorded longer ago than this (delivered late, for instance) does not pop up: the customer may be gone already. It is still stored and listed.',
  staleArrivalMinutes: "Don't pop up arrivals older than (minutes)",
  burstTitle: 'Many at once',
  burstHelp:
    'Beyond the limit within the window, the rest become a single summary, such as “5 customers arrived: Ana, Bruno and 3 more”. Urgent and high-priority ones always pop up on their own.',
  burstLimit: 'One by one, at most',
  burstWindow: 'Within (seconds)',
  numberInvalid: (min, max) => `Use a whole number from ${min} to ${max}.`,
  followTitle: 'Venues this desk follows',
  followHelp:
    "For owners with several places on one WiFire account: tick the places this desk looks after. Events from the others are still stored and listed, they just do not pop up here. Unlike “Don't pop up for these venues”, which silences chosen places, “follow” picks the places this desk is for.",
  followAll: 'None ticked: pops up for every venue.',
  followSome: (n) => `Pops up only for the ticked ones (${count(n, 'en', 'venue', 'venues')}).`,
  followNoneKnown: 'No venue known yet: each one shows up here after its first event. Until then, every venue pops up.',
  testSending: 'Sending…',
  testSent: (backend) =>
    `Notification sent through ${backend}. If it did not show up, check that system notifications are on for WiFire Desk and that the system's do-not-disturb mode is off.`,
  testFailed: (backend, code) => `The notification could not be shown (${backend}: ${code}).`,
  configFile: 'Configuration file',

  // Settings sections and their menu, "Avisar sobre" and the webhook address (issue 14).
  settingsMenuLabel: 'Settings sections',
  settingsMenuEstablishments: 'Muted venues',
  alertTypesTitle: 'Pop up for',
  alertTypesHelp:
    'Tick what should pop up at the desk. Ticked or not, every event is still stored and listed in the feed.',
  alertPresetsTitle: 'Quick choice',
  alertPresetsHelp: 'Ticks the types below in one go; you can still adjust them one by one.',
  alertPresetAll: 'Everything',
  alertPresetKey: 'Only birthdays, regulars and urgent',
  alertPresetUrgent: 'Only urgent',
  alertPresetCustom: 'Custom',
  alertPresetInUse: (name) => `In use: ${name}`,
  alertUrgentList: (titles) => `Urgent: ${titles}.`,
  alertUrgentTag: 'urgent',
  alertUrgentMuted: (titles, n) =>
    n === 1
      ? `Heads-up: ${titles} is urgent and will not pop up (it is still listed in the feed).`
      : `Heads-up: ${titles} are urgent and will not pop up (they are still listed in the feed).`,
  webhookLocalLabel: 'Local address, for tests on this computer only — WiFire cannot reach this address',
  webhookPublicLabel: 'Public address — this is the one for WiFire',
  webhookPasteHelp:
    'Paste this address into WiFire, under Configurações > Integrações, in both fields (Insights and LGPD).',
  webhookNoPublicHelp:
    'WiFire reaches this computer only through a public address. It shows up here as soon as the tunnel is up.',
  webhookTunnelLink: 'Set up the tunnel',

  tunnelTitle: 'Tunnel',
  tunnelSubtitle: 'How WiFire reaches this computer',
  tunnelPreset: 'Tunnel type',
  tunnelPresetNone: 'None — I already have a public address',
  tunnelPresetCloudflared: 'Cloudflare Tunnel (cloudflared)',
  tunnelPresetNgrok: 'ngrok',
  tunnelPresetSsh: 'SSH',
  tunnelPresetCustom: 'Another program',
  tunnelMode: 'Mode',
  tunnelCloudflaredQuick: 'Quick (new address on every start)',
  tunnelCloudflaredNamed: 'Named (fixed address)',
  tunnelToken: 'Tunnel token',
  tunnelHostname: 'Public hostname',
  tunnelNamedHelp: (port) =>
    `In Cloudflare's Zero Trust dashboard (Networks > Tunnels > the tunnel > Public Hostname), point this hostname at http://localhost:${port}.`,
  tunnelAuthtoken: 'Authtoken (optional)',
  tunnelAuthtokenHelp: 'Without it, ngrok uses the one saved with “ngrok config add-authtoken”.',
  tunnelDomain: 'Reserved domain (optional)',
  tunnelSshServer: 'My server',
  tunnelSshService: 'Public service',
  tunnelSshServiceName: 'Service',
  tunnelHost: 'Server',
  tunnelPort: 'SSH port',
  tunnelUser: 'User',
  tunnelKeyFile: 'Key file',
  tunnelRemotePort: 'Port on the server (0 = automatic)',
  tunnelPublicBase: 'Public address (optional)',
  tunnelPublicBaseHelp:
    'A reverse proxy on the server that leads to that port. Without one, the address is http://server:port (needs “GatewayPorts yes” in sshd_config).',
  tunnelCommand: 'Program',
  tunnelArgs: 'Arguments (one per line; {port} = local port)',
  tunnelUrlPattern: 'URL pattern (regular expression)',
  tunnelFixedUrl: 'Fixed public URL (optional)',
  tunnelPublicUrl: 'Public address',
  tunnelPublicUrlHelp:
    'The address that already leads to this computer (port forward or reverse proxy); WiFire Desk only checks it.',
  tunnelBinaryPath: 'Program path (optional)',
  tunnelTokenSaved: 'saved — leave blank to keep',
  tunnelSave: 'Save tunnel',
  tunnelSaving: 'Saving…',
  tunnelSaved: 'Tunnel saved.',
  tunnelRestart: 'Restart tunnel',
  tunnelRestarting: 'Restarting…',
  tunnelStateLabel: 'Status',
  tunnelStateOff:
    'No tunnel: WiFire cannot reach this computer yet. Pick a tunnel below, or give the public address you already have.',
  tunnelStateOnline: 'Up: WiFire can reach this computer.',
  tunnelStateRestarting: (reason) =>
    reason ? `The tunnel dropped and is being restarted: ${reason}` : 'The tunnel dropped and is being restarted.',
  tunnelLastReachable: (time) => `Reached through the public address at ${time}.`,
  tunnelWebhookUrl: 'Webhook URL through the tunnel',

  publicUrlBannerTitle: 'Paste the new address into WiFire',
  publicUrlStep1: '1. In WiFire, open Configurações > Integrações.',
  publicUrlStep2: '2. Paste this address into both fields (Insights and LGPD).',
  publicUrlStep3: '3. Click Salvar.',
  publicUrlConfirm: 'I pasted it into WiFire',
  publicUrlConfirming: 'Confirming…',
  publicUrlChangedTitle: "WiFire Desk's address changed",
  publicUrlChangedBody: 'Paste the new address into WiFire: Configurações > Integrações.',

  dismiss: 'Close',
  errorGeneric: 'Something went wrong. Please try again.',
  ...BRIDGE_STRINGS.en,
  bridgeMissing: 'The link to WiFire Desk did not load. Open this page through the panel address.',

  // The delivery log (#/deliveries).
  navDeliveries: 'Deliveries',
  deliveriesLink: 'See received deliveries',
  deliveriesTitle: 'Received deliveries',
  deliveriesHelp:
    'The last 500 deliveries made to this WiFire Desk with the right secret: time, type, answer and size. The content shows with personal data hidden and is kept for valid events only.',
  deliveriesEmpty: 'No deliveries yet. When WiFire sends something, it shows up here.',
  deliveriesRefresh: 'Refresh',
  deliveriesMore: 'Load more',
  deliveryTime: 'Time',
  deliveryType: 'Type',
  deliveryStatus: 'Answer',
  deliverySize: 'Size',
  deliveryUnreadableType: 'no readable type',
  deliveryDuplicate: 'duplicate',
  deliveryReplayed: 'resent',
  deliveryStatusText: (status) =>
    status === 200
      ? 'accepted'
      : status === 400
        ? 'invalid content'
        : status === 413
          ? 'too large'
          : status === 415
            ? 'not JSON'
            : status === 429
              ? 'too many deliveries'
              : status === 503
                ? 'database unavailable'
                : `code ${status}`,
  deliveryPayload: 'Content (personal data hidden)',
  deliveryNoPayload:
    "This delivery's content was not kept: only valid events' content is, and it is erased when the customer updates or deletes their account.",
  deliveryGone: 'This delivery is no longer kept.',
  deliveryClose: 'Close',
  replay: 'Resend',
  replayHelp: 'Sends this content again the way a delivery comes in; within 24 h it counts as a duplicate.',
  replaying: 'Resending…',
  replayStored: 'Resent: stored as a new event',
  replayDuplicate: 'Resent: already received before (duplicate)',
  replayRefused: (status) => `Resent, but not accepted (answer ${status}).`,

  feedHeading: 'Event feed',
  rowMarkRead: 'Mark as read',
  rowMarkReadLabel: (who) => `Mark as read: ${who}`,
  rowSilencedMuted: 'muted',
  rowSilencedMutedHelp: 'No pop-up: this event type or this place is muted in this desk’s Settings.',
  rowSilencedQuiet: 'in quiet hours',
  rowSilencedQuietHelp: 'No pop-up: it arrived during quiet hours.',

  otherDesksTitle: 'Other desks',
  otherDesksOff:
    'Off: only this computer gets the WiFire pop-ups. For other computers in the place (front desk, bar, office) to get them too, choose “the main desk” above (in the headless service, --fanout hub also does).',
  otherDesksDocs: 'Step by step, in the WiFire Desk folder:',
  otherDesksDocsPath: 'docs/en/other-desks.md',
  otherDesksHubRole:
    'This computer is the main desk: it receives WiFire’s events and passes them on to the other desks. Customer data stays here only.',
  otherDesksHubStarting: 'Starting nats-server…',
  otherDesksHubReady: 'Up: other desks can link to this one.',
  otherDesksHubFailed: (reason) => (reason ? `Other desks get no events: ${reason}` : 'Other desks get no events.'),
  joinCodeLabel: 'Join code',
  joinCodeHelp: 'Keep it like a password: whoever has this code can link a desk to this one.',
  joinCodeHowTo:
    'On the other computer, in Settings > Other desks, choose “another desk” and paste this code. In the headless service, run:',
  joinCodeCommand: 'npm run headless -- --join <code>',
  joinCodeHowToExisting:
    "This desk uses the chain's NATS: on the other computer, run the headless service with the code and the credentials file its NATS administrator gave it:",
  joinCodeCommandExisting: 'npm run headless -- --join <code> --nats-creds <file>',
  joinCodePending: 'The code shows here as soon as nats-server is up.',
  renewJoinCode: 'Generate new code',
  renewJoinCodeConfirm:
    'Make a new code: the current code stops linking new desks at once. Desks already linked stay.\n\nContinue?',
  renewingJoinCode: 'Making…',
  renewedJoinCode: 'New code made. The old one no longer links any desk.',
  desksTitle: 'Desks linked to this one',
  desksEmpty: 'No other desk has linked yet.',
  deskName: (id) => `Desk ${id}`,
  deskSince: (time) => `since ${time}`,
  deskLastSeen: (time) => `last seen ${time}`,
  deskNotSeen: 'not seen since this computer started',
  deskRevoked: (time) => `revoked ${time}`,
  revokeDesk: 'Revoke',
  revokeDeskLabel: (name) => `Revoke ${name}`,
  revokeDeskConfirm: (name) =>
    `Revoke ${name}? It stops getting events at once and cannot link again with a code.\n\nContinue?`,
  revokedDesk: (name) => `${name} revoked: it gets no more events.`,
  otherDesksSatelliteRole: 'This computer is another desk, linked to the main desk.',
  otherDesksSelf: (name: string) => `In the main desk's list, this computer shows as “${name}”.`,
  otherDesksSatelliteHelp:
    'Events and customer data come from the main desk and are not stored here. The pop-up rules (what to show, quiet hours, language) belong to this computer only.',
  otherDesksLinkLabel: 'Link',
  otherDesksConnected: 'Linked to the main desk.',
  otherDesksPlaces: (connected, total) => `Following ${total} places: ${connected} linked.`,
  otherDesksConnecting: 'Connecting to the main desk…',
  otherDesksDisconnected: (reason) =>
    reason ? `Not linked to the main desk: ${reason}` : 'Not linked to the main desk. Retrying.',

  fanoutRoleLegend: 'This computer is:',
  fanoutRoleOff: 'just this desk (no other desks)',
  fanoutRoleHub: 'the main desk (receives WiFire and tells the others)',
  fanoutRoleSatellite: 'another desk (connects to a main desk)',
  fanoutNameOff: 'just this desk',
  fanoutNameHub: 'the main desk',
  fanoutNameSatellite: 'another desk',
  fanoutListenLabel: 'Address for the other desks (optional)',
  fanoutListenHelp:
    'HOST:PORT where this computer’s nats-server waits for the other desks. Blank: 0.0.0.0:4562 (every network of this computer, port 4562).',
  fanoutJoinCodeLabel: 'Join code — one per line',
  fanoutJoinCodeHelp:
    'Several codes: this computer follows several places of a chain (overview), up to 50. On the main desk: Settings > Other desks > Copy. Keep them like a password: they are not shown here again.',
  fanoutJoinCodeSaved: 'Codes saved; paste them all again to change them',
  fanoutNatsCredsLabel: 'NATS credentials file (only for codes of a chain on an existing NATS)',
  fanoutNatsCredsHelp:
    'Full path of the .creds file (or NKEY seed) the NATS administrator gave this desk; WiFire Desk keeps only the path. Blank with no new codes: the saved file stays.',
  fanoutSave: 'Save',
  fanoutSaving: 'Saving…',
  fanoutSaved: 'Saved.',
  fanoutRunningNow: (name) => `Now: ${name}.`,
  fanoutAtNextStart: (name) => `After a restart: ${name}.`,
  fanoutRestartNeeded: 'Restart WiFire Desk to apply it.',
  fanoutRestartNow: 'Restart now',
  fanoutRestarting: 'Restarting…',
  fanoutRestartHeadless:
    'This service cannot restart itself: stop it (Ctrl+C) and start it again with npm run headless.',
  fanoutFromCommandLine:
    'This service was started with --fanout hub or --join: the saved choice applies when it is started without them.',
};

export const UI_STRINGS: Record<Locale, UiStrings> = { 'pt-BR': ptBR, en };

export function uiStrings(locale: Locale): UiStrings {
  return UI_STRINGS[locale];
}
