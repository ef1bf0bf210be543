import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../../main/desktop/png-encode.js';
import {
  BRAND_COLOUR,
  TRAY_COLOURS,
  badgeText,
  renderAppIcon,
  renderTrayIcon,
  type TrayLevel,
} from '../../../../main/desktop/tray-icon.js';

const LEVELS: TrayLevel[] = ['ok', 'degraded', 'down'];
const TRAY_SIZES = [16, 22, 32, 64];
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// Bit by bit rather than by table, so it does not share a mistake with the encoder's CRC.
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

interface Decoded {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  chunkTypes: string[];
  badCrcs: string[];
  filterBytes: Set<number>;
  rgba: Uint8Array;
}

function decodePng(png: Buffer): Decoded {
  expect([...png.subarray(0, 8)]).toEqual(SIGNATURE);
  const chunkTypes: string[] = [];
  const badCrcs: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | null = null;
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (png.readUInt32BE(at + 8 + length) !== crc32(png.subarray(at + 4, at + 8 + length))) badCrcs.push(type);
    chunkTypes.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (ihdr === null) throw new Error('no IHDR chunk');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  expect(raw.length).toBe((stride + 1) * height);
  const filterBytes = new Set<number>();
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    filterBytes.add(raw[row]!);
    rgba.set(raw.subarray(row + 1, row + 1 + stride), y * stride);
  }
  return {
    width,
    height,
    bitDepth: ihdr[8]!,
    colourType: ihdr[9]!,
    interlace: ihdr[12]!,
    chunkTypes,
    badCrcs,
    filterBytes,
    rgba,
  };
}

function pixel(image: Decoded, x: number, y: number): [number, number, number, number] {
  const i = (y * image.width + x) * 4;
  return [image.rgba[i]!, image.rgba[i + 1]!, image.rgba[i + 2]!, image.rgba[i + 3]!];
}

function opaque(hex: string): [number, number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, 255];
}

/** The pixels of rows [top, bottom) and columns [left, right), flattened for comparison. */
function region(image: Decoded, left: number, top: number, right: number, bottom: number): number[] {
  const out: number[] = [];
  for (let y = top; y < bottom; y++) for (let x = left; x < right; x++) out.push(...pixel(image, x, y));
  return out;
}

const topRight = (image: Decoded): number[] => region(image, image.width / 2, 0, image.width, image.height / 2);
const tray = (level: TrayLevel, unread: number, size: number): Decoded =>
  decodePng(renderTrayIcon({ level, unread, size }));

describe('encodePng', () => {
  it('writes a signature, an 8-bit RGBA header, IHDR-IDAT-IEND and a correct CRC on every chunk', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const image = decodePng(encodePng(3, 2, rgba));
    expect(image).toMatchObject({ width: 3, height: 2, bitDepth: 8, colourType: 6, interlace: 0 });
    expect(image.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(image.badCrcs).toEqual([]);
    expect([...image.filterBytes]).toEqual([0]);
    expect([...image.rgba]).toEqual([...rgba]);
  });

  it('refuses pixel data that does not match the stated size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(RangeError);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(RangeError);
  });
});

describe('renderTrayIcon', () => {
  it.each(TRAY_SIZES)('draws a valid %i px square RGBA PNG with filter 0 on every row', (size) => {
    const image = tray('ok', 3, size);
    expect(image).toMatchObject({ width: size, height: size, bitDepth: 8, colourType: 6, interlace: 0 });
    expect(image.badCrcs).toEqual([]);
    expect(image.chunkTypes[0]).toBe('IHDR');
    expect(image.chunkTypes.at(-1)).toBe('IEND');
    expect([...image.filterBytes]).toEqual([0]);
  });

  it.each(LEVELS)('fills the disc below the Wi-Fi glyph with the %s colour at every tray size', (level) => {
    for (const size of TRAY_SIZES) {
      const image = tray(level, 0, size);
      expect(pixel(image, size / 2, Math.round(size * 0.85)), `${size} px`).toEqual(opaque(TRAY_COLOURS[level]));
    }
  });

  it('draws a white Wi-Fi glyph inside the disc', () => {
    const image = tray('down', 0, 64);
    let white = 0;
    for (let y = 16; y < 48; y++) for (let x = 16; x < 48; x++) if (pixel(image, x, y).every((c) => c === 255)) white++;
    expect(white).toBeGreaterThan(100);
  });

  it('leaves the bottom-left corner transparent, badge or not', () => {
    for (const size of TRAY_SIZES)
      for (const unread of [0, 12]) expect(pixel(tray('ok', unread, size), 0, size - 1)[3]).toBe(0);
  });

  it('adds a badge in the top-right corner only when there is unread news', () => {
    for (const size of TRAY_SIZES) {
      const none = tray('degraded', 0, size);
      const three = tray('degraded', 3, size);
      expect(topRight(three), `${size} px`).not.toEqual(topRight(none));
      const lowerThird = Math.ceil(size * 0.7);
      expect(region(three, 0, lowerThird, size, size), `${size} px`).toEqual(region(none, 0, lowerThird, size, size));
    }
  });

  it('writes a different badge for 3 and for 12, which reads 9+', () => {
    for (const size of [22, 32, 64]) expect(topRight(tray('ok', 12, size))).not.toEqual(topRight(tray('ok', 3, size)));
  });

  it('draws the same 9+ badge for every count above nine', () => {
    const ten = renderTrayIcon({ level: 'down', unread: 10, size: 32 });
    expect(renderTrayIcon({ level: 'down', unread: 12, size: 32 }).equals(ten)).toBe(true);
    expect(renderTrayIcon({ level: 'down', unread: 4_000, size: 32 }).equals(ten)).toBe(true);
  });

  it('shows a plain dot at 16 px, the same whatever the count', () => {
    const three = renderTrayIcon({ level: 'ok', unread: 3, size: 16 });
    expect(renderTrayIcon({ level: 'ok', unread: 12, size: 16 }).equals(three)).toBe(true);
    expect(renderTrayIcon({ level: 'ok', unread: 0, size: 16 }).equals(three)).toBe(false);
  });

  it('gives the same bytes for the same input', () => {
    const a = renderTrayIcon({ level: 'degraded', unread: 7, size: 22 });
    expect(renderTrayIcon({ level: 'degraded', unread: 7, size: 22 }).equals(a)).toBe(true);
  });

  it('treats a negative or non-numeric count as nothing unread', () => {
    const none = renderTrayIcon({ level: 'ok', unread: 0, size: 32 });
    expect(renderTrayIcon({ level: 'ok', unread: -2, size: 32 }).equals(none)).toBe(true);
    expect(renderTrayIcon({ level: 'ok', unread: Number.NaN, size: 32 }).equals(none)).toBe(true);
  });

  it('refuses sizes that are not whole pixels or too small to draw', () => {
    expect(() => renderTrayIcon({ level: 'ok', unread: 0, size: 8 })).toThrow(RangeError);
    expect(() => renderTrayIcon({ level: 'ok', unread: 0, size: 16.5 })).toThrow(RangeError);
  });
});

describe('badgeText', () => {
  it('counts 1 to 9 and caps anything above at 9+', () => {
    expect([0, 1, 9, 10, 99].map(badgeText)).toEqual(['', '1', '9', '9+', '9+']);
  });
});

describe('renderAppIcon', () => {
  it('draws a 512 px rounded square, opaque in the centre and brand-coloured below the glyph', () => {
    const image = decodePng(renderAppIcon(512));
    expect(image).toMatchObject({ width: 512, height: 512, colourType: 6 });
    expect(image.badCrcs).toEqual([]);
    expect(pixel(image, 256, 256)[3]).toBe(255);
    expect(pixel(image, 256, 440)).toEqual(opaque(BRAND_COLOUR));
    expect(pixel(image, 0, 0)[3]).toBe(0);
    expect(pixel(image, 511, 511)[3]).toBe(0);
  });

  it('draws every Linux size at its own dimensions', () => {
    for (const size of [16, 32, 48, 64, 128, 256]) {
      const image = decodePng(renderAppIcon(size));
      expect([image.width, image.height]).toEqual([size, size]);
      expect(pixel(image, size / 2, size / 2)[3]).toBe(255);
    }
  });
});
