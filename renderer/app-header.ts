// The panel's header: name, navigation, connection light, unread count and the snooze control.
import { connectionIndicator } from './connection-indicator.js';
import type { DeskContext } from './desk-context.js';
import { unreadCounter } from './unread-counter.js';
import { h, replaceChildren } from './dom.js';
import { iconSvg } from './icons.js';
import type { Route } from './route.js';
import { snoozeControl } from './snooze-control.js';

export class AppHeader {
  readonly element: HTMLElement;
  private route: Route = { name: 'feed' };
  private drawn = '';

  constructor(private readonly ctx: DeskContext) {
    this.element = h('header', { className: 'app-header', attrs: { 'data-testid': 'app-header' } });
  }

  render(route: Route = this.route): void {
    this.route = route;
    const { strings, unread, status } = this.ctx;
    // Redraw only when something shown changed, so the 30 s tick does not steal the keyboard focus.
    const until = status?.snoozedUntil ?? null;
    const snoozed = until !== null && until > this.ctx.now();
    const paused = this.ctx.settings?.settings.notificationsPaused ?? false;
    const key = JSON.stringify([route.name, unread, status, snoozed, paused, this.ctx.locale, this.ctx.timeZone]);
    if (key === this.drawn && this.element.hasChildNodes()) return;
    this.drawn = key;
    const link = (href: string, text: string, current: boolean, testId: string): HTMLElement =>
      h('a', {
        className: current ? 'nav-link current' : 'nav-link',
        text,
        attrs: { href, 'aria-current': current ? 'page' : null, 'data-testid': testId },
      });
    replaceChildren(
      this.element,
      h(
        'a',
        { className: 'brand', attrs: { href: '#/feed' } },
        h('span', { className: 'brand-mark', attrs: { 'aria-hidden': 'true' } }, iconSvg('wifi', 'icon')),
        h('span', { text: strings.appName }),
      ),
      h(
        'nav',
        { className: 'nav', attrs: { 'aria-label': strings.navLabel } },
        link('#/feed', strings.navFeed, route.name === 'feed' || route.name === 'customer', 'nav-feed'),
        link('#/settings', strings.navSettings, route.name === 'settings', 'nav-settings'),
        link('#/deliveries', strings.navDeliveries, route.name === 'deliveries', 'nav-deliveries'),
      ),
      h('span', { className: 'spacer' }),
      connectionIndicator(this.ctx),
      unreadCounter(strings, unread),
      snoozeControl(this.ctx),
    );
  }
}
