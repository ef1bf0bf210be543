// A renderer script built in memory as scripts/build-bundles.mjs builds it into dist/renderer (minified, for the
// browser), with esbuild's metafile: what the page would load, and which files went into it.
import path from 'node:path';
import { build, type Metafile, type OutputFile } from 'esbuild';

export interface RendererBundle {
  output: OutputFile;
  inputs: Metafile['inputs'];
}

/** `entry` relative to the project's root (where vitest runs), e.g. 'renderer/app.ts'. */
export async function buildRendererBundle(entry: string): Promise<RendererBundle> {
  const root = process.cwd();
  const result = await build({
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    minify: true,
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { output: result.outputFiles[0]!, inputs: result.metafile.inputs };
}
