// The unread badge, the same in the panel header and the tray.
import type { UiStrings } from '../shared/ui-strings.js';
import { h } from './dom.js';

export function unreadCounter(strings: UiStrings, unread: number): HTMLElement {
  return h(
    'span',
    { className: 'unread-counter', attrs: { title: strings.unreadAria(unread) } },
    h('span', {
      className: unread > 0 ? 'badge' : 'badge badge-zero',
      text: String(unread),
      attrs: { 'data-testid': 'unread-count', 'aria-label': strings.unreadAria(unread) },
    }),
    h('span', { className: 'unread-label', text: strings.unreadLabel, attrs: { 'aria-hidden': 'true' } }),
  );
}
