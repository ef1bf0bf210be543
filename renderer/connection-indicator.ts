// The live connection light: green only when the whole chain works; amber or red say, in words, which link is not.
import { connectionState } from './connection-state.js';
import type { DeskContext } from './desk-context.js';
import { h } from './dom.js';

/** Where each fix lives in Settings: the pill takes the staff there. */
const FIX_ROUTES = {
  tunnel: '#/settings/tunnel',
  notifications: '#/settings/notifications',
  'other-desks': '#/settings/other-desks',
} as const;

export function connectionIndicator(ctx: DeskContext, compact = false): HTMLElement {
  const state = connectionState(ctx.status, ctx.strings);
  const tooltip = [state.text, state.detail].filter(Boolean).join('\n');
  const className = `connection connection-${state.level}${compact ? ' connection-compact' : ''}`;
  const attrs: Record<string, string> = { 'data-testid': 'connection', 'data-state': state.level, title: tooltip };
  const parts = [
    h('span', { className: 'connection-dot', attrs: { 'aria-hidden': 'true' } }),
    h('span', { className: 'connection-text', text: state.text }),
  ];
  if (state.fix && state.level !== 'ok') {
    return h('a', { className, attrs: { ...attrs, href: FIX_ROUTES[state.fix] } }, ...parts);
  }
  return h('span', { className, attrs: { ...attrs, role: 'status' } }, ...parts);
}
