// Event ids on the wire: decimal strings of growing numbers, compared without going through Number.

/** Event ids are decimal strings of growing numbers: compare them without losing precision. */
export function compareEventIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
