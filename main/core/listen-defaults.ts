// Where the listener is by default; light on purpose, so the simulator can import it without loading the core.
export const DEFAULT_PORT = 4560;
export const DEFAULT_HOST = '127.0.0.1';
