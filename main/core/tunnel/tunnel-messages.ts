// Why the tunnel is not fine, in the desk's language: what the staff (or the owner's IT person) can act on.
import type { Locale } from '../../../shared/catalog.js';
import type { TunnelPreset } from '../../../shared/tunnel-presets.js';
import type { TunnelProblem } from './url-capture.js';
import type { AddressProblem } from '../../../shared/public-address.js';

/** A reason is kept as data and put into words when the status is read, so a language switch applies at once. */
export type TunnelReason =
  | { code: 'missing-binary'; program: string; configuredPath: string | null }
  | { code: 'spawn-failed'; program: string }
  | { code: 'exited'; program: string; exitCode: number | null; signal: string | null; problem: TunnelProblem | null }
  | { code: 'no-url'; program: string; seconds: number }
  | { code: 'kept-failing'; program: string; failures: number; last: TunnelReason }
  | { code: 'unreachable'; detail: string }
  | { code: 'not-ours' }
  | { code: 'invalid-settings'; preset: TunnelPreset }
  | { code: 'not-public'; problem: AddressProblem };

type Platform = 'win32' | 'darwin' | 'linux';

function platformOf(platform: string): Platform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

const INSTALL: Record<string, Record<Platform, Record<Locale, string>>> = {
  cloudflared: {
    win32: {
      'pt-BR': 'No Windows, abra o PowerShell e rode: winget install --id Cloudflare.cloudflared',
      en: 'On Windows, open PowerShell and run: winget install --id Cloudflare.cloudflared',
    },
    darwin: {
      'pt-BR': 'No macOS, rode no Terminal: brew install cloudflared',
      en: 'On macOS, run in Terminal: brew install cloudflared',
    },
    linux: {
      'pt-BR': 'No Linux, instale o pacote .deb ou .rpm de https://github.com/cloudflare/cloudflared/releases',
      en: 'On Linux, install the .deb or .rpm package from https://github.com/cloudflare/cloudflared/releases',
    },
  },
  ngrok: {
    win32: {
      'pt-BR': 'No Windows, abra o PowerShell e rode: winget install --id Ngrok.Ngrok',
      en: 'On Windows, open PowerShell and run: winget install --id Ngrok.Ngrok',
    },
    darwin: {
      'pt-BR': 'No macOS, rode no Terminal: brew install ngrok',
      en: 'On macOS, run in Terminal: brew install ngrok',
    },
    linux: {
      'pt-BR': 'No Linux, rode: sudo snap install ngrok (ou baixe de https://ngrok.com/download)',
      en: 'On Linux, run: sudo snap install ngrok (or download it from https://ngrok.com/download)',
    },
  },
  ssh: {
    win32: {
      'pt-BR': 'No Windows, ative o "Cliente OpenSSH" em Configurações > Sistema > Recursos opcionais',
      en: 'On Windows, turn on "OpenSSH Client" in Settings > System > Optional features',
    },
    darwin: {
      'pt-BR': 'O macOS já traz o ssh: confira o caminho configurado',
      en: 'macOS ships ssh: check the configured path',
    },
    linux: {
      'pt-BR': 'No Linux, rode: sudo apt install openssh-client',
      en: 'On Linux, run: sudo apt install openssh-client',
    },
  },
};

const PROBLEMS: Record<TunnelProblem, Record<Locale, string>> = {
  auth: {
    'pt-BR': 'o token foi recusado: confira o token/authtoken nas configurações do túnel',
    en: 'the token was refused: check the token/authtoken in the tunnel settings',
  },
  'session-limit': {
    'pt-BR': 'outro ngrok já está aberto com esta conta: feche-o ou use outra conta',
    en: 'another ngrok is already running on this account: close it or use another account',
  },
  domain: {
    'pt-BR': 'o domínio não está reservado nesta conta do ngrok',
    en: 'the domain is not reserved on this ngrok account',
  },
  'quick-tunnel-refused': {
    'pt-BR': 'a Cloudflare não criou o túnel rápido: confira a internet deste computador',
    en: 'Cloudflare did not create the quick tunnel: check this computer’s internet connection',
  },
  dns: {
    'pt-BR': 'o nome do servidor não foi encontrado: confira a internet e o endereço do servidor',
    en: 'the server name was not found: check the internet connection and the server address',
  },
  connect: {
    'pt-BR': 'não foi possível conectar ao servidor: confira a internet, o endereço e a porta',
    en: 'could not connect to the server: check the internet connection, the address and the port',
  },
  'ssh-auth': {
    'pt-BR': 'o servidor recusou o login: confira o usuário e o arquivo da chave',
    en: 'the server refused the login: check the user and the key file',
  },
  'ssh-host-key': {
    'pt-BR': 'a identidade do servidor mudou: confira com quem cuida do servidor antes de continuar',
    en: 'the server’s identity changed: check with whoever runs the server before going on',
  },
  'ssh-forward': {
    'pt-BR': 'o servidor não abriu a porta pedida: ela está ocupada ou não é permitida',
    en: 'the server did not open the requested port: it is busy or not allowed',
  },
};

const NOT_PUBLIC: Record<AddressProblem, Record<Locale, string>> = {
  loopback: {
    'pt-BR': 'só funciona dentro deste computador (localhost)',
    en: 'only works inside this computer (localhost)',
  },
  private: {
    'pt-BR': 'é um endereço da rede interna (como 192.168…), que a internet não alcança',
    en: 'is an address of the local network (such as 192.168…), which the internet cannot reach',
  },
  'link-local': {
    'pt-BR': 'é um endereço que só vale neste cabo ou Wi-Fi',
    en: 'is an address that only works on this cable or Wi-Fi',
  },
  'local-name': {
    'pt-BR': 'é um nome que só a rede local conhece',
    en: 'is a name only the local network knows',
  },
};

/** A public address that sends personal data unencrypted: said beside the address, not as a failure. */
export function plainHttpWarning(locale: Locale): string {
  return locale === 'pt-BR'
    ? 'O endereço público usa http:// sem criptografia: nomes, e-mails e telefones dos clientes passam abertos pela internet. Prefira um endereço https://.'
    : 'The public address uses http:// without encryption: customers’ names, e-mails and phones cross the internet in the clear. Prefer an https:// address.';
}

/** The reason in words, for the panel, the tray tooltip and the terminal. */
export function describeTunnelReason(
  reason: TunnelReason,
  locale: Locale,
  platform: string = process.platform,
): string {
  const pt = locale === 'pt-BR';
  switch (reason.code) {
    case 'missing-binary': {
      const where = reason.configuredPath
        ? pt
          ? `O programa ${reason.program} não foi encontrado em ${reason.configuredPath}.`
          : `The program ${reason.program} was not found at ${reason.configuredPath}.`
        : pt
          ? `O programa ${reason.program} não está instalado (não foi encontrado no PATH).`
          : `The program ${reason.program} is not installed (not found on PATH).`;
      // A custom program may be called "constructor": only the three known programs have install steps.
      const install = Object.hasOwn(INSTALL, reason.program)
        ? INSTALL[reason.program]![platformOf(platform)][locale]
        : null;
      return install ? `${where} ${install}.` : where;
    }
    case 'spawn-failed':
      return pt ? `Não foi possível iniciar ${reason.program}.` : `Could not start ${reason.program}.`;
    case 'exited': {
      if (reason.problem) {
        return pt
          ? `${reason.program} parou: ${PROBLEMS[reason.problem][locale]}.`
          : `${reason.program} stopped: ${PROBLEMS[reason.problem][locale]}.`;
      }
      const how = reason.signal ? `(${reason.signal})` : `(${pt ? 'código' : 'code'} ${reason.exitCode ?? '?'})`;
      return pt ? `${reason.program} parou ${how}; reiniciando.` : `${reason.program} stopped ${how}; restarting.`;
    }
    case 'no-url':
      return pt
        ? `${reason.program} não informou o endereço público em ${reason.seconds} s.`
        : `${reason.program} did not report a public address within ${reason.seconds} s.`;
    case 'kept-failing':
      return pt
        ? `O túnel falhou ${reason.failures} vezes seguidas. ${describeTunnelReason(reason.last, locale, platform)} Continua tentando, no máximo a cada minuto.`
        : `The tunnel failed ${reason.failures} times in a row. ${describeTunnelReason(reason.last, locale, platform)} Still retrying, at most a minute apart.`;
    case 'unreachable':
      return pt
        ? `O endereço público não chega a este computador (${reason.detail}). Os eventos podem não chegar.`
        : `The public address does not reach this computer (${reason.detail}). Events may not arrive.`;
    case 'not-ours':
      return pt
        ? 'O endereço público responde, mas não é este WiFire Desk: confira o endereço.'
        : 'The public address answers, but it is not this WiFire Desk: check the address.';
    case 'invalid-settings':
      return pt
        ? `As configurações do túnel ${reason.preset} estão incompletas.`
        : `The ${reason.preset} tunnel settings are incomplete.`;
    case 'not-public':
      return pt
        ? `O endereço informado pelo túnel ${NOT_PUBLIC[reason.problem][locale]}: o WiFire, na internet, não chega nele. Use um túnel que dê um endereço público.`
        : `The address the tunnel reported ${NOT_PUBLIC[reason.problem][locale]}: WiFire, on the internet, cannot reach it. Use a tunnel that gives a public address.`;
  }
}
