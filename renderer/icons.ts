// The catalog's icon names drawn as small inline SVGs: no icon font, no file, nothing from the network.
import type { IconName } from '../shared/catalog.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

type Shape = readonly [
  tag: 'path' | 'circle' | 'rect' | 'line' | 'polygon' | 'polyline',
  attrs: Record<string, string>,
];

const p = (d: string): Shape => ['path', { d }];
const dot = (cx: number, cy: number): Shape => ['circle', { cx: String(cx), cy: String(cy), r: '1.2', class: 'fill' }];

const THUMB = [
  p('M7 11v10H4a1 1 0 0 1-1-1v-8a1 1 0 0 1 1-1z'),
  p('M7 11l4-8a2.2 2.2 0 0 1 3.4 2.3L13.6 10H19a2 2 0 0 1 2 2.3l-1.3 7a2 2 0 0 1-2 1.7H7'),
] as const;

const ICONS: Record<IconName, readonly Shape[]> = {
  alert: [p('M12 3.5L22 20.5H2z'), p('M12 10v4.5'), dot(12, 17.3)],
  cake: [
    ['rect', { x: '3.5', y: '11', width: '17', height: '9.5', rx: '2' }],
    p('M3.5 15.5c1.4 1.3 2.9 1.3 4.25 0s2.85-1.3 4.25 0 2.85 1.3 4.25 0 2.85-1.3 4.25 0'),
    p('M8 11V8M12 11V8M16 11V8'),
    dot(8, 5.6),
    dot(12, 5.6),
    dot(16, 5.6),
  ],
  star: [['polygon', { points: '12 2.5 15 8.6 21.7 9.6 16.8 14.3 18 21 12 17.8 6 21 7.2 14.3 2.3 9.6 9 8.6' }]],
  user: [['circle', { cx: '12', cy: '8', r: '4' }], p('M4 21v-1a6 6 0 0 1 6-6h4a6 6 0 0 1 6 6v1')],
  'user-plus': [
    ['circle', { cx: '9', cy: '8', r: '4' }],
    p('M2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1'),
    p('M19 8v6M16 11h6'),
  ],
  return: [p('M9 14L4 9l5-5'), p('M4 9h11a5 5 0 0 1 0 10h-4')],
  wifi: [
    p('M2 8.8a15 15 0 0 1 20 0'),
    p('M5.2 12.3a10.5 10.5 0 0 1 13.6 0'),
    p('M8.6 15.8a5.5 5.5 0 0 1 6.8 0'),
    dot(12, 19.5),
  ],
  camera: [
    p('M3 8.5a2 2 0 0 1 2-2h2.5l1.8-2.5h5.4l1.8 2.5H19a2 2 0 0 1 2 2V18a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z'),
    ['circle', { cx: '12', cy: '13', r: '3.6' }],
  ],
  heart: [p('M12 20.5l-7.8-7.7a4.9 4.9 0 0 1 7-6.9l.8.8.8-.8a4.9 4.9 0 0 1 7 6.9z')],
  comment: [p('M4 4.5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9.5L4.5 20.5v-4H4a1 1 0 0 1-1-1v-10a1 1 0 0 1 1-1z')],
  'check-in': [
    p('M12 21.5s-7-6.2-7-11.5a7 7 0 0 1 14 0c0 5.3-7 11.5-7 11.5z'),
    ['circle', { cx: '12', cy: '10', r: '2.6' }],
  ],
  'thumbs-up': THUMB,
  'thumbs-down': THUMB.map(([tag, attrs]): Shape => [tag, { ...attrs, transform: 'rotate(180 12 12)' }]),
  meh: [['circle', { cx: '12', cy: '12', r: '9.5' }], p('M8 15.5h8'), dot(9, 9.5), dot(15, 9.5)],
  gift: [
    ['rect', { x: '3', y: '8', width: '18', height: '4.5', rx: '1' }],
    p('M5 12.5V20a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-7.5'),
    p('M12 8v13'),
    p('M12 8C10.5 4.5 6.5 3.8 6.8 6.2 7 7.8 9.8 8 12 8zM12 8c1.5-3.5 5.5-4.2 5.2-1.8C17 7.8 14.2 8 12 8z'),
  ],
  shield: [p('M12 21.5s8-3.8 8-9.8V5.2L12 2.5 4 5.2v6.5c0 6 8 9.8 8 9.8z'), p('M8.8 11.8l2.2 2.2 4.2-4.4')],
  bell: [p('M6 16.5V11a6 6 0 0 1 12 0v5.5l1.8 2H4.2z'), p('M10 21a2.2 2.2 0 0 0 4 0')],
};

/** The page's own controls and marks, beside the catalog's icons. */
export type UiIconName = 'check' | 'bell-off';

const UI_ICONS: Record<UiIconName, readonly Shape[]> = {
  check: [p('M4.5 12.5l5 5 10-11')],
  'bell-off': [p('M6 16.5V11a6 6 0 0 1 9.4-4.9M18 11v5.5l1.8 2H8'), p('M10 21a2.2 2.2 0 0 0 4 0'), p('M3 3l18 18')],
};

function shapesOf(name: string): readonly Shape[] | undefined {
  if (Object.hasOwn(ICONS, name)) return ICONS[name as IconName];
  if (Object.hasOwn(UI_ICONS, name)) return UI_ICONS[name as UiIconName];
  return undefined;
}

/** A 24×24 line icon in the current text colour; decorative, so hidden from screen readers. */
export function iconSvg(name: string, className = 'icon'): SVGSVGElement {
  const known = shapesOf(name);
  const shapes = known ?? ICONS.bell;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('data-icon', known ? name : 'bell');
  for (const [tag, attrs] of shapes) {
    const shape = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) shape.setAttribute(key, value);
    svg.appendChild(shape);
  }
  return svg;
}

export function isIconName(name: string): name is IconName {
  return Object.hasOwn(ICONS, name);
}
