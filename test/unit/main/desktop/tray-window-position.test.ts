// The tray-feed window opens against the taskbar or menu bar, centred on the icon and inside the work area.
import { describe, expect, it } from 'vitest';
import { trayWindowPosition } from '../../../../main/desktop/tray-window-position.js';

const feed = { width: 360, height: 480 };
const zero = { x: 0, y: 0, width: 0, height: 0 };

describe('trayWindowPosition', () => {
  it('opens above a bottom taskbar, centred on the tray icon', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1032 };
    const tray = { x: 1700, y: 1040, width: 32, height: 32 };
    expect(trayWindowPosition(tray, feed, workArea, 'win32')).toEqual({ x: 1536, y: 544 });
  });

  it('opens below the macOS menu bar, centred on the menu bar icon', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 800 };
    const tray = { x: 1200, y: 0, width: 22, height: 24 };
    expect(trayWindowPosition(tray, feed, workArea, 'darwin')).toEqual({ x: 1031, y: 33 });
  });

  it('opens to the right of a left-hand taskbar, centred vertically on the icon', () => {
    const workArea = { x: 60, y: 0, width: 1860, height: 1080 };
    const tray = { x: 14, y: 500, width: 32, height: 32 };
    expect(trayWindowPosition(tray, feed, workArea, 'win32')).toEqual({ x: 68, y: 276 });
  });

  it('opens to the left of a right-hand taskbar, centred vertically on the icon', () => {
    const workArea = { x: 0, y: 0, width: 1860, height: 1080 };
    const tray = { x: 1874, y: 500, width: 32, height: 32 };
    expect(trayWindowPosition(tray, feed, workArea, 'linux')).toEqual({ x: 1492, y: 276 });
  });

  it('keeps the window inside the work area when the icon sits in the screen corner', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1032 };
    const tray = { x: 1880, y: 1040, width: 32, height: 32 };
    expect(trayWindowPosition(tray, feed, workArea, 'win32')).toEqual({ x: 1552, y: 544 });
  });

  it('keeps the window off the bottom of a left-hand taskbar when the icon is near the corner', () => {
    const workArea = { x: 60, y: 0, width: 1860, height: 1080 };
    const tray = { x: 14, y: 1040, width: 32, height: 32 };
    expect(trayWindowPosition(tray, feed, workArea, 'win32')).toEqual({ x: 68, y: 592 });
  });

  it('opens above the icon of an auto-hiding taskbar that overlaps the work area', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
    const tray = { x: 1700, y: 1040, width: 32, height: 32 };
    expect(trayWindowPosition(tray, feed, workArea, 'win32')).toEqual({ x: 1536, y: 552 });
  });

  it('falls back to the bottom-right corner on Windows and Linux when the tray reports zero bounds', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1032 };
    expect(trayWindowPosition(zero, feed, workArea, 'win32')).toEqual({ x: 1552, y: 544 });
    expect(trayWindowPosition(zero, feed, workArea, 'linux')).toEqual({ x: 1552, y: 544 });
  });

  it('falls back to the top-right corner on macOS when the tray reports zero bounds', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 800 };
    expect(trayWindowPosition(zero, feed, workArea, 'darwin')).toEqual({ x: 1072, y: 33 });
  });

  it('falls back to the corner of the work area on a second monitor when the tray reports zero bounds', () => {
    const workArea = { x: -1920, y: 0, width: 1920, height: 1040 };
    expect(trayWindowPosition(zero, feed, workArea, 'linux')).toEqual({ x: -368, y: 552 });
  });

  it('places the window on a second monitor to the left, whose coordinates are negative', () => {
    const workArea = { x: -1920, y: 0, width: 1920, height: 1040 };
    expect(trayWindowPosition({ x: -300, y: 1048, width: 24, height: 24 }, feed, workArea, 'win32')).toEqual({
      x: -468,
      y: 552,
    });
    expect(trayWindowPosition({ x: -1910, y: 1048, width: 24, height: 24 }, feed, workArea, 'win32')).toEqual({
      x: -1912,
      y: 552,
    });
  });

  it('returns whole pixels when the icon and window have odd sizes', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 800 };
    const position = trayWindowPosition(
      { x: 1201, y: 0, width: 23, height: 24 },
      { width: 361, height: 481 },
      workArea,
      'darwin',
    );
    expect(Number.isInteger(position.x) && Number.isInteger(position.y)).toBe(true);
    expect(position).toEqual({ x: 1032, y: 33 });
  });
});
