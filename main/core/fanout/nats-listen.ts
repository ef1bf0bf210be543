// The hub's default address, apart from the fan-out itself: the settings read it on every desk, and the NATS client
// and the hub's code load only where fan-out runs (service.ts imports them on demand).

/** Where the hub's own nats-server listens by default: every interface, so the other desks can reach it. */
export const DEFAULT_NATS_LISTEN = { host: '0.0.0.0', port: 4562 };
