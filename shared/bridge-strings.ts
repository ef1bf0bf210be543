// The page bridge's own messages in pt-BR and English, apart from ui-strings.ts so http-bridge.js carries only these.
import type { Locale } from './catalog.js';

export interface BridgeStrings {
  bridgeUnavailable: string;
  bridgeForbidden: string;
  bridgeBadAnswer: string;
}

export const BRIDGE_STRINGS: Record<Locale, BridgeStrings> = {
  'pt-BR': {
    bridgeUnavailable: 'Sem conexão com o WiFire Desk. Verifique se o serviço está rodando.',
    bridgeForbidden: 'Acesso ao painel negado. Abra de novo o endereço do painel.',
    bridgeBadAnswer: 'O serviço respondeu algo inesperado. Tente de novo.',
  },
  en: {
    bridgeUnavailable: 'Cannot reach WiFire Desk. Check that the service is running.',
    bridgeForbidden: 'Access to the panel was denied. Open the panel address again.',
    bridgeBadAnswer: 'The service gave an unexpected answer. Please try again.',
  },
};
