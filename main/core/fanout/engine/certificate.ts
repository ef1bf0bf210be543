// The hub's TLS certificate, made here: Node's crypto signs but writes no X.509, and an openssl CLI or another
// npm package would be one more thing to install on a front desk PC. A satellite trusts it by its pin, not a CA.
import crypto from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';

export interface CertificateRequest {
  commonName: string;
  /** IP addresses and DNS names the certificate names (its subjectAltName). */
  altNames: string[];
  days: number;
}

export interface SelfSignedCertificate {
  certPem: string;
  /** PKCS#8, unencrypted: the file that holds it is readable by this OS user only. */
  keyPem: string;
  /** Lowercase hex SHA-256 of the certificate's DER, no colons: the pin a join code carries. */
  fingerprint256: string;
}

export const pinSchema = z.string().regex(/^[0-9a-f]{64}$/);

const requestSchema = z.object({
  commonName: z.string().min(1).max(64),
  altNames: z.array(z.string().min(1).max(253)).max(32),
  days: z.number().int().min(1).max(36_500),
});

// The few DER shapes an X.509 v3 certificate needs (ITU-T X.690): tag, length, contents.
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);
const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes);
const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
const bitString = (bytes: Buffer): Buffer => tlv(0x03, Buffer.from([0]), bytes);
const boolean = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));

/** A non-negative INTEGER: a leading zero byte keeps a high first bit from reading as a sign. */
function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [first! * 40 + second!];
  for (const arc of rest) {
    const groups: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      groups.unshift(0x80 | (value & 0x7f));
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime up to 2049 and GeneralizedTime after, as RFC 5280 §4.1.2.5 asks. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDhhmmss
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** IPs go in as iPAddress [7] (4 or 16 bytes), the rest as dNSName [2]. */
function generalName(name: string): Buffer {
  const family = net.isIP(name);
  if (family === 4) return tlv(0x87, Buffer.from(name.split('.').map(Number)));
  if (family === 6) return tlv(0x87, ipv6Bytes(name));
  return tlv(0x82, Buffer.from(name.toLowerCase(), 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups first.
  const withoutV4 = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) =>
    [((+a << 8) | +b).toString(16), ((+c << 8) | +d).toString(16)].join(':'),
  );
  const [head = '', tail] = withoutV4.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(oid(OID.commonName), utf8String(commonName))));
}

/** The hex SHA-256 of a certificate's DER, the form pins are kept and compared in. */
export function fingerprintOf(der: Buffer): string {
  return crypto.createHash('sha256').update(der).digest('hex');
}

/** Colon-separated upper case (Node's `X509Certificate.fingerprint256`) to the pin's form. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.replace(/:/g, '').toLowerCase();
}

export function makeSelfSignedCertificate(request: CertificateRequest): SelfSignedCertificate {
  const { commonName, altNames, days } = requestSchema.parse(request);
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  // A clock a little behind on a satellite must not find the certificate "not yet valid".
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfter = new Date(Date.now() + days * 24 * 3600 * 1000);
  const tbs = sequence(
    tlv(0xa0, unsignedInteger(Buffer.from([2]))), // version v3
    unsignedInteger(crypto.randomBytes(16)),
    algorithm,
    name(commonName),
    sequence(time(notBefore), time(notAfter)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    // No keyUsage: with one, OpenSSL's "did this certificate issue itself" check (Node's checkIssued) wants
    // keyCertSign, which a certificate that is not a CA should not claim.
    tlv(
      0xa3,
      sequence(
        extension(OID.basicConstraints, true, sequence()), // cA FALSE (the default, so left out)
        extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
        ...(altNames.length ? [extension(OID.subjectAltName, false, sequence(...altNames.map(generalName)))] : []),
      ),
    ),
  );
  // Node signs ECDSA as DER (r, s) by default, which is the form X.509 wants in its BIT STRING.
  const signature = crypto.sign('sha256', tbs, privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const base64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    fingerprint256: fingerprintOf(der),
  };
}
