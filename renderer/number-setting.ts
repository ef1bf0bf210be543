// One whole-number setting with bounds: a labelled input that sends only values within them, saying why otherwise.
import type { PublicSettings } from '../shared/bridge-contract.js';
import type { SettingsPatch } from '../shared/settings-schema.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { h } from './dom.js';

export interface NumberSettingSpec {
  /** Also the stem of the element id and of the error's data-testid (`<testId>-error`). */
  testId: string;
  label: string;
  min: number;
  max: number;
  read(settings: PublicSettings): number;
  /** The patch for a new value, built on the settings as they stand (whole objects for grouped keys). */
  write(settings: PublicSettings, value: number): SettingsPatch;
}

export interface NumberSetting {
  readonly element: HTMLElement;
  sync(settings: PublicSettings): void;
}

/** "12" → 12; "", "1.5", "1e3" or anything out of [min, max] → null. */
export function wholeNumberIn(raw: string, min: number, max: number): number | null {
  if (!/^\s*-?\d+\s*$/.test(raw)) return null;
  const value = Number(raw);
  return Number.isInteger(value) && value >= min && value <= max ? value : null;
}

export function numberSetting(
  strings: UiStrings,
  spec: NumberSettingSpec,
  host: { current(): PublicSettings | null; patch(patch: SettingsPatch): void },
): NumberSetting {
  const id = `setting-${spec.testId}`;
  const errorId = `${id}-error`;
  const input = h('input', {
    attrs: {
      type: 'number',
      id,
      min: spec.min,
      max: spec.max,
      step: 1,
      inputmode: 'numeric',
      'aria-describedby': errorId,
      'data-testid': spec.testId,
    },
  });
  const error = h('p', {
    className: 'field-error',
    text: strings.numberInvalid(spec.min, spec.max),
    attrs: { id: errorId, 'data-testid': `${spec.testId}-error`, 'aria-live': 'polite', hidden: true },
  });
  const showError = (shown: boolean): void => {
    error.hidden = !shown;
    if (shown) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  input.addEventListener('change', () => {
    const value = wholeNumberIn(input.value, spec.min, spec.max);
    if (value === null) {
      showError(true);
      return;
    }
    showError(false);
    const settings = host.current();
    if (settings && value !== spec.read(settings)) host.patch(spec.write(settings, value));
  });
  return {
    element: h('div', { className: 'field' }, h('label', { text: spec.label, attrs: { for: id } }), input, error),
    sync(settings) {
      // Never overwrite what someone is typing; a value put back from the settings is valid again.
      if (document.activeElement === input) return;
      const value = String(spec.read(settings));
      if (input.value !== value) {
        input.value = value;
        showError(false);
      }
    },
  };
}
