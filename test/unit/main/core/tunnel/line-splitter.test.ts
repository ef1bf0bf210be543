// A child's output as lines: any line ending, chunks cut anywhere, and a bound on how long a line may grow.
import { describe, expect, it } from 'vitest';
import { lineSplitter } from '../../../../../main/core/tunnel/line-splitter.js';

function collect(maxChars?: number): { lines: string[]; feed: (chunk: Buffer | string) => void } {
  const lines: string[] = [];
  return { lines, feed: lineSplitter((line) => lines.push(line), maxChars) };
}

describe('lineSplitter', () => {
  it('splits at LF and at CRLF without leaving a carriage return on the line', () => {
    const { lines, feed } = collect();
    feed('first\nsecond\r\nthird\n');
    expect(lines).toEqual(['first', 'second', 'third']);
  });

  it('holds a line split across chunks until its newline arrives', () => {
    const { lines, feed } = collect();
    feed(Buffer.from('INF |  https://four-dashed'));
    expect(lines).toEqual([]);
    feed(Buffer.from('-word-url.trycloudflare.com  |\r\nnext'));
    expect(lines).toEqual(['INF |  https://four-dashed-word-url.trycloudflare.com  |']);
    feed(Buffer.from(' line\n'));
    expect(lines).toEqual(['INF |  https://four-dashed-word-url.trycloudflare.com  |', 'next line']);
  });

  it('joins a multi-byte UTF-8 character split across two buffers', () => {
    const { lines, feed } = collect();
    const bytes = Buffer.from('túnel ✓\n', 'utf8');
    // "ú" is two bytes and "✓" three: cut inside each.
    const cutInU = bytes.indexOf(0xc3) + 1;
    const cutInCheck = bytes.indexOf(0xe2) + 2;
    feed(bytes.subarray(0, cutInU));
    feed(bytes.subarray(cutInU, cutInCheck));
    feed(bytes.subarray(cutInCheck));
    expect(lines).toEqual(['túnel ✓']);
    expect(lines[0]).not.toContain('\ufffd');
  });

  it('cuts an overlong line at the bound once, drops the rest up to its newline, and reads the next line', () => {
    const { lines, feed } = collect(10);
    feed(Buffer.from('0123456789ABCDEF'));
    expect(lines).toEqual(['0123456789']);
    feed(Buffer.from('GHIJKLMNOPQRSTUVWXYZ'));
    feed(Buffer.from('more of the same'));
    expect(lines).toEqual(['0123456789']);
    feed(Buffer.from('end\nnext\n'));
    expect(lines).toEqual(['0123456789', 'next']);
  });

  it('cuts an overlong line that arrives whole with its newline and keeps the following one', () => {
    const { lines, feed } = collect(10);
    feed('0123456789ABCDEF\nshort\n');
    expect(lines).toEqual(['0123456789', 'short']);
  });

  it('does not emit a line before its newline when it is within the bound', () => {
    const { lines, feed } = collect(10);
    feed('0123456789');
    expect(lines).toEqual([]);
    feed('\n');
    expect(lines).toEqual(['0123456789']);
  });
});
