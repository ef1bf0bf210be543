// What the benchmarks ask the service, asked the way the panel asks it: over HTTP with the panel's session cookie.
import { openPanel, type PanelSession } from '../support/panel-client.js';

export type { PanelSession };
export { openPanel };

async function result<T>(session: PanelSession, method: string, request?: unknown): Promise<T> {
  const answer = await session.call(method, request);
  if (answer.status !== 200 || !answer.body.ok) {
    throw new Error(`panel ${method} answered ${answer.status}: ${answer.body.error?.code ?? 'no envelope'}`);
  }
  return answer.body.result as T;
}

/** Events stored, as the feed counts them. */
export async function storedCount(session: PanelSession): Promise<number> {
  return (await result<{ total: number }>(session, 'listFeed', { limit: 1 })).total;
}

/** Whether the service still knows this customer (their card). */
export async function customerKnown(session: PanelSession, customerId: string): Promise<boolean> {
  return (await result<unknown>(session, 'getCustomer', { customerId })) !== null;
}

/** "Configurações > Privacidade": keep events this many days. */
export async function setRetentionDays(session: PanelSession, days: number): Promise<void> {
  await result<unknown>(session, 'updateSettings', { privacy: { retentionDays: days } });
}
