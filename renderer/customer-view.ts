// A customer's card (#/customer/<id>): face, name, birthday, visits, last rating, kept contact fields, history.
import type { BridgeEventPayload, CustomerCard, FeedItem } from '../shared/bridge-contract.js';
import { groupDigits, type UiStrings } from '../shared/ui-strings.js';
import { avatar } from './avatar.js';
import { routeHash } from './route.js';
import type { DeskContext } from './desk-context.js';
import { iconSvg } from './icons.js';
import { emailNodes, formatPhone } from './contact-format.js';
import { h, replaceChildren } from './dom.js';
import { eventRow, refreshRelativeTimes } from './event-row.js';
import { applyRead, dropExpired, insertEvent, replaceItems, type ListChange } from './feed-items.js';
import type { LiveView } from './live-view.js';
import { absoluteTime, birthdayText, relativeTime } from './time-format.js';

type CardState =
  | { kind: 'loading' }
  | { kind: 'found'; card: CustomerCard }
  | { kind: 'not-found' }
  | { kind: 'removed' }
  | { kind: 'error' };

/** Main answers null for an unknown customer; a transport may say so with a not_found error instead. */
function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'not_found';
}

export function bandLabel(band: 'detractor' | 'passive' | 'promoter', strings: UiStrings): string {
  return band === 'detractor' ? strings.bandDetractor : band === 'passive' ? strings.bandPassive : strings.bandPromoter;
}

export class CustomerView implements LiveView {
  readonly element: HTMLElement;
  private state: CardState = { kind: 'loading' };
  private generation = 0;

  constructor(
    private readonly ctx: DeskContext,
    readonly customerId: string,
  ) {
    this.element = h('section', {
      className: 'view customer-view',
      attrs: { 'data-testid': 'customer-card', 'data-customer-id': customerId },
    });
    this.relabel();
    this.reload();
  }

  reload(): void {
    if (this.state.kind === 'removed') return;
    const generation = ++this.generation;
    this.ctx.api.getCustomer({ customerId: this.customerId }).then(
      (card) => {
        if (generation !== this.generation || this.state.kind === 'removed') return;
        this.state = card ? { kind: 'found', card } : { kind: 'not-found' };
        if (card?.history[0]) this.ctx.noteEventId(card.history[0].id);
        this.relabel();
      },
      (error: unknown) => {
        if (generation !== this.generation || this.state.kind === 'removed') return;
        if (isNotFound(error)) {
          this.state = { kind: 'not-found' };
        } else {
          if (this.state.kind === 'loading') this.state = { kind: 'error' };
          this.ctx.fail(error);
        }
        this.relabel();
      },
    );
  }

  tick(): void {
    refreshRelativeTimes(this.element, this.ctx);
  }

  // ---- pushed events ----

  eventAdded(item: FeedItem): void {
    if (item.customerId !== this.customerId || this.state.kind !== 'found') return;
    this.applyHistory(insertEvent(this.state.card.history, item));
  }

  eventsRead(payload: BridgeEventPayload<'eventsRead'>): void {
    if (this.state.kind === 'found') this.applyHistory(applyRead(this.state.card.history, payload));
  }

  eventsExpired(payload: BridgeEventPayload<'eventsExpired'>): void {
    if (this.state.kind === 'found') this.applyHistory(dropExpired(this.state.card.history, payload.createdBefore));
  }

  customerPurged(payload: BridgeEventPayload<'customerPurged'>): void {
    if (payload.customerId !== this.customerId) return;
    // Nothing of the card may stay on screen: drop it at once, before any request.
    this.generation++;
    this.state = { kind: 'removed' };
    this.ctx.photos.drop(this.customerId);
    this.relabel();
  }

  customerUpdated(payload: BridgeEventPayload<'customerUpdated'>): void {
    if (payload.customerId !== this.customerId || this.state.kind !== 'found') return;
    this.applyHistory(replaceItems(this.state.card.history, payload.items));
    this.reload();
  }

  private applyHistory(change: ListChange): void {
    if (!change.changed || this.state.kind !== 'found') return;
    this.state = { kind: 'found', card: { ...this.state.card, history: change.items } };
    this.relabel();
  }

  // ---- drawing ----

  relabel(): void {
    const { strings } = this.ctx;
    const back = h('a', {
      className: 'button-link back-link',
      text: `← ${strings.back}`,
      attrs: { href: routeHash(this.ctx.backRoute()), 'data-testid': 'back' },
    });
    this.element.dataset['state'] = this.state.kind;
    switch (this.state.kind) {
      case 'loading':
        replaceChildren(this.element, back, h('p', { className: 'card-message', text: strings.loading }));
        return;
      case 'error':
        replaceChildren(this.element, back, h('p', { className: 'card-message', text: strings.errorGeneric }));
        return;
      case 'not-found':
        replaceChildren(
          this.element,
          back,
          h('p', {
            className: 'card-message',
            text: strings.customerNotFound,
            attrs: { 'data-testid': 'customer-missing' },
          }),
        );
        return;
      case 'removed':
        replaceChildren(
          this.element,
          back,
          h('p', {
            className: 'card-message card-removed',
            text: strings.customerRemoved,
            attrs: { 'data-testid': 'customer-removed', role: 'status' },
          }),
        );
        return;
      case 'found':
        replaceChildren(this.element, back, this.drawCard(this.state.card));
    }
  }

  private drawCard(card: CustomerCard): HTMLElement {
    const { strings, locale, timeZone } = this.ctx;
    const name = card.name ?? strings.unnamedCustomer;
    const when = (at: number): HTMLElement =>
      h(
        'span',
        {},
        absoluteTime(at, locale, timeZone),
        h('span', { className: 'muted', text: ` (${relativeTime(at, this.ctx.now(), locale)})` }),
      );

    const facts: [string, Node | string, string][] = [];
    if (card.birthday) facts.push([strings.birthday, birthdayText(card.birthday, locale), 'birthday']);
    facts.push([strings.firstVisit, when(card.firstSeenAt), 'first-visit']);
    facts.push([strings.lastVisit, when(card.lastSeenAt), 'last-visit']);
    facts.push([strings.visits, groupDigits(card.visitCount, locale), 'visit-count']);
    if (card.lastRating) {
      const rating = card.lastRating;
      facts.push([
        strings.lastRating,
        h(
          'span',
          { className: 'rating' },
          rating.score !== null
            ? h('strong', { className: 'rating-score', text: strings.ratingScore(rating.score) })
            : null,
          h('span', {
            className: `band band-${rating.band}`,
            text: bandLabel(rating.band, strings),
            attrs: { 'data-testid': 'rating-band', 'data-band': rating.band },
          }),
          h('span', { className: 'muted', text: absoluteTime(rating.at, locale, timeZone) }),
        ),
        'last-rating',
      ]);
    } else {
      facts.push([strings.lastRating, h('span', { className: 'muted', text: strings.noRating }), 'last-rating']);
    }

    const { email, phone, cpf, rg } = card.contact;
    const contactFields: [string, Node | string | null, string][] = [
      [strings.email, email === null ? null : h('span', { className: 'email' }, ...emailNodes(email)), 'email'],
      [strings.phone, phone === null ? null : formatPhone(phone), 'phone'],
      [strings.cpf, cpf, 'cpf'],
      [strings.rg, rg, 'rg'],
    ];
    const contacts = contactFields.filter((field): field is [string, Node | string, string] => field[1] !== null);

    const definitionList = (rows: [string, Node | string, string][]): HTMLElement =>
      h(
        'dl',
        { className: 'facts' },
        ...rows.flatMap(([label, value, key]) => [
          h('dt', { text: label }),
          h('dd', { attrs: { 'data-testid': `customer-${key}` } }, value),
        ]),
      );

    const profile = h(
      'div',
      { className: 'card-profile panel' },
      h(
        'div',
        { className: 'card-identity' },
        avatar(this.ctx.photos, card.id, card.name, card.hasPhoto, 'large'),
        h(
          'div',
          {},
          h('h1', { className: 'customer-name', text: name, attrs: { 'data-testid': 'customer-name' } }),
          card.birthdayToday
            ? h(
                'span',
                { className: 'birthday-badge', attrs: { 'data-testid': 'birthday-badge' } },
                // An inline icon rather than an emoji: a front-desk PC may have no emoji font.
                iconSvg('cake', 'icon badge-icon'),
                h('span', { text: strings.birthdayToday }),
              )
            : null,
        ),
      ),
      definitionList(facts),
      contacts.length > 0
        ? h('div', { className: 'card-contact' }, h('h2', { text: strings.contact }), definitionList(contacts))
        : null,
    );

    const history = h(
      'div',
      { className: 'card-history panel' },
      h('h2', { text: strings.history }),
      card.history.length === 0
        ? h('p', { className: 'empty', text: strings.historyEmpty })
        : h(
            'div',
            { className: 'history-list', attrs: { 'data-testid': 'customer-history' } },
            ...card.history.map((item) =>
              eventRow(item, this.ctx, 'history', {
                open: (clicked) => {
                  if (!clicked.read) void this.ctx.markRead({ ids: [clicked.id] });
                },
              }),
            ),
          ),
    );
    return h('div', { className: 'card-layout' }, profile, history);
  }
}
