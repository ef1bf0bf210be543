// Where the listener is by default; light on purpose, so the simulator can import it without loading the core.
export const DEFAULT_PORT = 4560;
export const DEFAULT_HOST = '127.0.0.1';

/** WIFIRE_DESK_PORT, when set: a whole number from 0 to 65535, else an error that says so. */
export function portFromEnvironment(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.WIFIRE_DESK_PORT;
  if (value === undefined || value === '') return undefined;
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new Error('WIFIRE_DESK_PORT deve ser um número de 0 a 65535 / must be 0–65535');
  }
  return port;
}
