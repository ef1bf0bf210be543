// "Cole o novo endereço no WiFire": shown while the public webhook URL differs from the one the staff confirmed.
import type { Status } from '../shared/bridge-contract.js';
import type { Locale } from '../shared/catalog.js';
import { copyField } from './copy-field.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';

/** The URL still to paste into WiFire, or null when there is none or it was confirmed. */
export function unconfirmedUrl(status: Status | null): string | null {
  const tunnel = status?.tunnel;
  if (!tunnel || tunnel.urlConfirmed || !tunnel.publicWebhookUrl) return null;
  return tunnel.publicWebhookUrl;
}

export class PublicUrlBanner {
  readonly element: HTMLElement;
  /** The URL on screen and the language it was drawn in: redrawn only when one of them changes. */
  private shown: string | null = null;
  private drawnLocale: Locale | null = null;
  private active = true;
  private confirming = false;

  /** `compact` is the tray window's form: the same content, tighter. */
  constructor(
    private readonly ctx: DeskContext,
    private readonly compact = false,
  ) {
    this.element = h('section', {
      className: `public-url-banner${compact ? ' public-url-banner-compact' : ''}`,
      attrs: { 'data-testid': 'public-url-banner', 'aria-live': 'polite', hidden: true },
    });
  }

  /** The panel's banner steps aside in the tray window, which shows its own compact one. */
  setActive(active: boolean): void {
    this.active = active;
    this.update();
  }

  /** Follows the status (and the language): appears, swaps in a new URL, or hides. */
  update(): void {
    const url = this.active ? unconfirmedUrl(this.ctx.status) : null;
    if (url === this.shown && (url === null || this.drawnLocale === this.ctx.locale)) return;
    this.shown = url;
    this.drawnLocale = this.ctx.locale;
    this.confirming = false;
    if (url === null) {
      this.element.hidden = true;
      this.element.replaceChildren();
      return;
    }
    this.draw(url);
    this.element.hidden = false;
  }

  private draw(url: string): void {
    const { strings } = this.ctx;
    const titleId = this.compact ? 'public-url-banner-title-tray' : 'public-url-banner-title';
    const confirm = h('button', {
      className: 'button button-primary',
      text: strings.publicUrlConfirm,
      attrs: { type: 'button', 'data-testid': 'public-url-confirm' },
    });
    confirm.addEventListener('click', () => this.confirm(url, confirm));
    this.element.setAttribute('aria-labelledby', titleId);
    replaceChildren(
      this.element,
      h('h2', {
        className: 'banner-title',
        text: strings.publicUrlBannerTitle,
        attrs: { id: titleId },
      }),
      copyField(this.ctx, {
        value: url,
        inputTestId: 'public-url-value',
        buttonTestId: 'public-url-copy',
        label: strings.tunnelWebhookUrl,
      }),
      h(
        'ol',
        { className: 'banner-steps' },
        h('li', { text: strings.publicUrlStep1 }),
        h('li', { text: strings.publicUrlStep2 }),
        h('li', { text: strings.publicUrlStep3 }),
      ),
      h('div', { className: 'row-actions' }, confirm),
    );
  }

  private confirm(url: string, button: HTMLButtonElement): void {
    if (this.confirming) return;
    this.confirming = true;
    button.disabled = true;
    button.textContent = this.ctx.strings.publicUrlConfirming;
    this.ctx.api.confirmPublicUrl({ publicWebhookUrl: url }).then(
      (status) => {
        // The answer decides: confirmed hides the banner; a URL that changed meanwhile replaces this one.
        this.ctx.setStatus(status);
        this.release(url, button);
      },
      (error: unknown) => {
        this.release(url, button);
        this.ctx.fail(error);
      },
    );
  }

  /** Gives the button back when the banner still shows the URL it was pressed for. */
  private release(url: string, button: HTMLButtonElement): void {
    if (this.shown !== url || !button.isConnected) return;
    this.confirming = false;
    button.disabled = false;
    button.textContent = this.ctx.strings.publicUrlConfirm;
  }
}
