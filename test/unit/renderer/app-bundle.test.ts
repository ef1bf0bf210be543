// The page's UI script carries the renderer and shared/'s plain modules, never zod or the schemas built with it:
// main validates what crosses the bridge. One value imported from a schema module once pulled all of zod (and its
// locales) into app.js, 158 KB → 622 KB, and the panel's first rows waited for it to be parsed.
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRendererBundle } from '../../support/renderer-bundle.js';

let bytes = 0;
let inputs: Metafile['inputs'] = {};

beforeAll(async () => {
  // As scripts/build-bundles.mjs builds dist/renderer/app.js, in memory.
  const bundle = await buildRendererBundle('renderer/app.ts');
  bytes = bundle.output.contents.byteLength;
  inputs = bundle.inputs;
});

describe('app.js, the UI a browser or the desktop window loads', () => {
  it('takes nothing from node_modules and none of the zod schema modules', () => {
    const files = Object.keys(inputs);
    expect(files).toContain('renderer/fanout-role-form.ts');
    expect(files.filter((file) => file.includes('node_modules'))).toEqual([]);
    for (const file of ['shared/settings-schema.ts', 'shared/tunnel-settings.ts', 'shared/bridge-contract.ts']) {
      expect(files).not.toContain(file);
    }
  });

  it('stays under 256 KB minified (622 KB with zod in it)', () => {
    expect(bytes).toBeLessThan(256 * 1024);
  });
});
