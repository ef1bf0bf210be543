// Settings' "Avisar sobre": presets above a grid of types, ticked = pops up. What is stored stays `mutedTypes`.
import type { PublicSettings } from '../shared/bridge-contract.js';
import { CATALOG, CATEGORIES, CATEGORY_LABELS, type Category, type Locale } from '../shared/catalog.js';
import type { UiStrings } from '../shared/ui-strings.js';
import {
  ALERT_PRESETS,
  isUrgent,
  matchingPreset,
  mutedUrgentTypes,
  popupTypesOf,
  POPUP_TYPES,
  presetMutedTypes,
  typesOf,
  withMuted,
  type AlertPreset,
} from './alert-presets.js';
import type { SettingsHost } from './attention-settings.js';
import { h } from './dom.js';
import { sectionElement } from './settings-sections.js';

/** "A", "A e B", "A, B e C" (or "and"), each title in quotes. */
function titleList(titles: string[], locale: Locale): string {
  const quoted = titles.map((title) => `“${title}”`);
  if (quoted.length <= 1) return quoted.join('');
  const and = locale === 'pt-BR' ? ' e ' : ' and ';
  return `${quoted.slice(0, -1).join(', ')}${and}${quoted.at(-1)!}`;
}

export function presetName(preset: AlertPreset | null, strings: UiStrings): string {
  switch (preset) {
    case 'all':
      return strings.alertPresetAll;
    case 'key':
      return strings.alertPresetKey;
    case 'urgent':
      return strings.alertPresetUrgent;
    case null:
      return strings.alertPresetCustom;
  }
}

export class AlertTypesSettings {
  readonly element: HTMLElement;
  private readonly presetButtons: HTMLButtonElement[];
  private readonly inUse: HTMLElement;

  constructor(
    private readonly strings: UiStrings,
    private readonly locale: Locale,
    private readonly host: SettingsHost,
  ) {
    this.presetButtons = ALERT_PRESETS.map((preset) => {
      const button = h('button', {
        className: 'button preset-button',
        text: presetName(preset, strings),
        attrs: {
          type: 'button',
          'aria-pressed': 'false',
          'data-testid': `alert-preset-${preset}`,
          'data-preset': preset,
        },
      });
      // A button, not a radio: arrow keys in a radio group would apply each preset they pass over.
      button.addEventListener('click', () => this.applyPreset(preset));
      return button;
    });
    this.inUse = h('p', {
      className: 'preset-in-use',
      attrs: { 'data-testid': 'alert-preset-current', 'aria-live': 'polite' },
    });
    const urgentTitles = POPUP_TYPES.filter(isUrgent).map((type) => CATALOG[type].texts[locale].title);

    this.element = sectionElement(
      'alerts',
      strings.alertTypesTitle,
      '',
      h('p', { className: 'help', text: strings.alertTypesHelp }),
      h(
        'div',
        {
          className: 'alert-presets',
          attrs: { role: 'group', 'aria-labelledby': 'alert-presets-title', 'data-testid': 'alert-presets' },
        },
        h('h3', { text: strings.alertPresetsTitle, attrs: { id: 'alert-presets-title' } }),
        h('div', { className: 'preset-buttons' }, ...this.presetButtons),
        this.inUse,
        h('p', {
          className: 'help',
          text: `${strings.alertPresetsHelp} ${strings.alertUrgentList(titleList(urgentTitles, locale))}`,
        }),
      ),
      h('div', { className: 'mute-grid' }, ...CATEGORIES.map((category) => this.group(category))),
    );
  }

  /** Puts every box, the pressed preset and the urgent warnings in the state of `settings`. */
  sync(settings: PublicSettings): void {
    const muted = new Set(settings.mutedTypes);
    for (const box of this.element.querySelectorAll<HTMLInputElement>('input[data-type]')) {
      const type = box.dataset['type']!;
      box.checked = !box.disabled && !muted.has(type);
    }
    for (const box of this.element.querySelectorAll<HTMLInputElement>('input[data-category]')) {
      const types = popupTypesOf(box.dataset['category'] as Category);
      const popping = types.filter((type) => !muted.has(type)).length;
      box.checked = types.length > 0 && popping === types.length;
      box.indeterminate = popping > 0 && popping < types.length;
    }
    for (const warning of this.element.querySelectorAll<HTMLElement>('[data-urgent-warning]')) {
      const category = warning.dataset['urgentWarning'] as Category;
      const silenced = mutedUrgentTypes(category, settings.mutedTypes);
      const text =
        silenced.length === 0
          ? ''
          : this.strings.alertUrgentMuted(
              titleList(
                silenced.map((type) => CATALOG[type].texts[this.locale].title),
                this.locale,
              ),
              silenced.length,
            );
      // Only a change is written, so the live region speaks when the warning comes or goes, not on every sync.
      if (warning.textContent !== text) warning.textContent = text;
    }
    const preset = matchingPreset(settings.mutedTypes);
    for (const button of this.presetButtons) {
      button.setAttribute('aria-pressed', String(button.dataset['preset'] === preset));
    }
    const inUse = this.strings.alertPresetInUse(presetName(preset, this.strings));
    if (this.inUse.textContent !== inUse) this.inUse.textContent = inUse;
  }

  private group(category: Category): HTMLElement {
    const { strings, locale } = this;
    const lgpd = popupTypesOf(category).length === 0;
    const warningId = `alert-urgent-${category}`;
    const holdsUrgent = popupTypesOf(category).some(isUrgent);
    const all = h('input', {
      attrs: {
        type: 'checkbox',
        id: `alert-category-${category}`,
        'data-testid': `alert-category-${category}`,
        'data-category': category,
        'aria-describedby': holdsUrgent ? warningId : null,
      },
    });
    all.disabled = lgpd;
    all.addEventListener('change', () => this.letThrough(popupTypesOf(category), all.checked));
    const types = typesOf(category).map((type) => {
      const box = h('input', {
        attrs: { type: 'checkbox', id: `alert-type-${type}`, 'data-testid': `alert-type-${type}`, 'data-type': type },
      });
      box.disabled = !CATALOG[type].popup;
      box.addEventListener('change', () => this.letThrough([type], box.checked));
      return h(
        'label',
        { className: 'check', attrs: { for: box.id } },
        box,
        h('span', { text: CATALOG[type].texts[locale].title }),
        isUrgent(type) ? h('span', { className: 'urgent-tag', text: strings.alertUrgentTag }) : null,
      );
    });
    return h(
      'fieldset',
      { className: `mute-group category-${category}${lgpd ? ' disabled' : ''}` },
      h(
        'legend',
        {},
        h(
          'label',
          { className: 'check check-strong', attrs: { for: all.id } },
          all,
          h('span', { text: CATEGORY_LABELS[category][locale] }),
        ),
      ),
      holdsUrgent
        ? h('p', {
            className: 'urgent-warning',
            attrs: {
              id: warningId,
              'data-testid': warningId,
              'data-urgent-warning': category,
              'aria-live': 'polite',
            },
          })
        : null,
      lgpd ? h('p', { className: 'note', text: strings.lgpdNeverPopup }) : null,
      ...types,
    );
  }

  /** Ticked lets these types pop up (out of `mutedTypes`); unticked mutes them. */
  private letThrough(types: readonly string[], popUp: boolean): void {
    const current = this.host.current();
    if (!current) return;
    this.host.patch({ mutedTypes: withMuted(current.mutedTypes, types, !popUp) });
  }

  private applyPreset(preset: AlertPreset): void {
    const current = this.host.current();
    if (!current || matchingPreset(current.mutedTypes) === preset) return;
    this.host.patch({ mutedTypes: presetMutedTypes(preset) });
  }
}
