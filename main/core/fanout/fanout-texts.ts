// Why a desk is not linked to its hub (or a hub's engine is not up), in the desk's language: what the staff, or
// the owner's IT person, can act on.
import type { Locale } from '../../../shared/catalog.js';

export const FANOUT_REASONS = [
  'unreachable',
  'certificate-mismatch',
  'refused',
  'hub-silent',
  'engine-missing',
  'engine-failed',
  'nats-unreachable',
  'nats-refused',
] as const;
export type FanoutReason = (typeof FANOUT_REASONS)[number];

const TEXTS: Record<FanoutReason, Record<Locale, string>> = {
  unreachable: {
    'pt-BR':
      'o balcão principal não responde na rede (ligado? na mesma rede? o firewall libera a porta?). Tentando de novo.',
    en: 'the main desk does not answer on the network (is it on, on the same network, the port allowed?). Retrying.',
  },
  'certificate-mismatch': {
    'pt-BR':
      'o certificado do balcão principal não é o do código de conexão (código antigo, ou outro computador nesse endereço). ' +
      'Copie o código de novo no balcão principal.',
    en: "the main desk's certificate is not the one in the join code (an old code, or another computer at that address). Copy the code again.",
  },
  refused: {
    'pt-BR': 'o balcão principal recusou este código (revogado?). Peça um código novo no balcão principal.',
    en: 'the main desk refused this code (revoked?). Ask the main desk for a new code.',
  },
  'hub-silent': {
    'pt-BR': 'a conexão existe, mas o WiFire Desk do balcão principal não responde. Tentando de novo.',
    en: "connected, but the main desk's WiFire Desk does not answer. Retrying.",
  },
  'engine-missing': {
    'pt-BR': 'o nats-server não está instalado neste computador (veja o passo a passo em Outros balcões).',
    en: 'nats-server is not installed on this computer (see the steps under Other desks).',
  },
  'engine-failed': {
    'pt-BR': 'o nats-server deste computador parou e está sendo reiniciado (a porta escolhida está livre?).',
    en: "this computer's nats-server stopped and is being restarted (is the chosen port free?).",
  },
  'nats-unreachable': {
    'pt-BR': 'o servidor NATS da rede não responde (o endereço está certo? a internet está ok?). Tentando de novo.',
    en: "the network's NATS server does not answer (is the address right? is the internet up?). Retrying.",
  },
  'nats-refused': {
    'pt-BR':
      'o servidor NATS da rede recusou as credenciais deste computador (--nats-creds): peça um arquivo novo a quem ' +
      'administra o NATS.',
    en: "the network's NATS server refused this computer's credentials (--nats-creds): ask its administrator for a new file.",
  },
};

export function describeFanoutReason(reason: FanoutReason, locale: Locale): string {
  return TEXTS[reason][locale];
}
