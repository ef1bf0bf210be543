// npm run headless and npm start as a user runs them: real processes, real sockets on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, fakeCustomer } from '../../main/headless/simulator/payloads.js';
import { eventually } from '../support/e2e-headless.js';
import { startHeadless, stopHeadlessChildren } from '../support/headless-process.js';
import { openPanel, rawRequest } from '../support/panel-client.js';
import { makeTempDir, postTo, TEST_TOKEN } from '../support/temp-service.js';
import { electronFailureReason } from '../../main/launcher/start.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await stopHeadlessChildren();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function waitForExit(child: import('node:child_process').ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm run headless', () => {
  it('prints the Webhook URL and the Panel URL and takes a webhook at once', async () => {
    const dir = tempDir();
    const { url, output } = await startHeadless(dir);
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/hooks/${TEST_TOKEN}$`));
    expect(output()).toMatch(/^Panel URL: http:\/\/127\.0\.0\.1:\d+\/panel\?token=[A-Za-z0-9_-]{22,}$/m);
    expect((await postTo(url, buildPayload('cliente-chegou', fakeCustomer(1)))).status).toBe(200);
  });

  it('speaks to people in the terminal: the local address is said to be local, the next step named, a clean goodbye', async () => {
    const dir = tempDir();
    const { url, child, output } = await startHeadless(dir);
    await eventually(() => (output().includes('Ctrl+C encerra') ? true : undefined), 'the whole greeting');
    const lines = output().split('\n');
    const webhook = lines.findIndex((line) => line === `Webhook URL: ${url}`);
    // Never an invitation to paste 127.0.0.1 into WiFire: the line after it says what it is.
    expect(lines[webhook + 1]).toBe(
      '  Endereço local, só para testes neste computador: o WiFire, na internet, não chega nele.',
    );
    expect(output()).toMatch(/^Próximo passo: ligue um túnel/m);
    expect(output()).not.toMatch(/Cole .*127\.0\.0\.1|cole a URL pública/);
    expect((await postTo(url, buildPayload('cliente-chegou', fakeCustomer(2)))).status).toBe(200);
    child.kill('SIGTERM');
    expect(await waitForExit(child)).toBe(0);
    expect(output()).toContain('WiFire Desk encerrado; nada do que foi confirmado se perdeu.');
    // The log's JSON lines are in its file, not in the terminal.
    expect(output()).not.toMatch(/^\[(info|warn|error)\]|"time":/m);
    expect(fs.readFileSync(path.join(dir, 'logs', 'wifire-desk.log'), 'utf8')).toContain('"message":"listening"');
  });

  it('generates a secret of at least 128 bits on first start and keeps it in config.json', async () => {
    const dir = tempDir();
    const first = await startHeadless(dir, [], { WIFIRE_DESK_TOKEN: '' });
    const secret = first.url.split('/hooks/')[1]!;
    expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(16);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { webhookSecret: string };
    expect(config.webhookSecret).toBe(secret);
    first.child.kill('SIGTERM');
    await waitForExit(first.child);
    const second = await startHeadless(dir, [], { WIFIRE_DESK_TOKEN: '' });
    expect(second.url.endsWith(`/hooks/${secret}`)).toBe(true);
  });

  it('creates a new data folder and its logs readable only by this OS user, as they hold customers', async () => {
    const dir = path.join(tempDir(), 'fresh', 'WiFire Desk');
    await startHeadless(dir);
    for (const folder of [dir, path.join(dir, 'logs')]) expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
  });

  it('opens the panel only with the panel token and the right Host, never with the webhook secret', async () => {
    const dir = tempDir();
    const { url, output } = await startHeadless(dir);
    const panelUrl = /^Panel URL: (\S+)$/m.exec(output())![1]!;
    const panel = await openPanel(panelUrl);
    const page = await rawRequest(`${panel.base}/panel/`, { headers: { cookie: panel.cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('WiFire Desk');
    expect((await rawRequest(panelUrl.replace(/token=.*/, `token=${TEST_TOKEN}`))).status).toBe(404);
    // DNS rebinding: the right address and token, but the browser thinks it is talking to another site.
    expect((await rawRequest(panelUrl, { headers: { host: 'evil.example:80' } })).status).toBe(404);
    // And the panel token does not accept webhooks.
    const token = new URL(panelUrl).searchParams.get('token')!;
    const hook = url.replace(TEST_TOKEN, token);
    expect((await postTo(hook, buildPayload('cliente-chegou', fakeCustomer(2)))).status).toBe(404);
  });

  it('shuts down cleanly on SIGTERM with exit code 0', async () => {
    const { child, url } = await startHeadless(tempDir());
    expect((await postTo(url, buildPayload('cliente-chegou', fakeCustomer(3)))).status).toBe(200);
    child.kill('SIGTERM');
    expect(await waitForExit(child)).toBe(0);
  });

  it('refuses to listen beyond the loopback unless told so explicitly', () => {
    const result = spawnSync(
      process.execPath,
      ['dist/main/headless/cli.js', '--data-dir', tempDir(), '--host', '0.0.0.0', '--port', '0'],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, WIFIRE_DESK_TOKEN: TEST_TOKEN },
        timeout: 10_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--allow-non-loopback');
  });

  it('says which port is taken instead of crashing', async () => {
    const first = await startHeadless(tempDir());
    const port = new URL(first.url).port;
    const result = spawnSync(process.execPath, ['dist/main/headless/cli.js', '--data-dir', tempDir(), '--port', port], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, WIFIRE_DESK_TOKEN: TEST_TOKEN },
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`A porta ${port} já está em uso`);
  });

  it('rejects a malformed WIFIRE_DESK_TOKEN with a clear message', () => {
    const result = spawnSync(process.execPath, ['dist/main/headless/cli.js', '--data-dir', tempDir(), '--port', '0'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, WIFIRE_DESK_TOKEN: 'short' },
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('WIFIRE_DESK_TOKEN precisa ter de 22 a 128 caracteres');
  });

  it('honours WIFIRE_DESK_DATA_DIR when no --data-dir is given', async () => {
    const dir = tempDir();
    const { url } = await startHeadless(dir);
    expect(url).toContain('/hooks/');
    expect(fs.existsSync(path.join(dir, 'wifire-desk.db'))).toBe(true);
    const result = spawnSync(
      process.execPath,
      ['-e', "import('./dist/main/core/data-dir/data-dir.js').then(m => console.log(m.defaultDataDir()))"],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, WIFIRE_DESK_DATA_DIR: dir },
      },
    );
    expect(result.stdout.trim()).toBe(dir);
  });
});

describe('why npm start falls back, in words', () => {
  it('says a failed download is no internet access, and a broken install is an unfinished install', () => {
    expect(electronFailureReason('TypeError: fetch failed')).toMatch(
      /^não foi possível baixar o Electron, sem acesso à internet \//,
    );
    expect(
      electronFailureReason(
        'Electron failed to install correctly, please delete node_modules/electron and try installing again',
      ),
    ).toBe('o Electron não terminou de instalar / Electron did not finish installing');
  });
});

describe('npm start where Electron cannot start', () => {
  it('says so in one line and runs the headless service instead', async () => {
    const dir = tempDir();
    const { url, output } = await startHeadless(dir, [], {}, path.resolve('dist/main/launcher/start.js'));
    const lines = output().split('\n');
    const notice = lines.filter((line) => line.startsWith('O app de desktop não pode abrir aqui'));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain('Iniciando o serviço sem interface (headless).');
    // Said for a person: no error text of Electron's tooling at the end of the line.
    expect(notice[0]).not.toMatch(/fetch failed|\(.*Error.*\)|please delete/i);
    // Electron's own first-start download output and stack traces stay out of the user's terminal.
    expect(output()).not.toMatch(/Downloading Electron|TypeError|^\s+at /m);
    expect((await postTo(url, buildPayload('cliente-chegou', fakeCustomer(4)))).status).toBe(200);
  });
});
