// A child's output as lines, each cut at a bound: a program printing without newlines cannot grow our memory.
import { StringDecoder } from 'node:string_decoder';

export const MAX_LINE_CHARS = 8 * 1024;

export function lineSplitter(
  onLine: (line: string) => void,
  maxChars = MAX_LINE_CHARS,
): (chunk: Buffer | string) => void {
  let pending = '';
  let skipping = false;
  // A character split across two chunks is joined, not turned into two replacement marks.
  const decoder = new StringDecoder('utf8');
  return (chunk) => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const parts = (pending + text).split(/\r?\n|\r/);
    pending = parts.pop() ?? '';
    for (const part of parts) {
      if (!skipping) onLine(part.slice(0, maxChars));
      skipping = false;
    }
    if (pending.length > maxChars) {
      // The rest of an overlong line is dropped up to its newline; its start was enough to read a URL.
      if (!skipping) onLine(pending.slice(0, maxChars));
      pending = '';
      skipping = true;
    }
  };
}
