// Settings' "Outros balcões": "Este computador é…" (fanout-role-form.ts) at its head; then, on the main desk (the hub),
// its join code, the desks that joined and the means to revoke one; on another desk (a satellite) its link to the
// main desk; with fan-out off, how to turn it on.
import type { OtherDesk, OtherDesksView, Status } from '../shared/bridge-contract.js';
import type { HealthLevel } from '../shared/desk-health.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { copyField } from './copy-field.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import { sectionElement } from './settings-sections.js';
import { absoluteTime } from './time-format.js';

/** How many of a desk's hex id the list shows: enough to tell the desks of one place apart. */
const SHORT_ID = 8;

export function deskLabel(id: string, strings: UiStrings): string {
  return strings.deskName(id.slice(0, SHORT_ID));
}

/** The link (satellite) or the engine (hub) in words, with the light's colour. */
export function fanoutStateText(
  fanout: NonNullable<Status['fanout']>,
  strings: UiStrings,
): { level: HealthLevel; text: string } {
  const places = fanout.places;
  // A chain's overview: how many of its places are linked, before what the first one not linked says.
  if (places && fanout.state !== 'connecting') {
    const count = strings.otherDesksPlaces(places.connected, places.total);
    if (fanout.state === 'connected') return { level: 'ok', text: count };
    return { level: 'down', text: `${count} ${strings.otherDesksDisconnected(fanout.reasonText)}` };
  }
  switch (fanout.state) {
    case 'ready':
      return { level: 'ok', text: strings.otherDesksHubReady };
    case 'connected':
      return { level: 'ok', text: strings.otherDesksConnected };
    case 'starting':
      return { level: 'degraded', text: strings.otherDesksHubStarting };
    case 'connecting':
      return { level: 'degraded', text: strings.otherDesksConnecting };
    case 'failed':
      return { level: 'down', text: strings.otherDesksHubFailed(fanout.reasonText) };
    case 'disconnected':
      return { level: 'down', text: strings.otherDesksDisconnected(fanout.reasonText) };
  }
}

export class OtherDesksSettings {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  /** The last answer of getOtherDesks (null: fan-out is off); undefined until the first one. */
  private view: OtherDesksView | null | undefined = undefined;
  /** What the body was drawn from: redrawn only when it changes, so a status push does not steal the focus. */
  private drawn = '';
  private asking = false;
  private askAgain = false;
  /** Moves on with every revoke or new code: an answer to a question asked before one is stale. */
  private generation = 0;
  /** Where the focus goes once a revoke or a new code is done, when it was in this section. */
  private focusAfter: 'renew' | 'list' | null = null;
  /** A revoke (the desk's id) or a new code ('renew') on its way: the buttons wait, no older answer is drawn. */
  private busy: string | null = null;

  /**
   * `shown`: what the section this one replaces showed (a redraw in another language), drawn until the answer.
   * `roleForm`: "Este computador é…", kept by the settings page across redraws, at the head of the section.
   */
  constructor(
    private readonly ctx: DeskContext,
    shown?: OtherDesksView | null,
    roleForm?: HTMLElement,
  ) {
    this.body = h('div', { className: 'other-desks-body' });
    this.element = sectionElement(
      'other-desks',
      ctx.strings.otherDesksTitle,
      'other-desks',
      roleForm ?? null,
      this.body,
    );
    this.view = shown;
    this.draw();
    this.refresh();
  }

  /** The last view drawn (undefined before the first answer). */
  get current(): OtherDesksView | null | undefined {
    return this.view;
  }

  /** Draws again from what is here (a new time zone), asking nothing. */
  redraw(): void {
    this.draw();
  }

  /** On a status push and on the page's tick: a desk joined or was revoked, the link moved, "visto por último". */
  refresh(): void {
    // Fan-out is off: nothing to ask (the service's own status says so).
    const status = this.ctx.status;
    if (status?.listening && status.fanout === null) {
      this.apply(null);
      return;
    }
    if (this.asking) {
      this.askAgain = true;
      return;
    }
    this.asking = true;
    const generation = this.generation;
    this.ctx.api.getOtherDesks().then(
      (view) => this.settle(generation, view),
      // A page that lost the service says so in the header; the section keeps what it showed.
      () => this.settle(generation, undefined),
    );
  }

  private settle(generation: number, view: OtherDesksView | null | undefined): void {
    this.asking = false;
    if (this.askAgain || generation !== this.generation) {
      this.askAgain = false;
      this.refresh();
      return;
    }
    if (view !== undefined) this.apply(view);
  }

  private apply(view: OtherDesksView | null): void {
    if (this.busy !== null) return;
    this.view = view;
    this.draw();
  }

  private draw(): void {
    const view = this.view;
    if (view === undefined) return;
    const key = JSON.stringify([view, this.busy, this.ctx.locale, this.ctx.timeZone]);
    if (key === this.drawn) return;
    this.drawn = key;
    const hadFocus = this.body.contains(document.activeElement);
    if (view === null) replaceChildren(this.body, ...this.offBody());
    else if (view.role === 'hub') replaceChildren(this.body, ...this.hubBody(view));
    else replaceChildren(this.body, ...this.satelliteBody(view));
    // What had the focus is drawn anew: keyboard users stay where they were, not at the top of the page.
    const heading = this.body.querySelector<HTMLElement>('#other-desks-list-title');
    if (this.busy === null && this.focusAfter !== null) {
      const renew = this.body.querySelector<HTMLElement>('[data-testid="renew-join-code"]');
      // A revoked desk has no button any more: its list's heading takes the focus.
      (this.focusAfter === 'renew' ? renew : heading)?.focus({ preventScroll: true });
      this.focusAfter = null;
    } else if (hadFocus && !this.body.contains(document.activeElement)) {
      heading?.focus({ preventScroll: true });
    }
  }

  private offBody(): HTMLElement[] {
    const { strings } = this.ctx;
    return [
      h('p', { className: 'help', text: strings.otherDesksOff, attrs: { 'data-testid': 'other-desks-off' } }),
      this.docs(),
    ];
  }

  private docs(): HTMLElement {
    const { strings } = this.ctx;
    return h(
      'p',
      { className: 'help', attrs: { 'data-testid': 'other-desks-docs' } },
      `${strings.otherDesksDocs} `,
      h('code', { text: strings.otherDesksDocsPath }),
    );
  }

  private stateLine(view: OtherDesksView): HTMLElement {
    const state = fanoutStateText(view, this.ctx.strings);
    return h(
      'p',
      {
        className: `tunnel-state tunnel-state-${state.level}`,
        attrs: { 'data-testid': 'other-desks-state', 'data-state': view.state, role: 'status' },
      },
      h('span', { className: 'connection-dot', attrs: { 'aria-hidden': 'true' } }),
      h('span', { className: 'tunnel-state-text', text: state.text }),
    );
  }

  private satelliteBody(view: OtherDesksView): HTMLElement[] {
    const { strings } = this.ctx;
    return [
      h('p', {
        className: 'other-desks-role',
        text: strings.otherDesksSatelliteRole,
        attrs: { 'data-testid': 'other-desks-role' },
      }),
      this.stateLine(view),
      ...(view.self
        ? [
            h('p', {
              text: strings.otherDesksSelf(deskLabel(view.self, strings)),
              attrs: { 'data-testid': 'other-desks-self' },
            }),
          ]
        : []),
      h('p', { className: 'help', text: strings.otherDesksSatelliteHelp }),
    ];
  }

  private hubBody(view: OtherDesksView): HTMLElement[] {
    const { strings } = this.ctx;
    const code = view.joinCode
      ? h(
          'div',
          { className: 'join-code', attrs: { 'data-testid': 'join-code-block' } },
          h('label', { className: 'field-label', text: strings.joinCodeLabel, attrs: { for: 'join-code' } }),
          copyField(this.ctx, {
            value: view.joinCode,
            id: 'join-code',
            inputTestId: 'join-code',
            buttonTestId: 'copy-join-code',
            label: strings.joinCodeLabel,
          }),
          h('p', { className: 'help', text: strings.joinCodeHelp }),
          h(
            'p',
            { className: 'help', attrs: { 'data-testid': 'join-code-how-to' } },
            // On an existing NATS the desktop app cannot join (the form keeps no credentials file).
            `${view.existingNats ? strings.joinCodeHowToExisting : strings.joinCodeHowTo} `,
            h('code', { text: view.existingNats ? strings.joinCodeCommandExisting : strings.joinCodeCommand }),
          ),
        )
      : h('p', { className: 'help', text: strings.joinCodePending, attrs: { 'data-testid': 'join-code-pending' } });
    const renew = h('button', {
      className: 'button button-danger',
      text: this.busy === 'renew' ? strings.renewingJoinCode : strings.renewJoinCode,
      attrs: { type: 'button', 'data-testid': 'renew-join-code' },
    });
    renew.disabled = this.busy !== null;
    renew.addEventListener('click', () => this.renew());
    return [
      h('p', {
        className: 'other-desks-role',
        text: strings.otherDesksHubRole,
        attrs: { 'data-testid': 'other-desks-role' },
      }),
      this.stateLine(view),
      code,
      h('div', { className: 'row-actions' }, renew),
      h('h3', { text: strings.desksTitle, attrs: { id: 'other-desks-list-title', tabindex: -1 } }),
      view.desks.length === 0
        ? h('p', { className: 'help', text: strings.desksEmpty, attrs: { 'data-testid': 'other-desks-empty' } })
        : h(
            'ul',
            {
              className: 'other-desks-list',
              attrs: { 'aria-labelledby': 'other-desks-list-title', 'data-testid': 'other-desks-list' },
            },
            ...view.desks.map((desk) => this.deskItem(desk)),
          ),
      this.docs(),
    ];
  }

  private deskItem(desk: OtherDesk): HTMLElement {
    const { strings, locale, timeZone } = this.ctx;
    const at = (time: number): string => absoluteTime(time, locale, timeZone);
    const name = deskLabel(desk.id, strings);
    const facts = [
      strings.deskSince(at(desk.joinedAt)),
      desk.revokedAt !== null
        ? strings.deskRevoked(at(desk.revokedAt))
        : desk.lastSeenAt !== null
          ? strings.deskLastSeen(at(desk.lastSeenAt))
          : strings.deskNotSeen,
    ];
    let revoke: HTMLButtonElement | null = null;
    if (desk.revokedAt === null) {
      revoke = h('button', {
        className: 'button button-danger button-small',
        text: strings.revokeDesk,
        attrs: { type: 'button', 'aria-label': strings.revokeDeskLabel(name), 'data-testid': 'revoke-desk' },
      });
      revoke.disabled = this.busy !== null;
      revoke.addEventListener('click', () => this.revoke(desk.id));
    }
    return h(
      'li',
      {
        className: `other-desk${desk.revokedAt !== null ? ' revoked' : ''}`,
        attrs: {
          'data-testid': 'other-desk',
          'data-desk-id': desk.id,
          'data-revoked': desk.revokedAt !== null ? 'true' : 'false',
        },
      },
      h(
        'div',
        { className: 'other-desk-text' },
        h('span', { className: 'other-desk-name', text: name, attrs: { title: desk.id } }),
        h('span', { className: 'other-desk-facts help', text: facts.join(' · ') }),
      ),
      revoke,
    );
  }

  private renew(): void {
    const { strings } = this.ctx;
    if (this.busy !== null || !confirm(strings.renewJoinCodeConfirm)) return;
    this.run('renew', this.ctx.api.renewJoinCode(), strings.renewedJoinCode);
  }

  private revoke(id: string): void {
    const { strings } = this.ctx;
    const name = deskLabel(id, strings);
    if (this.busy !== null || !confirm(strings.revokeDeskConfirm(name))) return;
    this.run(id, this.ctx.api.revokeDesk({ id }), strings.revokedDesk(name));
  }

  private run(busy: string, answer: Promise<OtherDesksView>, done: string): void {
    this.busy = busy;
    this.generation++;
    if (this.body.contains(document.activeElement)) this.focusAfter = busy === 'renew' ? 'renew' : 'list';
    this.draw();
    answer.then(
      (view) => {
        this.busy = null;
        this.apply(view);
        this.ctx.toasts.show(done, 'info');
      },
      (error: unknown) => {
        this.busy = null;
        this.ctx.fail(error);
        this.drawn = '';
        this.draw();
        this.refresh();
      },
    );
  }
}
