// A host and a port as they appear in addresses: an IPv6 literal goes in brackets ("[::1]:4560"), and "HOST:PORT"
// text (an option, a join code) is read back the same way. One place, for every URL and address the app writes.

/** `host:port`, with an IPv6 host in brackets or a name / IPv4 address as it is. */
const HOST_PORT_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** The host as it goes into a URL or an address: an IPv6 literal in brackets. */
export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function formatHostPort(host: string, port: number): string {
  return `${hostForUrl(host)}:${port}`;
}

/** `HOST:PORT` read back (brackets removed), or null when it is not one or the port is not 1–65535. */
export function parseHostPort(text: string): { host: string; port: number } | null {
  const match = HOST_PORT_PATTERN.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) return null;
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}
