// The live connection light: green "Recebendo eventos", amber for an unsteady tunnel, red when nothing can arrive.
import { connectionState } from './connection-state.js';
import type { DeskContext } from './desk-context.js';
import { h } from './dom.js';

export function connectionIndicator(ctx: DeskContext, compact = false): HTMLElement {
  const state = connectionState(ctx.status, ctx.strings);
  const tooltip = [state.text, state.detail].filter(Boolean).join('\n');
  return h(
    'span',
    {
      className: `connection connection-${state.level}${compact ? ' connection-compact' : ''}`,
      attrs: { 'data-testid': 'connection', 'data-state': state.level, role: 'status', title: tooltip },
    },
    h('span', { className: 'connection-dot', attrs: { 'aria-hidden': 'true' } }),
    h('span', { className: 'connection-text', text: state.text }),
  );
}
