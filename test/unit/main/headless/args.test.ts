// npm run headless -- <options>: what each option becomes, and the words and exit code when one is wrong.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ArgsError, parseHeadlessArgs, USAGE } from '../../../../main/headless/args.js';

const NEEDS_A_VALUE = (flag: string): string => `${flag} precisa de um valor / needs a value`;
const UNKNOWN = (word: string): string => `opção desconhecida / unknown option: ${word}`;
const PORT_RANGE = '--port deve ser um número de 0 a 65535 / must be 0–65535';
const TUNNEL_NAMES = '--tunnel deve ser um de / must be one of: none, cloudflared, ngrok, ssh, custom';

/** The message of the ArgsError parsing throws, with no WIFIRE_DESK_* variable set. */
function refusal(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseHeadlessArgs(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ArgsError);
    return (error as ArgsError).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

describe('the headless shell’s options', () => {
  it('are all off when none is given', () => {
    expect(parseHeadlessArgs([], {})).toEqual({
      port: undefined,
      host: undefined,
      dataDir: undefined,
      tunnel: undefined,
      allowNonLoopback: false,
      printPanelUrl: false,
      fanoutHub: false,
      natsListen: undefined,
      natsUrl: undefined,
      natsCreds: undefined,
      natsAccount: undefined,
      join: undefined,
      moreJoins: [],
      help: false,
    });
  });

  it('take a value after a space or after an equals sign alike', () => {
    expect(parseHeadlessArgs(['--port', '4561'], {}).port).toBe(4561);
    expect(parseHeadlessArgs(['--port=4561'], {}).port).toBe(4561);
    expect(
      parseHeadlessArgs(
        ['--host=::1', '--data-dir', '/srv/wifire=desk', '--tunnel=ngrok', '--allow-non-loopback', '--print-panel-url'],
        {},
      ),
    ).toEqual({
      port: undefined,
      host: '::1',
      dataDir: '/srv/wifire=desk',
      tunnel: 'ngrok',
      allowNonLoopback: true,
      printPanelUrl: true,
      fanoutHub: false,
      natsListen: undefined,
      natsUrl: undefined,
      natsCreds: undefined,
      natsAccount: undefined,
      join: undefined,
      moreJoins: [],
      help: false,
    });
  });

  it('make this desk the hub, on the address asked for, or a satellite with its code, never both', () => {
    expect(parseHeadlessArgs(['--fanout', 'hub', '--nats-listen=192.168.0.10:4562'], {})).toMatchObject({
      fanoutHub: true,
      natsListen: { host: '192.168.0.10', port: 4562 },
      join: undefined,
    });
    expect(parseHeadlessArgs(['--fanout=hub', '--nats-listen', '[::]:4562'], {}).natsListen).toEqual({
      host: '::',
      port: 4562,
    });
    expect(parseHeadlessArgs(['--join', 'wdj1.abc'], {})).toMatchObject({ fanoutHub: false, join: 'wdj1.abc' });
    expect(refusal(['--fanout', 'satellite'])).toBe('--fanout aceita só / only takes: hub');
    expect(refusal(['--fanout', 'hub', '--join', 'wdj1.abc'])).toMatch(/^--fanout hub e --join não combinam/);
    expect(refusal(['--nats-listen', '0.0.0.0:4562'])).toMatch(/só vale com --fanout hub/);
    for (const bad of ['4562', '0.0.0.0:', '0.0.0.0:0', '0.0.0.0:70000', 'a b:1', '"x":1']) {
      expect(refusal(['--fanout', 'hub', '--nats-listen', bad]), bad).toMatch(/^--nats-listen deve ser HOST:PORTA/);
    }
    expect(refusal(['--join'])).toBe(NEEDS_A_VALUE('--join'));
  });

  it('use an existing NATS for the hub (its servers, its file, the chain’s prefix) or give a satellite its own file', () => {
    expect(
      parseHeadlessArgs(
        [
          '--fanout',
          'hub',
          '--nats-url',
          'tls://nats.rede.example:4222, nats://10.0.0.5:4222',
          '--nats-creds',
          'hub.creds',
        ],
        {},
      ),
    ).toMatchObject({
      fanoutHub: true,
      natsUrl: ['tls://nats.rede.example:4222', 'nats://10.0.0.5:4222'],
      natsCreds: 'hub.creds',
      natsAccount: undefined,
      natsListen: undefined,
    });
    expect(
      parseHeadlessArgs(
        ['--fanout=hub', '--nats-url=nats://[::1]:4222', '--nats-creds=h.nk', '--nats-account', 'rede-sul'],
        {},
      ),
    ).toMatchObject({ natsUrl: ['nats://[::1]:4222'], natsAccount: 'rede-sul' });
    // One code per place: the desk follows each (a chain's overview).
    expect(parseHeadlessArgs(['--join', 'wdj1.a', '--join=wdj1.b', '--join', 'wdj1.c'], {})).toMatchObject({
      join: 'wdj1.a',
      moreJoins: ['wdj1.b', 'wdj1.c'],
    });
    expect(parseHeadlessArgs(['--join', 'wdj1.abc', '--nats-creds', 'bar.nk'], {})).toMatchObject({
      join: 'wdj1.abc',
      natsCreds: 'bar.nk',
    });

    const hub = ['--fanout', 'hub'];
    for (const bad of [
      'http://x:4222',
      'nats://user:pw@x:4222',
      'nats://x:4222/path',
      'x:4222',
      '',
      'nats://x:4222?a=1',
    ]) {
      expect(refusal([...hub, '--nats-url', bad, '--nats-creds', 'f']), bad).toMatch(/^--nats-url deve ser nats:\/\//);
    }
    expect(refusal(['--nats-url', 'nats://x:4222', '--nats-creds', 'f'])).toMatch(
      /^--nats-url só vale com --fanout hub/,
    );
    expect(refusal([...hub, '--nats-url', 'nats://x:4222'])).toMatch(/^--nats-url precisa de --nats-creds/);
    expect(
      refusal([...hub, '--nats-url', 'nats://x:4222', '--nats-creds', 'f', '--nats-listen', '0.0.0.0:4562']),
    ).toMatch(/não combinam/);
    expect(refusal([...hub, '--nats-creds', 'f'])).toMatch(/^--nats-creds só vale com --nats-url ou --join/);
    expect(refusal([...hub, '--nats-account', 'rede'])).toMatch(/^--nats-account só vale com --nats-url/);
    expect(refusal([...hub, '--nats-url', 'nats://x:1', '--nats-creds', 'f', '--nats-account', 'Rede Sul'])).toMatch(
      /^--nats-account: letras minúsculas/,
    );
    expect(refusal([...hub, '--nats-url', 'nats://x:1', '--nats-creds', ' '])).toMatch(/^--nats-creds precisa/);
  });

  it('keep the last of an option given twice, and a value that starts with one dash', () => {
    expect(parseHeadlessArgs(['--port', '4561', '--port', '4562'], {}).port).toBe(4562);
    expect(parseHeadlessArgs(['--data-dir', '-pasta'], {}).dataDir).toBe('-pasta');
  });

  it('say which option lacks its value', () => {
    expect(refusal(['--port'])).toBe(NEEDS_A_VALUE('--port'));
    expect(refusal(['--data-dir', '--port', '4561'])).toBe(NEEDS_A_VALUE('--data-dir'));
    expect(refusal(['--tunnel', '--help'])).toBe(NEEDS_A_VALUE('--tunnel'));
    expect(refusal(['--host', '--'])).toBe(NEEDS_A_VALUE('--host'));
  });

  it('name an unknown option as typed, up to its value', () => {
    expect(refusal(['--bogus'])).toBe(UNKNOWN('--bogus'));
    expect(refusal(['--bogus=1'])).toBe(UNKNOWN('--bogus'));
    expect(refusal(['-p', '4561'])).toBe(UNKNOWN('-p'));
    expect(refusal(['-hx'])).toBe(UNKNOWN('-hx'));
    expect(refusal(['--Port', '4561'])).toBe(UNKNOWN('--Port'));
    expect(refusal(['4561'])).toBe(UNKNOWN('4561'));
    expect(refusal(['--port', '4561', '--'])).toBe(UNKNOWN('--'));
  });

  it('list the tunnels there are when another is asked for', () => {
    expect(refusal(['--tunnel', 'teleport'])).toBe(TUNNEL_NAMES);
    expect(refusal(['--tunnel=Ngrok'])).toBe(TUNNEL_NAMES);
    expect(parseHeadlessArgs(['--tunnel', 'none'], {}).tunnel).toBe('none');
  });

  it('take a port from 0 to 65535 and refuse any other', () => {
    expect(parseHeadlessArgs(['--port', '0'], {}).port).toBe(0);
    expect(parseHeadlessArgs(['--port', '65535'], {}).port).toBe(65535);
    for (const port of ['65536', '-1', '4561.5', 'abc', '', ' ', '+80', '0x50', '1e3', '123456']) {
      expect(refusal(['--port', port]), port).toBe(PORT_RANGE);
      expect(refusal([`--port=${port}`]), port).toBe(PORT_RANGE);
    }
  });

  it('refuse a value given to a switch, rather than turning it on whatever the value says', () => {
    for (const word of ['--allow-non-loopback=false', '--allow-non-loopback=0', '--print-panel-url=no', '--help=1']) {
      const flag = word.split('=')[0]!;
      expect(refusal([word]), word).toBe(`${flag} não leva valor / takes no value`);
    }
    expect(parseHeadlessArgs(['--allow-non-loopback'], {}).allowNonLoopback).toBe(true);
    expect(parseHeadlessArgs([], {}).allowNonLoopback).toBe(false);
  });

  it('report the first wrong word on the line', () => {
    expect(refusal(['--tunnel', 'teleport', '--bogus'])).toBe(TUNNEL_NAMES);
    expect(refusal(['--bogus', '--tunnel', 'teleport'])).toBe(UNKNOWN('--bogus'));
    expect(refusal(['--port', '99999', '--port', '4561'])).toBe(PORT_RANGE);
  });

  it('ask for the usage with --help or -h, still checking the rest of the line', () => {
    expect(parseHeadlessArgs(['--help'], {}).help).toBe(true);
    expect(parseHeadlessArgs(['-h'], {}).help).toBe(true);
    expect(refusal(['--help', '--port', 'abc'])).toBe(PORT_RANGE);
  });

  it('use WIFIRE_DESK_PORT when no --port is given, and say when it is malformed', () => {
    expect(parseHeadlessArgs([], { WIFIRE_DESK_PORT: '4570' }).port).toBe(4570);
    expect(parseHeadlessArgs(['--port', '4561'], { WIFIRE_DESK_PORT: '4570' }).port).toBe(4561);
    expect(refusal([], { WIFIRE_DESK_PORT: 'abc' })).toBe(
      'WIFIRE_DESK_PORT deve ser um número de 0 a 65535 / must be 0–65535',
    );
  });
});

describe('npm run headless with a wrong option', () => {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };

  it('says what is wrong, then the usage, on stderr and exits with 2 before starting anything', () => {
    const result = spawnSync(process.execPath, ['dist/main/headless/cli.js', '--tunnel', 'teleport'], {
      encoding: 'utf8',
      env,
      timeout: 10_000,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${TUNNEL_NAMES}\n\n${USAGE}`);
  });

  it('prints the usage on stdout for --help and exits with 0', () => {
    const result = spawnSync(process.execPath, ['dist/main/headless/cli.js', '--help'], {
      encoding: 'utf8',
      env,
      timeout: 10_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(USAGE);
  });
});
