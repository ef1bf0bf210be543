// The virtualised list draws from what it already knows: reading the page's geometry while drawing would force the
// browser to lay the page out before the rows are in it, then again with them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualList } from '../../../renderer/virtual-list.js';

const ROW = 50;

function list(): VirtualList<number> {
  return new VirtualList<number>({
    rowHeight: ROW,
    overscan: 2,
    renderRow: (item, index) => {
      const row = document.createElement('div');
      row.textContent = item === undefined ? 'loading' : `row ${index}`;
      return row;
    },
    fallbackHeight: () => 500,
  });
}

function drawn(vlist: VirtualList<number>): string[] {
  return [...vlist.element.querySelectorAll<HTMLElement>('.vlist-row')].map((row) => row.textContent ?? '');
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('the virtual list', () => {
  it('draws its first rows without reading the page geometry (clientHeight, scrollTop)', () => {
    const vlist = list();
    document.body.appendChild(vlist.element);
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get');
    const top = vi.spyOn(Element.prototype, 'scrollTop', 'get');
    vlist.setData(
      Array.from({ length: 100 }, (_, i) => i),
      10_000,
    );
    expect(height).not.toHaveBeenCalled();
    expect(top).not.toHaveBeenCalled();
    // The window's height (the list is never taller) plus the overscan: rows 0–9 on screen, 10–11 below.
    expect(drawn(vlist)).toEqual(Array.from({ length: 12 }, (_, i) => `row ${i}`));
  });

  it('follows a scroll to where the list is, and shows rows not yet loaded as placeholders', () => {
    const vlist = list();
    document.body.appendChild(vlist.element);
    vlist.setData(
      Array.from({ length: 100 }, (_, i) => i),
      10_000,
    );
    vlist.element.scrollTop = 99 * ROW;
    vlist.element.dispatchEvent(new Event('scroll'));
    const rows = drawn(vlist);
    expect(rows[0]).toBe('row 97');
    expect(rows).toContain('row 99');
    expect(rows).toContain('loading');
    expect(rows).not.toContain('row 0');
  });
});
