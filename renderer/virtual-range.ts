// Which rows of a fixed-height list are on screen: pure math, so the virtual feed can be tested without layout.

export interface VirtualRangeInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  /** Rows kept in the DOM above and below what is visible, so a fast scroll does not show blanks. */
  overscan: number;
  count: number;
}

/** Rows `start` (inclusive) to `end` (exclusive) belong in the DOM; `start === end` when there are none. */
export interface VirtualRange {
  start: number;
  end: number;
}

export function virtualRange({
  scrollTop,
  viewportHeight,
  rowHeight,
  overscan,
  count,
}: VirtualRangeInput): VirtualRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const maxScroll = Math.max(0, count * rowHeight - Math.max(0, viewportHeight));
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const firstVisible = Math.floor(top / rowHeight);
  const lastVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, Math.max(lastVisible, firstVisible + 1) + overscan);
  return { start, end };
}

/** Total height of the spacer that gives the scroll bar its full length. */
export function spacerHeight(count: number, rowHeight: number): number {
  return Math.max(0, count) * rowHeight;
}
