// Whether an address can be WiFire's way in: WiFire calls from the internet, so a host only this PC or this
// network knows can never be "public", however well it answers the self-check from here.

/** Why an address is not public: this PC only, the local network, a link-local address, a name only the LAN knows. */
export type AddressProblem = 'loopback' | 'private' | 'link-local' | 'local-name';

const LOCAL_SUFFIXES = ['.localhost', '.local', '.lan', '.internal', '.home.arpa', '.localdomain'];

function ipv4Problem(host: string): AddressProblem | null {
  const parts = host.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  const [a, b] = parts as [number, number, number, number];
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT (100.64/10)
  if (a === 169 && b === 254) return 'link-local';
  return null;
}

function ipv6Problem(host: string): AddressProblem | null {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === '::1' || bare === '::') return 'loopback';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return ipv4Problem(mapped[1]!);
  // WHATWG URL writes an IPv4-mapped address in hex: ::ffff:7f00:1 is 127.0.0.1.
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(bare);
  if (mappedHex) {
    const high = parseInt(mappedHex[1]!, 16);
    const low = parseInt(mappedHex[2]!, 16);
    return ipv4Problem(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const first = parseInt(bare.split(':')[0] || '0', 16);
  if ((first & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  return null;
}

/** The host's problem as a public address, or null when the internet could reach it (as far as its form tells). */
export function hostProblem(hostname: string): AddressProblem | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') || host.includes(':')) return ipv6Problem(host);
  const v4 = ipv4Problem(host);
  if (v4 || /^[\d.]+$/.test(host)) return v4;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  // A name without a dot, or under a suffix only local networks resolve, cannot be found from the internet.
  if (!host.includes('.') || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return 'local-name';
  return null;
}

/** For a full address: why it cannot be public, or null. An address that does not parse is not judged here. */
export function publicAddressProblem(address: string): AddressProblem | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  return hostProblem(url.hostname);
}

/** Personal data would travel to this address unencrypted. */
export function isPlainHttp(address: string): boolean {
  return /^http:\/\//i.test(address.trim());
}

/** In the owner's words, both languages (zod messages carry no locale); the panel shows its own localised text. */
export const NOT_PUBLIC_MESSAGE =
  'é um endereço só deste computador ou da rede local: o WiFire, na internet, não chega nele — use um túnel / ' +
  'a loopback or private address: WiFire, on the internet, cannot reach it — use a tunnel';
