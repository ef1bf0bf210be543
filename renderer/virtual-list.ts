// A scroll container that keeps only the visible rows (plus a few) in the DOM, over a spacer as tall as the whole list.
import { h } from './dom.js';
import { virtualRange, spacerHeight, type VirtualRange } from './virtual-range.js';

export interface VirtualListOptions<T> {
  rowHeight: number;
  overscan: number;
  /** Draws one row; `item` is undefined for a row whose page has not arrived yet. */
  renderRow(item: T | undefined, index: number): HTMLElement;
  /** Told after each draw which rows are on screen, so the owner can fetch the next page in time. */
  onRange?(range: VirtualRange): void;
  /** Fallback when the container has no layout yet (hidden, or a test DOM). */
  fallbackHeight?(): number;
}

export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rendered = new Map<number, { element: HTMLElement; item: T | undefined }>();
  private items: readonly T[] = [];
  private count = 0;
  private lastRange: VirtualRange = { start: 0, end: 0 };
  /** The scroll offset as last seen (scroll events, our own writes): reading it back would force a layout. */
  private knownScrollTop = 0;
  /**
   * The list's height as last laid out, told by a ResizeObserver after each layout that changed it; 0 until the
   * first. Reading clientHeight while drawing would force a layout of the whole page before the rows are in it, and
   * the frame would then lay it out again with them (about 40 ms on the panel's first screen).
   */
  private knownHeight = 0;

  constructor(private readonly options: VirtualListOptions<T>) {
    this.spacer = h('div', { className: 'vlist-spacer' });
    this.element = h('div', { className: 'vlist', attrs: { tabindex: -1 } }, this.spacer);
    this.element.addEventListener(
      'scroll',
      () => {
        this.knownScrollTop = this.element.scrollTop;
        this.render();
      },
      { passive: true },
    );
    if (typeof ResizeObserver === 'function') {
      // Also draws the rows a taller window uncovers, without waiting for a scroll.
      new ResizeObserver(() => {
        const height = this.element.clientHeight;
        if (height === this.knownHeight) return;
        this.knownHeight = height;
        this.render();
      }).observe(this.element);
    }
  }

  /** `items` is the loaded head of the list; `count` its full length (rows past the head show as placeholders). */
  setData(items: readonly T[], count: number): void {
    this.items = items;
    this.count = Math.max(count, items.length);
    this.spacer.style.height = `${spacerHeight(this.count, this.options.rowHeight)}px`;
    this.render();
  }

  /** Drops every drawn row so the next draw rebuilds them (language or time zone changed). */
  invalidate(): void {
    for (const { element } of this.rendered.values()) element.remove();
    this.rendered.clear();
    this.render();
  }

  get range(): VirtualRange {
    return this.lastRange;
  }

  get scrollTop(): number {
    return this.element.scrollTop;
  }

  set scrollTop(value: number) {
    this.element.scrollTop = value;
    this.knownScrollTop = value;
    this.render();
  }

  /** Back to the first row; writing scrollTop forces a layout, so only when the list is not there already. */
  scrollToTop(): void {
    if (this.knownScrollTop === 0) return;
    this.element.scrollTop = 0;
    this.knownScrollTop = 0;
  }

  /** Until the list has been laid out once, the fallback (the window's height: the list is never taller). */
  viewportHeight(): number {
    return this.knownHeight || this.options.fallbackHeight?.() || 0;
  }

  render(): void {
    const { rowHeight, overscan } = this.options;
    // Nothing to draw needs no geometry: reading it would force a layout of the whole page for nothing.
    const range: VirtualRange =
      this.count === 0
        ? { start: 0, end: 0 }
        : virtualRange({
            scrollTop: this.knownScrollTop,
            viewportHeight: this.viewportHeight(),
            rowHeight,
            overscan,
            count: this.count,
          });
    this.lastRange = range;
    for (const [index, drawn] of this.rendered) {
      if (index < range.start || index >= range.end || drawn.item !== this.items[index]) {
        drawn.element.remove();
        this.rendered.delete(index);
      }
    }
    for (let index = range.start; index < range.end; index++) {
      if (this.rendered.has(index)) continue;
      const item = this.items[index];
      const element = this.options.renderRow(item, index);
      element.classList.add('vlist-row');
      element.style.top = `${index * rowHeight}px`;
      element.style.height = `${rowHeight}px`;
      this.spacer.appendChild(element);
      this.rendered.set(index, { element, item });
    }
    this.options.onRange?.(range);
  }
}
