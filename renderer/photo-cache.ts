// Customer photos kept in memory only (never in web storage: the page keeps no personal data once closed).
import type { WifireDeskApi } from '../shared/bridge-contract.js';
import { whenIdleAfterPaint } from './after-paint.js';

export class PhotoCache {
  private readonly pending = new Map<string, Promise<string | null>>();
  private readonly ready = new Map<string, string | null>();
  /** Requests waiting for the frame that draws their rows: those rows paint first, with initials. */
  private readonly queued: Array<() => void> = [];

  constructor(private readonly api: Pick<WifireDeskApi, 'getPhoto'>) {}

  /** The photo as a data: URL, or null; asks main once per customer, and only when the item says there is one. */
  get(customerId: string | null, hasPhoto: boolean): Promise<string | null> {
    if (!customerId || !hasPhoto) return Promise.resolve(null);
    if (this.ready.has(customerId)) return Promise.resolve(this.ready.get(customerId) ?? null);
    let photo = this.pending.get(customerId);
    if (!photo) {
      const request: Promise<string | null> = this.afterPaint()
        .then(() => {
          // Dropped (a purge) before it was asked for: nothing is asked at all.
          if (this.pending.get(customerId) !== request) return null;
          return this.api.getPhoto({ customerId });
        })
        .then(
          (result) => {
            const dataUrl = result?.dataUrl ?? null;
            // A purge that landed while the request was in flight wins: nothing is kept for that customer.
            if (this.pending.get(customerId) !== request) return null;
            this.pending.delete(customerId);
            this.ready.set(customerId, dataUrl);
            return dataUrl;
          },
          () => {
            // A failed fetch is retried next time instead of being remembered as "no photo".
            if (this.pending.get(customerId) === request) this.pending.delete(customerId);
            return null;
          },
        );
      photo = request;
      this.pending.set(customerId, photo);
    }
    return photo;
  }

  /** The photo if it is already here (undefined when it was never fetched), so a re-drawn row shows it at once. */
  peek(customerId: string | null): string | null | undefined {
    return customerId ? this.ready.get(customerId) : undefined;
  }

  drop(customerId: string): void {
    this.pending.delete(customerId);
    this.ready.delete(customerId);
  }

  clear(): void {
    this.pending.clear();
    this.ready.clear();
  }

  /** One wait per frame, shared by every photo its rows asked for. */
  private afterPaint(): Promise<void> {
    return new Promise((resolve) => {
      this.queued.push(resolve);
      if (this.queued.length > 1) return;
      whenIdleAfterPaint(() => {
        for (const release of this.queued.splice(0)) release();
      });
    });
  }
}
