// Where the compact tray-feed window opens: against the taskbar or menu bar, centred on the tray icon.
import type { Rectangle } from 'electron';

type TrayEdge = 'top' | 'bottom' | 'left' | 'right';

// Gap kept between the window and the taskbar and screen edges.
export const TRAY_WINDOW_MARGIN = 8;

export function trayWindowPosition(
  tray: Rectangle,
  window: { width: number; height: number },
  workArea: Rectangle,
  platform: NodeJS.Platform,
): { x: number; y: number } {
  const gap = TRAY_WINDOW_MARGIN;
  const right = workArea.x + workArea.width;
  const bottom = workArea.y + workArea.height;
  const xInside = (x: number): number => clamp(x, workArea.x + gap, right - window.width - gap);
  const yInside = (y: number): number => clamp(y, workArea.y + gap, bottom - window.height - gap);

  // Some Linux trays report all zeros: use the corner where that platform's tray usually lives.
  if (tray.width === 0 && tray.height === 0 && tray.x === 0 && tray.y === 0) {
    const y = platform === 'darwin' ? workArea.y + gap : bottom - window.height - gap;
    return { x: toInt(xInside(right - window.width - gap)), y: toInt(yInside(y)) };
  }

  const centreX = tray.x + tray.width / 2;
  const centreY = tray.y + tray.height / 2;
  // Against the taskbar, or against the icon itself when an auto-hiding taskbar overlaps the work area.
  switch (trayEdge(tray, workArea)) {
    case 'bottom': {
      const y = Math.min(tray.y, bottom) - window.height - gap;
      return { x: toInt(xInside(centreX - window.width / 2)), y: toInt(yInside(y)) };
    }
    case 'top': {
      const y = Math.max(tray.y + tray.height, workArea.y) + gap;
      return { x: toInt(xInside(centreX - window.width / 2)), y: toInt(yInside(y)) };
    }
    case 'left': {
      const x = Math.max(tray.x + tray.width, workArea.x) + gap;
      return { x: toInt(xInside(x)), y: toInt(yInside(centreY - window.height / 2)) };
    }
    case 'right': {
      const x = Math.min(tray.x, right) - window.width - gap;
      return { x: toInt(xInside(x)), y: toInt(yInside(centreY - window.height / 2)) };
    }
  }
}

// The work-area edge the icon's centre is nearest to; a taskbar outside the work area gives a negative distance.
function trayEdge(tray: Rectangle, workArea: Rectangle): TrayEdge {
  const centreX = tray.x + tray.width / 2;
  const centreY = tray.y + tray.height / 2;
  const distances: [TrayEdge, number][] = [
    ['bottom', workArea.y + workArea.height - centreY],
    ['top', centreY - workArea.y],
    ['left', centreX - workArea.x],
    ['right', workArea.x + workArea.width - centreX],
  ];
  return distances.reduce((nearest, candidate) => (candidate[1] < nearest[1] ? candidate : nearest))[0];
}

function clamp(value: number, min: number, max: number): number {
  // A window larger than the work area keeps its top-left corner visible.
  return Math.max(min, Math.min(value, max));
}

// `|| 0` turns Math.round's -0 into 0.
function toInt(value: number): number {
  return Math.round(value) || 0;
}
