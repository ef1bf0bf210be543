// The page's bridge script carries its own few messages, not the whole UI's texts, the event catalog or zod.
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_STRINGS } from '../../../shared/bridge-strings.js';
import { UI_STRINGS } from '../../../shared/ui-strings.js';
import { buildRendererBundle } from '../../support/renderer-bundle.js';

let code = '';
let bytes = 0;
let inputs: Metafile['inputs'] = {};

beforeAll(async () => {
  // As scripts/build-bundles.mjs builds dist/renderer/http-bridge.js, in memory.
  const bundle = await buildRendererBundle('renderer/http-bridge.ts');
  const output = bundle.output;
  bytes = output.contents.byteLength;
  // esbuild writes non-ASCII letters as \xE3 or \u2026 escapes: read back as text, to compare with the strings.
  code = output.text.replace(/\\x([0-9a-f]{2})|\\u([0-9a-f]{4})/gi, (_, x?: string, u?: string) =>
    String.fromCharCode(parseInt((x ?? u)!, 16)),
  );
  inputs = bundle.inputs;
});

describe('http-bridge.js, the bridge a browser loads with the panel', () => {
  it('holds its own messages in both languages', () => {
    for (const strings of Object.values(BRIDGE_STRINGS)) {
      for (const text of Object.values(strings)) expect(code).toContain(text);
    }
  });

  it('leaves out the UI’s other texts, the event catalog and zod', () => {
    const files = Object.keys(inputs);
    expect(files).toContain('shared/bridge-strings.ts');
    for (const file of ['shared/ui-strings.ts', 'shared/catalog.ts', 'shared/bridge-contract.ts']) {
      expect(files).not.toContain(file);
    }
    expect(files.filter((file) => file.includes('node_modules'))).toEqual([]);
    const own = new Set(Object.values(BRIDGE_STRINGS).flatMap((strings) => Object.values(strings)));
    const others = Object.values(UI_STRINGS)
      .flatMap((strings) => Object.values(strings))
      .filter((text): text is string => typeof text === 'string' && text.length >= 20 && !own.has(text));
    expect(others.length).toBeGreaterThan(100);
    expect(others.filter((text) => code.includes(text))).toEqual([]);
  });

  it('stays a few kilobytes (44 KB when it carried every UI text)', () => {
    expect(bytes).toBeLessThan(8 * 1024);
  });
});
