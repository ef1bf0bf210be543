// Starts the whole renderer on a FakeBridge in the test DOM, at a given route and a fixed clock.
import { vi } from 'vitest';
import { DeskApp } from '../../../renderer/desk-app.js';
import { BASE_TIME, FakeBridge } from './fake-bridge.js';

export interface Mounted {
  app: DeskApp;
  fake: FakeBridge;
  root: HTMLElement;
  /** Lets pending promises and timers of the fake bridge settle. */
  settle(): Promise<void>;
  /** Everything a user can read in the page. */
  text(): string;
  destroy(): void;
}

export async function mountApp(
  fake: FakeBridge,
  hash = '#/feed',
  now: number | (() => number) = BASE_TIME,
): Promise<Mounted> {
  document.body.replaceChildren();
  window.location.hash = hash;
  const root = document.createElement('div');
  root.id = 'app';
  document.body.appendChild(root);
  const app = new DeskApp(root, fake, { now: typeof now === 'function' ? now : () => now, tickMs: 0 });
  await app.start();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  await settle();
  return {
    app,
    fake,
    root,
    settle,
    text: () => root.textContent ?? '',
    destroy: () => {
      app.destroy();
      vi.restoreAllMocks();
    },
  };
}

export function rows(root: ParentNode, testId = 'feed-row'): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
}

/** Rows in the order a user sees them (virtual rows are positioned, not ordered, in the DOM). */
export function rowsOnScreen(root: ParentNode, testId = 'feed-row'): HTMLElement[] {
  return rows(root, testId).sort((a, b) => parseFloat(a.style.top || '0') - parseFloat(b.style.top || '0'));
}

export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, testId: string): T {
  const element = root.querySelector<T>(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`no element with data-testid="${testId}"`);
  return element;
}
