// Work that must not hold up a frame, nor the tasks right after it: run once the page is idle after the paint.

/** Idle callbacks are a hint: this long at most after the paint, they run anyway. */
const IDLE_TIMEOUT_MS = 200;

/** Runs `callback` once the frame being prepared has been painted and the page is idle; soon in a hidden page. */
export function whenIdleAfterPaint(callback: () => void): void {
  const idle = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => callback(), { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(callback, 0);
  };
  // A hidden page paints no frame, so it has no animation frames to wait for.
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') {
    setTimeout(idle, 0);
    return;
  }
  // rAF runs before the frame is painted; the task after it runs once it is.
  requestAnimationFrame(() => setTimeout(idle, 0));
}
