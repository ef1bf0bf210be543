// Screenshots for the README: written to docs/screenshots with UPDATE_SCREENSHOTS=1, else to a temporary folder
// that the test removes when it is done (CI runs would otherwise leave one behind each time).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ScreenshotFolder {
  dir: string;
  /** Removes the temporary folder; the README's own folder is left as it is. */
  cleanup(): void;
}

export function screenshotFolder(): ScreenshotFolder {
  if (process.env.UPDATE_SCREENSHOTS === '1') return { dir: path.resolve('docs/screenshots'), cleanup: () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wifire-shots-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
