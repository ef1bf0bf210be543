import { describe, expect, it } from 'vitest';
import { spacerHeight, virtualRange } from '../../../renderer/virtual-range.js';

const base = { rowHeight: 50, viewportHeight: 500, overscan: 0, count: 10_000 };

describe('virtualRange', () => {
  it('shows the first screen of rows at the top', () => {
    expect(virtualRange({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 10 });
  });

  it('shows the rows under the viewport when scrolled to the middle, including a partly visible one', () => {
    expect(virtualRange({ ...base, scrollTop: 250_025 })).toEqual({ start: 5000, end: 5011 });
  });

  it('stops at the last row at the end of the list', () => {
    expect(virtualRange({ ...base, scrollTop: 10_000 * 50 - 500 })).toEqual({ start: 9990, end: 10_000 });
  });

  it('clamps a scroll position past the end (the list shrank) to the last screen', () => {
    expect(virtualRange({ ...base, scrollTop: 9_999_999 })).toEqual({ start: 9990, end: 10_000 });
  });

  it('adds the overscan on both sides without going out of bounds', () => {
    expect(virtualRange({ ...base, overscan: 3, scrollTop: 1000 })).toEqual({ start: 17, end: 33 });
    expect(virtualRange({ ...base, overscan: 3, scrollTop: 0 })).toEqual({ start: 0, end: 13 });
    expect(virtualRange({ ...base, overscan: 3, scrollTop: 10_000 * 50 })).toEqual({ start: 9987, end: 10_000 });
  });

  it('draws nothing for zero rows', () => {
    expect(virtualRange({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0 });
    expect(virtualRange({ ...base, count: 0, overscan: 5, scrollTop: 300 })).toEqual({ start: 0, end: 0 });
  });

  it('draws every row when they all fit on the screen', () => {
    expect(virtualRange({ ...base, count: 4, overscan: 2, scrollTop: 0 })).toEqual({ start: 0, end: 4 });
  });

  it('still draws one row in a viewport with no height yet', () => {
    expect(virtualRange({ ...base, viewportHeight: 0, scrollTop: 0 })).toEqual({ start: 0, end: 1 });
  });

  it('makes the spacer as tall as every row together', () => {
    expect(spacerHeight(10_000, 68)).toBe(680_000);
    expect(spacerHeight(0, 68)).toBe(0);
  });
});
