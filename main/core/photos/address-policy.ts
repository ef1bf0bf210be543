// Which IP addresses a photo may be fetched from: only the public internet, never this PC, the LAN or the cloud's metadata.
import net from 'node:net';

type Bytes = readonly number[];

interface Range {
  prefix: Bytes;
  bits: number;
}

function range(cidr: string): Range {
  const [address, bits] = cidr.split('/');
  const prefix = parseAddress(address ?? '');
  if (!prefix || bits === undefined) throw new Error('invalid built-in range');
  return { prefix, bits: Number(bits) };
}

/** IPv4 ranges that are not globally reachable (IANA special-purpose registry, plus multicast and 240/4). */
const IPV4_NOT_PUBLIC: readonly Range[] = [
  '0.0.0.0/8', // "this network", includes the unspecified address
  '10.0.0.0/8',
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8',
  '169.254.0.0/16', // link-local, includes the cloud metadata address
  '172.16.0.0/12',
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // TEST-NET-1
  '192.88.99.0/24', // deprecated 6to4 relay anycast
  '192.168.0.0/16',
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // TEST-NET-2
  '203.0.113.0/24', // TEST-NET-3
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, includes the broadcast address
].map(range);

/** Only global unicast is public in IPv6; everything outside 2000::/3 (::, ::1, fc00::/7, fe80::/10, ff00::/8…) is not. */
const IPV6_GLOBAL_UNICAST = range('2000::/3');

/** Special-purpose blocks inside 2000::/3 that are not globally reachable or carry no real host. */
const IPV6_NOT_PUBLIC: readonly Range[] = [
  '2001::/23', // IETF protocol assignments: Teredo, benchmarking, ORCHID…
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation (RFC 9637)
  '5f00::/16', // SRv6 SIDs
].map(range);

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits, which is what would really be reached. */
const IPV6_EMBEDDING_IPV4: readonly Range[] = [
  '::ffff:0:0/96', // IPv4-mapped
  '64:ff9b::/96', // NAT64 well-known prefix
].map(range);

/** 64:ff9b:1::/48 is the local-use NAT64 prefix: its translation is site-specific, so it is not public. */
const IPV6_LOCAL_NAT64 = range('64:ff9b:1::/48');

/** 6to4 (2002::/16) carries the IPv4 address in bits 16 to 48. */
const IPV6_6TO4 = range('2002::/16');

function inRange(bytes: Bytes, { prefix, bits }: Range): boolean {
  if (bytes.length !== prefix.length) return false;
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function parseIpv4(text: string): number[] | null {
  if (!net.isIPv4(text)) return null;
  return text.split('.').map(Number);
}

function parseIpv6(text: string): number[] | null {
  if (!net.isIPv6(text) || text.includes('%')) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0)];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left = '', right] = head.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const before = groups(left);
  const after = [...(right === undefined ? [] : groups(right)), ...tail];
  const missing = 8 - before.length - after.length;
  if (right === undefined ? missing !== 0 : missing < 0) return null;
  const words = [...before, ...new Array<number>(missing).fill(0), ...after];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

function parseAddress(text: string): number[] | null {
  return parseIpv4(text) ?? parseIpv6(text);
}

function isPublicIpv4(bytes: Bytes): boolean {
  return !IPV4_NOT_PUBLIC.some((r) => inRange(bytes, r));
}

function isPublicIpv6(bytes: Bytes): boolean {
  if (IPV6_EMBEDDING_IPV4.some((r) => inRange(bytes, r))) return isPublicIpv4(bytes.slice(12));
  if (inRange(bytes, IPV6_LOCAL_NAT64)) return false;
  if (!inRange(bytes, IPV6_GLOBAL_UNICAST)) return false;
  if (IPV6_NOT_PUBLIC.some((r) => inRange(bytes, r))) return false;
  if (inRange(bytes, IPV6_6TO4)) return isPublicIpv4(bytes.slice(2, 6));
  return true;
}

/** True only for a well-formed IPv4 or IPv6 address on the public internet; anything unparsable is not public. */
export function isPublicAddress(ip: string): boolean {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const v4 = parseIpv4(text);
  if (v4) return isPublicIpv4(v4);
  const v6 = parseIpv6(text);
  return v6 !== null && isPublicIpv6(v6);
}
