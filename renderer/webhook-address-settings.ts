// Settings' "Endereço do webhook": the public address to paste into WiFire once the tunnel reports one; until then
// the local address, labelled as good for tests on this PC only, and the way to the tunnel.
import type { SettingsView } from '../shared/bridge-contract.js';
import { copyField } from './copy-field.js';
import type { DeskContext } from './desk-context.js';
import { h, replaceChildren } from './dom.js';
import { sectionElement, sectionLink } from './settings-sections.js';

export class WebhookAddressSettings {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  /** What the body was drawn from: redrawn only when it changes, so a status push does not steal the focus. */
  private drawn = '';

  constructor(
    private readonly ctx: DeskContext,
    private readonly view: () => SettingsView | null,
  ) {
    this.body = h('div', { className: 'webhook-body' });
    this.element = sectionElement('webhook', ctx.strings.webhookTitle, '', this.body);
    this.update();
  }

  /** After a settings answer or a status push: follows the public address, the secret and the language. */
  update(): void {
    const view = this.view();
    if (!view) return;
    const publicUrl = this.ctx.status?.tunnel.publicWebhookUrl ?? null;
    const key = JSON.stringify([publicUrl, view.webhookUrl, view.secretFromEnvironment, this.ctx.locale]);
    if (key === this.drawn) return;
    this.drawn = key;
    this.draw(view, publicUrl);
  }

  private draw(view: SettingsView, publicUrl: string | null): void {
    const { strings } = this.ctx;
    const local = h(
      'div',
      {},
      h('label', { className: 'field-label', text: strings.webhookLocalLabel, attrs: { for: 'webhook-local-url' } }),
      copyField(this.ctx, {
        value: view.webhookUrl,
        id: 'webhook-local-url',
        inputTestId: 'webhook-url',
        buttonTestId: 'copy-webhook-url',
        label: strings.webhookLocalLabel,
        className: 'copy-row-local',
      }),
    );
    const forward = publicUrl
      ? h(
          'div',
          { className: 'webhook-public', attrs: { 'data-testid': 'webhook-public' } },
          h('p', { className: 'help', text: strings.webhookPasteHelp }),
          h('label', {
            className: 'field-label',
            text: strings.webhookPublicLabel,
            attrs: { for: 'webhook-public-url' },
          }),
          copyField(this.ctx, {
            value: publicUrl,
            id: 'webhook-public-url',
            inputTestId: 'webhook-public-url',
            buttonTestId: 'copy-webhook-public-url',
            label: strings.webhookPublicLabel,
          }),
        )
      : h(
          'div',
          { className: 'webhook-next-step', attrs: { 'data-testid': 'webhook-no-public' } },
          h('p', { className: 'help', text: strings.webhookNoPublicHelp }),
          sectionLink((route) => this.ctx.navigate(route), 'tunnel', strings.webhookTunnelLink, {
            className: 'button button-primary link-button',
            testId: 'webhook-tunnel-link',
          }),
        );

    const regenerate = h('button', {
      className: 'button button-danger',
      text: strings.regenerateSecret,
      attrs: { type: 'button', 'data-testid': 'regenerate-secret' },
    });
    regenerate.disabled = view.secretFromEnvironment;
    regenerate.addEventListener('click', () => {
      if (!confirm(this.ctx.strings.regenerateConfirm)) return;
      regenerate.disabled = true;
      this.ctx.api.regenerateWebhookSecret().then(
        (next) => {
          this.ctx.applySettings(next);
          this.ctx.toasts.show(this.ctx.strings.regenerated, 'info');
        },
        (error: unknown) => {
          regenerate.disabled = false;
          this.ctx.fail(error);
        },
      );
    });

    replaceChildren(
      this.body,
      forward,
      local,
      h(
        'div',
        { className: 'row-actions' },
        regenerate,
        view.secretFromEnvironment
          ? h('p', {
              className: 'note',
              text: strings.secretFromEnvironment,
              attrs: { 'data-testid': 'secret-from-env' },
            })
          : null,
      ),
      h('a', {
        className: 'button-link',
        text: strings.deliveriesLink,
        attrs: { href: '#/deliveries', 'data-testid': 'deliveries-link' },
      }),
    );
  }
}
