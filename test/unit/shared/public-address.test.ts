// A public address is one WiFire, on the internet, can reach: never this PC's loopback or the local network.
import { describe, expect, it } from 'vitest';
import { hostProblem, isPlainHttp, publicAddressProblem } from '../../../shared/public-address.js';
import { tunnelSettingsSchema } from '../../../shared/tunnel-settings.js';

describe('publicAddressProblem', () => {
  it.each([
    ['http://localhost:4560', 'loopback'],
    ['http://127.0.0.1:4560', 'loopback'],
    ['http://127.8.9.10', 'loopback'],
    ['http://2130706433/', 'loopback'], // 127.0.0.1 written as one number
    ['http://0.0.0.0:4560', 'loopback'],
    ['http://[::1]:4560', 'loopback'],
    ['http://[::ffff:127.0.0.1]', 'loopback'],
    ['http://desk.localhost', 'loopback'],
    ['http://10.0.0.5', 'private'],
    ['http://172.16.0.1', 'private'],
    ['http://172.31.255.254', 'private'],
    ['http://192.168.0.10:8080', 'private'],
    ['http://100.64.1.1', 'private'],
    ['http://[fd12:3456::1]', 'private'],
    ['http://[::ffff:192.168.1.1]', 'private'],
    ['http://169.254.10.20', 'link-local'],
    ['http://[fe80::1]', 'link-local'],
    ['http://meupc.local:4560', 'local-name'],
    ['http://caixa', 'local-name'],
    ['http://router.home.arpa', 'local-name'],
  ])('says %s is not public (%s)', (address, problem) => {
    expect(publicAddressProblem(address)).toBe(problem);
  });

  it.each([
    'https://hooks.example.com',
    'https://abc-def.trycloudflare.com',
    'http://203.0.113.5:8080',
    'http://172.32.0.1',
    'http://100.128.0.1',
    'https://[2001:db8::10]',
    'https://desk.example.com.br/wifire',
  ])('takes %s as public', (address) => {
    expect(publicAddressProblem(address)).toBeNull();
  });

  it('judges host names without their trailing dot and case', () => {
    expect(hostProblem('LOCALHOST.')).toBe('loopback');
    expect(hostProblem('Caixa.LOCAL')).toBe('local-name');
  });

  it('tells a plain http:// address apart', () => {
    expect(isPlainHttp('http://hooks.example.com')).toBe(true);
    expect(isPlainHttp('HTTPS://hooks.example.com')).toBe(false);
  });
});

describe('the tunnel settings', () => {
  const issues = (value: unknown): Array<{ path: string; message: string }> => {
    const parsed = tunnelSettingsSchema.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('refuse a loopback or private address as the public one, in the owner’s words, for every preset that takes one', () => {
    for (const value of [
      { preset: 'none', publicUrl: 'http://localhost:4560' },
      { preset: 'none', publicUrl: 'http://192.168.0.10:4560' },
      { preset: 'custom', command: 'bore', publicUrl: 'http://127.0.0.1:4560' },
      { preset: 'ssh', mode: 'server', host: 'srv.example.com', user: 'wifire', publicBase: 'http://10.1.1.1' },
    ]) {
      const found = issues(value);
      expect(found).toHaveLength(1);
      expect(found[0]!.message).toMatch(/^é um endereço só deste computador ou da rede local: .* \/ a loopback/);
    }
    expect(issues({ preset: 'none', publicUrl: 'https://hooks.example.com' })).toEqual([]);
  });
});
