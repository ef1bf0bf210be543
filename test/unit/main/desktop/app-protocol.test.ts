// wifire-desk://app/ serves the four files of the built renderer and nothing else, with the desktop's strict headers.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DESKTOP_CSP,
  registerAppProtocol,
  resolveAppFile,
  type ProtocolLike,
} from '../../../../main/desktop/app-protocol.js';
import { makeTempDir } from '../../../support/temp-service.js';

const RENDERER = path.join(path.sep, 'opt', 'wifire-desk', 'renderer');

describe('resolveAppFile', () => {
  it('serves the four files of the renderer, each with its type', () => {
    expect(resolveAppFile('wifire-desk://app/index.html', RENDERER)).toEqual({
      file: path.join(RENDERER, 'index.html'),
      type: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile('wifire-desk://app/app.js', RENDERER)).toEqual({
      file: path.join(RENDERER, 'app.js'),
      type: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppFile('wifire-desk://app/http-bridge.js', RENDERER)).toEqual({
      file: path.join(RENDERER, 'http-bridge.js'),
      type: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppFile('wifire-desk://app/styles.css', RENDERER)).toEqual({
      file: path.join(RENDERER, 'styles.css'),
      type: 'text/css; charset=utf-8',
    });
  });

  it('serves index.html for the root and ignores a hash route', () => {
    expect(resolveAppFile('wifire-desk://app/', RENDERER)?.file).toBe(path.join(RENDERER, 'index.html'));
    expect(resolveAppFile('wifire-desk://app/index.html#/customer/42', RENDERER)?.file).toBe(
      path.join(RENDERER, 'index.html'),
    );
  });

  for (const url of [
    'wifire-desk://app/../package.json',
    'wifire-desk://app/%2e%2e/package.json',
    'wifire-desk://app/.%2E/.%2e/main/core/service.js',
    'wifire-desk://app/..%2fpackage.json',
    'wifire-desk://app/..%5cpackage.json',
    'wifire-desk://app/..\\package.json',
    'wifire-desk://app/%2fetc%2fpasswd',
  ]) {
    it(`refuses the traversal ${url}`, () => {
      expect(resolveAppFile(url, RENDERER)).toBeNull();
    });
  }

  it('refuses another host, a port, another scheme or an address that is not one', () => {
    for (const url of [
      'wifire-desk://evil/index.html',
      'wifire-desk://app.evil/index.html',
      'wifire-desk://app:8080/index.html',
      'wifire-desk:///index.html',
      'https://app/index.html',
      'file:///opt/wifire-desk/renderer/index.html',
      'wifire-desk-evil://app/index.html',
      'not a url',
    ]) {
      expect(resolveAppFile(url, RENDERER), url).toBeNull();
    }
  });

  it('does not let a query string or a fragment pick the file', () => {
    expect(resolveAppFile('wifire-desk://app/package.json?index.html', RENDERER)).toBeNull();
    expect(resolveAppFile('wifire-desk://app/package.json#/index.html', RENDERER)).toBeNull();
    expect(resolveAppFile('wifire-desk://app/index.html%3F../package.json', RENDERER)).toBeNull();
    // The query is not part of the path: this is still index.html, not what the query names.
    expect(resolveAppFile('wifire-desk://app/?file=../package.json', RENDERER)?.file).toBe(
      path.join(RENDERER, 'index.html'),
    );
    expect(resolveAppFile('wifire-desk://app/app.js?/../../package.json', RENDERER)?.file).toBe(
      path.join(RENDERER, 'app.js'),
    );
  });

  it('refuses any file outside the list, including names an object would inherit', () => {
    for (const name of [
      'package.json',
      'index.htm',
      'INDEX.HTML',
      'index.html/',
      'app.js.map',
      'renderer/index.html',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
    ]) {
      expect(resolveAppFile(`wifire-desk://app/${name}`, RENDERER), name).toBeNull();
    }
  });
});

describe('registerAppProtocol', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  type AppHandler = Parameters<ProtocolLike['handle']>[1];

  /** A real folder holding the renderer beside a secret file one level up, and the handler registered for it. */
  function served(files: readonly string[] = ['index.html', 'app.js', 'http-bridge.js', 'styles.css']) {
    const root = makeTempDir();
    dirs.push(root);
    const rendererDir = path.join(root, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(root, 'package.json'), '{"secret":true}');
    for (const file of files) fs.writeFileSync(path.join(rendererDir, file), `contents of ${file}`);
    const registered: Array<[string, AppHandler]> = [];
    registerAppProtocol({ handle: (scheme, handler) => registered.push([scheme, handler]) }, rendererDir);
    expect(registered.map(([scheme]) => scheme)).toEqual(['wifire-desk']);
    return registered[0]![1];
  }

  it('answers GET index.html with the file, its type, the strict CSP and nosniff', async () => {
    const handle = served();

    const response = await handle({ url: 'wifire-desk://app/index.html', method: 'GET' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('contents of index.html');
  });

  it('gives scripts and styles their own types', async () => {
    const handle = served();

    const script = await handle({ url: 'wifire-desk://app/app.js', method: 'GET' });
    const styles = await handle({ url: 'wifire-desk://app/styles.css', method: 'GET' });

    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('contents of app.js');
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('keeps the page off the network: the CSP allows no connection, no frame ancestors, no plugin', () => {
    expect(DESKTOP_CSP).toContain("default-src 'none'");
    expect(DESKTOP_CSP).toContain("connect-src 'none'");
    expect(DESKTOP_CSP).toContain("frame-ancestors 'none'");
    expect(DESKTOP_CSP).toContain("object-src 'none'");
    expect(DESKTOP_CSP).not.toContain('unsafe-inline');
    expect(DESKTOP_CSP).not.toContain('unsafe-eval');
  });

  it('answers 404 to a POST, even for a file it serves', async () => {
    const handle = served();

    const response = await handle({ url: 'wifire-desk://app/index.html', method: 'POST' });

    expect(response.status).toBe(404);
  });

  it('answers 404, and does not throw, when a listed file is missing from the folder', async () => {
    const handle = served(['index.html']);

    const response = await handle({ url: 'wifire-desk://app/styles.css', method: 'GET' });

    expect(response.status).toBe(404);
  });

  it('answers 404 to a traversal towards the file beside the renderer folder', async () => {
    const handle = served();

    for (const url of ['wifire-desk://app/../package.json', 'wifire-desk://app/%2e%2e/package.json']) {
      const response = await handle({ url, method: 'GET' });
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
  });

  it('answers 404 when reading the file fails', async () => {
    const registered: AppHandler[] = [];
    registerAppProtocol({ handle: (_scheme, handler) => registered.push(handler) }, RENDERER, () =>
      Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })),
    );

    const response = await registered[0]!({ url: 'wifire-desk://app/index.html', method: 'GET' });

    expect(response.status).toBe(404);
  });
});
