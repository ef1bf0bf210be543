// "Enviar evento de teste": a sample delivery the desk sends itself through its public address, to prove the chain.

/** The establishment and customer of the test event: made up, never a real customer's. */
export const TEST_EVENT_ESTABLISHMENT_ID = 'wifire-desk-teste';
export const TEST_EVENT_CUSTOMER_ID = 'wifire-desk-teste';

export function isTestEvent(event: { establishmentId: string }): boolean {
  return event.establishmentId === TEST_EVENT_ESTABLISHMENT_ID;
}
