// Why the tunnel is not fine, in words the desk can act on: install steps per system, in pt-BR and en.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../../../shared/catalog.js';
import { describeTunnelReason, type TunnelReason } from '../../../../../main/core/tunnel/tunnel-messages.js';
import { TUNNEL_PROBLEMS } from '../../../../../main/core/tunnel/url-capture.js';

const PLATFORMS = ['win32', 'darwin', 'linux'] as const;

const missing = (program: string, configuredPath: string | null = null): TunnelReason => ({
  code: 'missing-binary',
  program,
  configuredPath,
});

describe('describeTunnelReason for a missing program', () => {
  const installs: Record<string, Record<(typeof PLATFORMS)[number], string>> = {
    cloudflared: {
      win32: 'winget install --id Cloudflare.cloudflared',
      darwin: 'brew install cloudflared',
      linux: '.deb',
    },
    ngrok: { win32: 'winget install --id Ngrok.Ngrok', darwin: 'brew install ngrok', linux: 'snap install ngrok' },
    ssh: { win32: 'OpenSSH', darwin: 'ssh', linux: 'apt install openssh-client' },
  };

  for (const [program, byPlatform] of Object.entries(installs)) {
    for (const platform of PLATFORMS) {
      it(`gives the ${platform} install step for ${program} in both languages`, () => {
        for (const locale of LOCALES) {
          const text = describeTunnelReason(missing(program), locale, platform);
          expect(text, locale).toContain(byPlatform[platform]);
          expect(text, locale).toContain(program);
        }
      });
    }
  }

  it('says in Portuguese that the program is not installed, and in English', () => {
    expect(describeTunnelReason(missing('cloudflared'), 'pt-BR', 'win32')).toMatch(
      /^O programa cloudflared não está instalado/,
    );
    expect(describeTunnelReason(missing('cloudflared'), 'en', 'win32')).toMatch(
      /^The program cloudflared is not installed/,
    );
  });

  it('names the configured path that was not found', () => {
    const text = describeTunnelReason(missing('ngrok', 'C:\\Ferramentas\\ngrok.exe'), 'pt-BR', 'win32');
    expect(text).toContain('C:\\Ferramentas\\ngrok.exe');
  });

  it('reads any other system as Linux', () => {
    expect(describeTunnelReason(missing('ssh'), 'en', 'freebsd')).toContain('apt install openssh-client');
  });

  it('says only where it looked for a custom program, with no install steps', () => {
    expect(describeTunnelReason(missing('bore'), 'en', 'linux')).toBe(
      'The program bore is not installed (not found on PATH).',
    );
  });

  it('does not throw for a custom program named like a property every object has', () => {
    for (const program of ['constructor', 'toString', '__proto__']) {
      expect(() => describeTunnelReason(missing(program), 'en', 'linux'), program).not.toThrow();
    }
  });
});

describe('describeTunnelReason for the other reasons', () => {
  it('wraps the last reason when the tunnel kept failing', () => {
    const last: TunnelReason = { code: 'exited', program: 'ssh', exitCode: 255, signal: null, problem: 'ssh-auth' };
    const reason: TunnelReason = { code: 'kept-failing', program: 'ssh', failures: 5, last };
    for (const locale of LOCALES) {
      const text = describeTunnelReason(reason, locale, 'linux');
      expect(text, locale).toContain('5');
      expect(text, locale).toContain(describeTunnelReason(last, locale, 'linux'));
    }
    expect(describeTunnelReason(reason, 'pt-BR', 'linux')).toContain('o servidor recusou o login');
  });

  it('includes the detail of an unreachable address', () => {
    expect(describeTunnelReason({ code: 'unreachable', detail: 'HTTP 502' }, 'pt-BR')).toContain('(HTTP 502)');
    expect(describeTunnelReason({ code: 'unreachable', detail: 'ECONNREFUSED' }, 'en')).toContain('(ECONNREFUSED)');
  });

  it('gives the exit code or the signal of a program that stopped without saying why', () => {
    const base = { code: 'exited', program: 'ngrok', problem: null } as const;
    expect(describeTunnelReason({ ...base, exitCode: 1, signal: null }, 'en')).toBe(
      'ngrok stopped (code 1); restarting.',
    );
    expect(describeTunnelReason({ ...base, exitCode: null, signal: 'SIGKILL' }, 'pt-BR')).toBe(
      'ngrok parou (SIGKILL); reiniciando.',
    );
  });

  it('never says "undefined", in any language, on any system, for any reason', () => {
    const reasons: TunnelReason[] = [
      missing('cloudflared'),
      missing('ngrok', '/opt/ngrok'),
      missing('ssh'),
      missing('bore'),
      { code: 'spawn-failed', program: 'cloudflared' },
      { code: 'exited', program: 'cloudflared', exitCode: null, signal: null, problem: null },
      ...TUNNEL_PROBLEMS.map((problem): TunnelReason => ({
        code: 'exited',
        program: 'ssh',
        exitCode: 255,
        signal: null,
        problem,
      })),
      { code: 'no-url', program: 'ssh', seconds: 45 },
      { code: 'kept-failing', program: 'ngrok', failures: 3, last: missing('ngrok') },
      { code: 'unreachable', detail: '10 s' },
      { code: 'not-ours' },
      { code: 'invalid-settings', preset: 'custom' },
    ];
    for (const reason of reasons) {
      for (const locale of LOCALES) {
        for (const platform of PLATFORMS) {
          const text = describeTunnelReason(reason, locale, platform);
          expect(text, `${reason.code} ${locale} ${platform}`).not.toMatch(/undefined|null|NaN|\[object/);
          expect(text.trim().length).toBeGreaterThan(10);
        }
      }
    }
  });
});
