// "Enviar evento de teste": a sample delivery posted to the desk's own public webhook URL, the way WiFire would,
// so the whole chain (internet → tunnel → listener → store → pop-up) is proven in one click.
import type { Locale } from '../../../shared/catalog.js';
import { TEST_EVENT_CUSTOMER_ID, TEST_EVENT_ESTABLISHMENT_ID } from '../../../shared/test-event.js';
import { localWallClock } from '../local-time.js';
import type { ProbeFetch } from './reachability.js';

export type TestEventResult = { ok: true; eventId: string | null } | { ok: false; reason: string };

const WORDS: Record<Locale, { customer: string; place: string; message: string }> = {
  'pt-BR': { customer: 'Cliente de teste', place: 'Teste do WiFire Desk', message: 'Evento de teste do WiFire Desk.' },
  en: { customer: 'Test customer', place: 'WiFire Desk test', message: 'WiFire Desk test event.' },
};

/** The sample, in WiFire's own shape: a made-up customer and place, no personal data. */
export function testEventPayload(now: number, timeZone: string, locale: Locale): Record<string, unknown> {
  const words = WORDS[locale];
  return {
    type: 'cliente-chegou',
    activity: { message: words.message, data_of_type: null, created_at: localWallClock(now, timeZone) },
    establishment: { identifier: TEST_EVENT_ESTABLISHMENT_ID, name: words.place, slug: TEST_EVENT_ESTABLISHMENT_ID },
    user: { id: TEST_EVENT_CUSTOMER_ID, name: words.customer },
  };
}

function failed(locale: Locale, pt: string, en: string): TestEventResult {
  return { ok: false, reason: locale === 'pt-BR' ? pt : en };
}

export interface SendTestEventOptions {
  publicWebhookUrl: string | null;
  locale: Locale;
  timeZone: string;
  fetch?: ProbeFetch;
  timeoutMs?: number;
  now?: number;
}

export async function sendTestEvent(options: SendTestEventOptions): Promise<TestEventResult> {
  const { locale } = options;
  if (!options.publicWebhookUrl) {
    return failed(
      locale,
      'Ainda não há endereço público: conclua o passo do túnel primeiro.',
      'There is no public address yet: finish the tunnel step first.',
    );
  }
  const body = JSON.stringify(testEventPayload(options.now ?? Date.now(), options.timeZone, locale));
  let status: number;
  let answer: unknown = null;
  try {
    const response = await (options.fetch ?? fetch)(options.publicWebhookUrl, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      // ngrok's free plan shows browsers a warning page; this header skips it, as for the probe.
      headers: { 'content-type': 'application/json', 'ngrok-skip-browser-warning': '1' },
      body,
    });
    status = response.status;
    answer = await response.json().catch(() => null);
  } catch (error) {
    const code = (error as { name?: string; cause?: { code?: string } } | null)?.cause?.code ?? 'network';
    return failed(
      locale,
      `O evento não chegou: o endereço público não respondeu (${code}). Confira o túnel.`,
      `The event did not arrive: the public address did not answer (${code}). Check the tunnel.`,
    );
  }
  const ok = (answer as { ok?: unknown } | null)?.ok === true;
  if (status !== 200 || !ok) {
    return failed(
      locale,
      `O evento não chegou: o endereço público respondeu HTTP ${status}. Confira se ele leva a este computador.`,
      `The event did not arrive: the public address answered HTTP ${status}. Check that it leads to this computer.`,
    );
  }
  const id = (answer as { id?: unknown }).id;
  return { ok: true, eventId: typeof id === 'string' && /^[1-9]\d{0,15}$/.test(id) ? id : null };
}
