// The bridge's method and event names and their channels on the wire: zod-free, for the page and the preload.

/** Channel names on the wire: `wifire-desk:<name>`, for methods and events alike. */
export const CHANNEL_PREFIX = 'wifire-desk:';

/** Every method and pushed event, by name; the contract's type assertions keep these lists and its schemas in step. */
export const BRIDGE_METHOD_NAMES = [
  'listFeed',
  'listEstablishments',
  'getCustomer',
  'getPhoto',
  'markRead',
  'getSettings',
  'updateSettings',
  'regenerateWebhookSecret',
  'snooze',
  'sendTestNotification',
  'getStatus',
  'confirmPublicUrl',
  'restartTunnel',
  'listDeliveries',
  'getDelivery',
  'replayDelivery',
  'sendTestEvent',
  'getOtherDesks',
  'revokeDesk',
  'renewJoinCode',
  'restartApp',
] as const;
export const BRIDGE_EVENT_NAMES = [
  'eventAdded',
  'eventsRead',
  'eventsExpired',
  'customerPurged',
  'customerUpdated',
  'settingsChanged',
  'status',
] as const;

export type BridgeMethodName = (typeof BRIDGE_METHOD_NAMES)[number];
export type BridgeEventName = (typeof BRIDGE_EVENT_NAMES)[number];

export function methodChannel(name: BridgeMethodName): string {
  return `${CHANNEL_PREFIX}${name}`;
}

export function eventChannel(name: BridgeEventName): string {
  return `${CHANNEL_PREFIX}${name}`;
}

export function isBridgeMethodName(value: string): value is BridgeMethodName {
  return (BRIDGE_METHOD_NAMES as readonly string[]).includes(value);
}

export function isBridgeEventName(value: string): value is BridgeEventName {
  return (BRIDGE_EVENT_NAMES as readonly string[]).includes(value);
}
