// Its own file: the mark is once per page load, and each test file is a fresh page.
import { describe, expect, it, vi } from 'vitest';
import { FIRST_RENDER_MARK } from '../../../renderer/feed-view.js';
import { FakeBridge, makeItems } from '../support/fake-bridge.js';
import { mountApp } from '../support/mount-app.js';

describe('first feed render mark', () => {
  it('marks the first painted feed once per page load, not again on a reload', async () => {
    const mark = vi.spyOn(performance, 'mark');
    const fake = new FakeBridge({ items: makeItems(20) });
    const mounted = await mountApp(fake, '#/feed');
    await vi.waitFor(() => expect(mark).toHaveBeenCalledWith(FIRST_RENDER_MARK));
    expect(mounted.root.querySelectorAll('[data-testid="feed-row"]').length).toBeGreaterThan(0);

    fake.emit('status', { ...fake.status, listening: false });
    fake.emit('status', { ...fake.status, listening: true });
    await mounted.settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mark.mock.calls.filter(([name]) => name === FIRST_RENDER_MARK)).toHaveLength(1);
    mounted.destroy();
  });
});
