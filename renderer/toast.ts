// Small messages in a corner: failed calls and confirmations; never alert().
import { errorMessage } from './error-message.js';
import { h } from './dom.js';

export class Toasts {
  readonly element: HTMLElement;

  constructor(private readonly dismissLabel: () => string) {
    this.element = h('div', { className: 'toasts', attrs: { 'aria-live': 'polite', 'data-testid': 'toasts' } });
  }

  show(message: string, kind: 'error' | 'info' = 'error', timeoutMs = 6000): HTMLElement {
    const close = h('button', {
      className: 'toast-close',
      text: '×',
      attrs: { type: 'button', 'aria-label': this.dismissLabel(), title: this.dismissLabel() },
    });
    const toast = h(
      'div',
      {
        className: `toast toast-${kind}`,
        attrs: { role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'toast' },
      },
      h('span', { className: 'toast-text', text: message }),
      close,
    );
    const remove = (): void => toast.remove();
    close.addEventListener('click', remove);
    this.element.appendChild(toast);
    // Keep at most three, the newest last.
    while (this.element.childElementCount > 3) this.element.firstElementChild?.remove();
    if (timeoutMs > 0) setTimeout(remove, timeoutMs);
    return toast;
  }

  error(error: unknown, fallback: string): HTMLElement {
    return this.show(errorMessage(error, fallback), 'error');
  }
}
