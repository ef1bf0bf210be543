// Tray and app icons drawn in code, so the tray can show the live status and unread count without image assets.
import { encodePng } from './png-encode.js';

/** ok = listening and reachable, degraded = listening but something is off, down = not receiving. */
export type TrayLevel = 'ok' | 'degraded' | 'down';

/** Google's status green, amber and red; green and red are alike in lightness, so the tooltip must name the state. */
export const TRAY_COLOURS: Readonly<Record<TrayLevel, string>> = {
  ok: '#1e8e3e',
  degraded: '#f29900',
  down: '#d93025',
};

/** The "fire" orange-red of the app icon. */
export const BRAND_COLOUR = '#c2410c';

// Near-black keeps 3.3:1 or more against all three status colours (a red badge would vanish on `down`);
// a white ring around it separates it from the disc and from dark taskbars.
const BADGE_COLOUR = '#202124';
const WHITE = '#ffffff';

export interface TrayIconOptions {
  level: TrayLevel;
  unread: number;
  /** Edge length in pixels, e.g. 16, 22 or 32 (and 2× for HiDPI). */
  size: number;
}

type Rgb = readonly [number, number, number];
/** Signed distance in pixels from a point to a shape's edge: negative inside. */
type Sdf = (x: number, y: number) => number;

function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [((n >> 16) & 0xff) / 255, ((n >> 8) & 0xff) / 255, (n & 0xff) / 255];
}

/** Premultiplied float RGBA, so shapes composite with plain "over". */
class Canvas {
  private readonly px: Float64Array;

  constructor(readonly size: number) {
    this.px = new Float64Array(size * size * 4);
  }

  /** Paints a shape with a one-pixel anti-aliased edge, sampling its distance at each pixel centre. */
  fill(sdf: Sdf, hex: string): void {
    const [r, g, b] = rgb(hex);
    for (let y = 0; y < this.size; y++) {
      for (let x = 0; x < this.size; x++) {
        const alpha = Math.min(1, Math.max(0, 0.5 - sdf(x + 0.5, y + 0.5)));
        if (alpha > 0) this.blend((y * this.size + x) * 4, r, g, b, alpha);
      }
    }
  }

  /** Paints whole pixels, for the bitmap font: its blocks sit on the pixel grid and need no smoothing. */
  fillRect(left: number, top: number, width: number, height: number, hex: string): void {
    const [r, g, b] = rgb(hex);
    for (let y = Math.max(0, top); y < Math.min(this.size, top + height); y++)
      for (let x = Math.max(0, left); x < Math.min(this.size, left + width); x++)
        this.blend((y * this.size + x) * 4, r, g, b, 1);
  }

  private blend(i: number, r: number, g: number, b: number, alpha: number): void {
    const keep = 1 - alpha;
    this.px[i] = r * alpha + this.px[i]! * keep;
    this.px[i + 1] = g * alpha + this.px[i + 1]! * keep;
    this.px[i + 2] = b * alpha + this.px[i + 2]! * keep;
    this.px[i + 3] = alpha + this.px[i + 3]! * keep;
  }

  toPng(): Buffer {
    const out = new Uint8Array(this.px.length);
    for (let i = 0; i < this.px.length; i += 4) {
      const a = this.px[i + 3]!;
      if (a <= 0) continue;
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(Math.min(1, this.px[i + c]! / a) * 255);
      out[i + 3] = Math.round(Math.min(1, a) * 255);
    }
    return encodePng(this.size, this.size, out);
  }
}

function circle(cx: number, cy: number, radius: number): Sdf {
  return (x, y) => Math.hypot(x - cx, y - cy) - radius;
}

function roundedSquare(left: number, top: number, side: number, cornerRadius: number): Sdf {
  const half = side / 2;
  const cx = left + half;
  const cy = top + half;
  return (x, y) => {
    const qx = Math.abs(x - cx) - half + cornerRadius;
    const qy = Math.abs(y - cy) - half + cornerRadius;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - cornerRadius;
  };
}

/** A stroke of width `width` along a circle of `radius`, opening upwards by ±`halfAngle`, with round caps. */
function arc(cx: number, cy: number, radius: number, halfAngle: number, width: number): Sdf {
  const sin = Math.sin(halfAngle);
  const cos = Math.cos(halfAngle);
  return (x, y) => {
    const px = Math.abs(x - cx);
    const py = cy - y; // up is positive
    const beyondEnd = cos * px > sin * py;
    const d = beyondEnd ? Math.hypot(px - sin * radius, py - cos * radius) : Math.abs(Math.hypot(px, py) - radius);
    return d - width / 2;
  };
}

interface WifiGeometry {
  stroke: number;
  dot: number;
  inner: number;
  outer: number;
}

/**
 * The Wi-Fi glyph's measures for a box of side `box`. Small tray sizes are hinted: an even stroke, whole-pixel
 * radii and centre put the arcs' edges on pixel boundaries, which is what keeps them from blurring at 16 px.
 */
function wifiGeometry(box: number, hinted: boolean): WifiGeometry {
  const raw = { stroke: box * 0.13, dot: box * 0.1, inner: box * 0.34, outer: box * 0.6 };
  if (!hinted) return raw;
  const stroke = Math.max(2, 2 * Math.round(raw.stroke / 2));
  const inner = Math.max(Math.round(raw.inner), 2 * stroke);
  return {
    stroke,
    dot: Math.max(raw.dot, stroke * 0.6),
    inner,
    outer: Math.max(Math.round(raw.outer), inner + Math.ceil(1.5 * stroke)),
  };
}

/** The Wi-Fi glyph (a dot and two arcs) centred in a box of side `box` around (cx, cy). */
function drawWifi(canvas: Canvas, cx: number, cy: number, box: number, hinted: boolean): void {
  const { stroke, dot, inner, outer } = wifiGeometry(box, hinted);
  // The arcs and the dot share a centre, placed so the glyph from the outer arc's top to the dot's foot is centred.
  const originY = cy + (outer + stroke / 2 - dot) / 2;
  const snappedY = hinted ? Math.round(originY) : originY;
  canvas.fill(circle(cx, snappedY, dot), WHITE);
  canvas.fill(arc(cx, snappedY, inner, Math.PI / 4, stroke), WHITE);
  canvas.fill(arc(cx, snappedY, outer, Math.PI / 4, stroke), WHITE);
}

// 3×5 bitmap glyphs, one string per row, for the badge.
const FONT: Readonly<Record<string, readonly string[]>> = {
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'],
  '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'],
  '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'],
  '7': ['111', '001', '001', '010', '010'],
  '8': ['111', '101', '111', '101', '111'],
  '9': ['111', '101', '111', '001', '111'],
  '+': ['000', '010', '111', '010', '000'],
};
const GLYPH_W = 3;
const GLYPH_H = 5;

/** What the badge says: 1 to 9, then 9+ (the feed has the exact number). */
export function badgeText(unread: number): string {
  const n = Math.floor(unread);
  if (!(n > 0)) return '';
  return n > 9 ? '9+' : String(n);
}

interface BadgeLayout {
  scale: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Sizes the digits as large as one digit fits the nominal badge, then grows the badge (within a cap) so that
 * "9+" keeps the same digit size instead of shrinking to an unreadable scale.
 */
function layoutBadge(text: string, size: number, ring: number): BadgeLayout {
  const nominal = size * 0.28;
  const largest = size * 0.34;
  const boxAt = (scale: number, count: number): [number, number] => [
    (count * GLYPH_W + count - 1) * scale,
    GLYPH_H * scale,
  ];
  const radiusFor = (scale: number, count: number): number => Math.hypot(...boxAt(scale, count)) / 2 / 0.95 + ring;
  let scale = 1;
  while (radiusFor(scale + 1, 1) <= nominal && GLYPH_H * (scale + 1) <= (nominal - ring) * 1.3) scale++;
  while (scale > 1 && radiusFor(scale, text.length) > largest) scale--;
  const [width, height] = boxAt(scale, text.length);
  const radius = Math.max(nominal, radiusFor(scale, text.length));
  return {
    scale,
    width,
    height,
    left: Math.round(size - radius - width / 2),
    top: Math.round(radius - height / 2),
  };
}

function drawBadgeText(canvas: Canvas, text: string, { scale, left, top }: BadgeLayout): void {
  [...text].forEach((ch, i) => {
    const x0 = left + i * (GLYPH_W + 1) * scale;
    FONT[ch]!.forEach((row, gy) => {
      for (let gx = 0; gx < GLYPH_W; gx++)
        if (row[gx] === '1') canvas.fillRect(x0 + gx * scale, top + gy * scale, scale, scale, WHITE);
    });
  });
}

function drawBadge(canvas: Canvas, text: string): void {
  const size = canvas.size;
  const ring = Math.max(1, size / 32);
  // At 16 px a legible digit needs more pixels than the corner has, so the badge is a plain dot there.
  if (size < 22) {
    const radius = size * 0.22;
    canvas.fill(circle(size - radius, radius, radius), WHITE);
    canvas.fill(circle(size - radius, radius, radius - ring), BADGE_COLOUR);
    return;
  }
  const layout = layoutBadge(text, size, ring);
  // Centre the disc on the whole-pixel text rather than the text on the disc, still touching the corner.
  const cx = layout.left + layout.width / 2;
  const cy = layout.top + layout.height / 2;
  const radius = Math.min(size - cx, cy);
  canvas.fill(circle(cx, cy, radius), WHITE);
  canvas.fill(circle(cx, cy, radius - ring), BADGE_COLOUR);
  drawBadgeText(canvas, text, layout);
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 16 || size > 1024)
    throw new RangeError(`icon size must be a whole number of pixels from 16 to 1024, got ${size}`);
}

/** The tray icon: a status disc with the Wi-Fi glyph and, when there is unread news, a badge top-right. */
export function renderTrayIcon({ level, unread, size }: TrayIconOptions): Buffer {
  checkSize(size);
  const canvas = new Canvas(size);
  const centre = size / 2;
  canvas.fill(circle(centre, centre, centre - 0.5), TRAY_COLOURS[level]);
  drawWifi(canvas, centre, centre, size * 0.6, size < 32);

  const text = badgeText(unread);
  if (text !== '') drawBadge(canvas, text);
  return canvas.toPng();
}

/** The app icon for installers and the dock: a rounded brand-coloured square with the Wi-Fi glyph. */
export function renderAppIcon(size: number): Buffer {
  checkSize(size);
  const canvas = new Canvas(size);
  const hinted = size < 32;
  const margin = hinted ? Math.max(1, Math.round(size * 0.06)) : size * 0.06;
  const side = size - 2 * margin;
  canvas.fill(roundedSquare(margin, margin, side, side * 0.22), BRAND_COLOUR);
  drawWifi(canvas, size / 2, size / 2, side * 0.62, hinted);
  return canvas.toPng();
}
