// A read-only address with "Copiar": the clipboard when the page may use it, else the selected text for Ctrl+C.
import type { DeskContext } from './desk-context.js';
import { h } from './dom.js';

const COPIED_MS = 2500;

/** Copies the input's value; false when only the selection is left (the user copies by hand). */
export async function copyInputText(input: HTMLInputElement): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(input.value);
      return true;
    }
  } catch {
    // Clipboard API refused (no focus, no permission): fall back to the selection.
  }
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

export interface CopyFieldOptions {
  value: string;
  inputTestId: string;
  buttonTestId: string;
  /** The input's accessible name. */
  label: string;
  /** For a visible <label for> beside the field. */
  id?: string;
  className?: string;
}

export function copyField(ctx: DeskContext, options: CopyFieldOptions): HTMLElement {
  const input = h('input', {
    className: 'url-input',
    attrs: {
      id: options.id,
      type: 'text',
      readonly: true,
      'data-testid': options.inputTestId,
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-label': options.label,
    },
  });
  input.value = options.value;
  input.addEventListener('focus', () => input.select());
  const feedback = h('span', {
    className: 'copy-feedback',
    attrs: { 'aria-live': 'polite', 'data-testid': `${options.buttonTestId}-feedback` },
  });
  const button = h('button', {
    className: 'button',
    text: ctx.strings.copy,
    attrs: { type: 'button', 'data-testid': options.buttonTestId },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  button.addEventListener('click', () => {
    void copyInputText(input).then((ok) => {
      feedback.textContent = ok ? ctx.strings.copied : ctx.strings.copyFailed;
      feedback.className = ok ? 'copy-feedback ok' : 'copy-feedback failed';
      clearTimeout(timer);
      timer = setTimeout(() => {
        feedback.textContent = '';
      }, COPIED_MS);
    });
  });
  return h(
    'div',
    { className: `copy-row${options.className ? ` ${options.className}` : ''}` },
    input,
    button,
    feedback,
  );
}
