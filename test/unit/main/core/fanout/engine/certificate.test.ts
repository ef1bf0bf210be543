// The hub's self-made certificate read back by Node's X.509 parser, by openssl where it exists, and used in TLS.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {
  fingerprintOf,
  makeSelfSignedCertificate,
  normalizeFingerprint,
} from '../../../../../../main/core/fanout/engine/certificate.js';
import { pinnedTlsOptions } from '../../../../../../main/core/fanout/engine/pinned-tls.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function derOf(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
}

/** A TLS server on a free loopback port presenting the certificate; resolves its port. */
async function tlsServer(certPem: string, keyPem: string): Promise<{ port: number; close: () => void }> {
  const server = tls.createServer({ cert: certPem, key: keyPem }, (socket) => socket.end('hello\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, close: () => server.close() };
}

function handshake(port: number, options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ...options }, () =>
      socket.once('data', (d) => resolve(String(d))),
    );
    socket.once('error', reject);
  });
}

describe('the self-signed certificate', () => {
  it('parses as an X.509 v3 certificate that issued and signed itself, naming its IPs and DNS names', () => {
    const made = makeSelfSignedCertificate({
      commonName: 'WiFire Desk hub 0123abcd',
      altNames: ['192.168.0.10', 'localhost', '::1', 'Balcao.Local'],
      days: 30,
    });
    const certificate = new crypto.X509Certificate(made.certPem);
    expect(certificate.subject).toBe('CN=WiFire Desk hub 0123abcd');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(certificate.subjectAltName).toBe(
      'IP Address:192.168.0.10, DNS:localhost, IP Address:0:0:0:0:0:0:0:1, DNS:balcao.local',
    );
    expect(certificate.checkPrivateKey(crypto.createPrivateKey(made.keyPem))).toBe(true);
    const days = (Date.parse(certificate.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    expect(Date.parse(certificate.validFrom)).toBeLessThan(Date.now());
  });

  it('gives the pin as the lowercase hex SHA-256 of its DER, the same as Node’s fingerprint256', () => {
    const made = makeSelfSignedCertificate({ commonName: 'hub', altNames: ['127.0.0.1'], days: 1 });
    expect(made.fingerprint256).toMatch(/^[0-9a-f]{64}$/);
    expect(made.fingerprint256).toBe(fingerprintOf(derOf(made.certPem)));
    expect(made.fingerprint256).toBe(normalizeFingerprint(new crypto.X509Certificate(made.certPem).fingerprint256));
  });

  it('makes a new key, serial and pin each time', () => {
    const a = makeSelfSignedCertificate({ commonName: 'hub', altNames: [], days: 1 });
    const b = makeSelfSignedCertificate({ commonName: 'hub', altNames: [], days: 1 });
    expect(a.fingerprint256).not.toBe(b.fingerprint256);
    expect(new crypto.X509Certificate(a.certPem).serialNumber).not.toBe(
      new crypto.X509Certificate(b.certPem).serialNumber,
    );
  });

  it('encodes long lengths and IPv6 forms correctly (many long names, ::ffff:a.b.c.d, fe80::)', () => {
    const names = Array.from({ length: 30 }, (_, i) => `desk-${i}-${'x'.repeat(50)}.example`);
    const made = makeSelfSignedCertificate({
      commonName: 'h'.repeat(64),
      altNames: [...names, '::ffff:10.0.0.1', 'fe80::1:2'],
      days: 36_500,
    });
    const certificate = new crypto.X509Certificate(made.certPem);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.subjectAltName).toContain(`DNS:${names[29]}`);
    expect(certificate.subjectAltName).toContain('IP Address:0:0:0:0:0:FFFF:A00:1');
    expect(certificate.subjectAltName).toContain('IP Address:FE80:0:0:0:0:0:1:2');
    // A hundred years on: GeneralizedTime past 2049.
    expect(new Date(certificate.validTo).getUTCFullYear()).toBeGreaterThan(2100);
  });

  it('refuses a request that would not make a sane certificate', () => {
    expect(() => makeSelfSignedCertificate({ commonName: '', altNames: [], days: 1 })).toThrow();
    expect(() => makeSelfSignedCertificate({ commonName: 'hub', altNames: [], days: 0 })).toThrow();
  });

  it.skipIf(!hasOpenssl)('reads the same in openssl, which verifies it against itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-desk-cert-'));
    try {
      const made = makeSelfSignedCertificate({ commonName: 'hub', altNames: ['10.1.2.3', 'hub.lan'], days: 10 });
      const file = path.join(dir, 'cert.pem');
      fs.writeFileSync(file, made.certPem);
      const text = spawnSync('openssl', ['x509', '-in', file, '-text', '-noout'], { encoding: 'utf8' });
      expect(text.status).toBe(0);
      expect(text.stdout).toContain('Version: 3 (0x2)');
      expect(text.stdout).toContain('Signature Algorithm: ecdsa-with-SHA256');
      expect(text.stdout).toContain('CA:FALSE');
      expect(text.stdout).toContain('IP Address:10.1.2.3, DNS:hub.lan');
      const verify = spawnSync('openssl', ['verify', '-CAfile', file, file], { encoding: 'utf8' });
      expect(verify.stdout.trim()).toBe(`${file}: OK`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a TLS client pinned to it connect, and refuses a client pinned to another certificate', async () => {
    const made = makeSelfSignedCertificate({ commonName: 'hub', altNames: ['192.0.2.7'], days: 1 });
    const other = makeSelfSignedCertificate({ commonName: 'hub', altNames: ['127.0.0.1'], days: 1 });
    const server = await tlsServer(made.certPem, made.keyPem);
    try {
      // 127.0.0.1 is not among the names: the pin is the identity, the host name is not compared.
      await expect(handshake(server.port, pinnedTlsOptions(made.certPem, made.fingerprint256))).resolves.toBe(
        'hello\n',
      );
      await expect(handshake(server.port, pinnedTlsOptions(other.certPem, other.fingerprint256))).rejects.toThrow(
        /self[- ]signed|unable to verify|certificate/i,
      );
      // The right certificate as CA but the wrong pin: checkServerIdentity still refuses.
      const tampered = { ...pinnedTlsOptions(made.certPem, made.fingerprint256) };
      const wrongPin = pinnedTlsOptions(other.certPem, other.fingerprint256).checkServerIdentity!;
      await expect(handshake(server.port, { ...tampered, checkServerIdentity: wrongPin })).rejects.toThrow(
        /not the pinned one/,
      );
    } finally {
      server.close();
    }
  });
});
