// Host and port in addresses: IPv6 in brackets on the way out, and read back the same way.
import { describe, expect, it } from 'vitest';
import { formatHostPort, hostForUrl, parseHostPort } from '../../../../main/core/host-port.js';

describe('host and port', () => {
  it('brackets an IPv6 host and leaves names and IPv4 as they are', () => {
    expect(hostForUrl('::1')).toBe('[::1]');
    expect(formatHostPort('fe80::1', 4562)).toBe('[fe80::1]:4562');
    expect(formatHostPort('127.0.0.1', 4560)).toBe('127.0.0.1:4560');
    expect(formatHostPort('desk.local', 80)).toBe('desk.local:80');
  });

  it('reads back what it writes, and refuses anything else', () => {
    for (const [host, port] of [
      ['::1', 4562],
      ['192.168.0.10', 1],
      ['desk.local', 65535],
    ] as const) {
      expect(parseHostPort(formatHostPort(host, port))).toEqual({ host, port });
    }
    for (const bad of ['4562', 'host:', ':4562', 'host:0', 'host:70000', 'a b:1', '::1:4562', '"x":1', 'host:123456']) {
      expect(parseHostPort(bad), bad).toBeNull();
    }
  });
});
