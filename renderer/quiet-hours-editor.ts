// The quiet-hours list: one row per period (weekdays, from, to); every valid change sends the whole list at once.
import type { QuietPeriod } from '../shared/settings-schema.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { h, replaceChildren } from './dom.js';

/** As many periods as config.json accepts. */
export const QUIET_PERIODS_MAX = 50;
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
/** What "Adicionar horário de silêncio" starts with: every night, closing time to opening. */
export const NEW_QUIET_PERIOD: QuietPeriod = { days: [...WEEKDAYS], from: '22:00', to: '08:00' };

/** A time input's value as HH:MM ("22:00", or "22:00:00" when it carries seconds); null when it is not a time. */
export function clockValue(raw: string): string | null {
  const match = /^(([01]\d|2[0-3]):[0-5]\d)(:[0-5]\d(\.\d{1,3})?)?$/.exec(raw.trim());
  return match ? match[1]! : null;
}

interface Row {
  element: HTMLElement;
  days: HTMLInputElement[];
  from: HTMLInputElement;
  to: HTMLInputElement;
  note: HTMLElement;
  error: HTMLElement;
}

export class QuietHoursEditor {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly add: HTMLButtonElement;
  private rows: Row[] = [];

  constructor(
    private readonly strings: UiStrings,
    /** The periods as the page holds them now. */
    private readonly current: () => readonly QuietPeriod[],
    /** Sends the whole new list (a settings patch). */
    private readonly send: (periods: QuietPeriod[]) => void,
  ) {
    this.list = h('div', { className: 'quiet-list', attrs: { 'data-testid': 'quiet-hours-list' } });
    this.empty = h('p', {
      className: 'note',
      text: strings.quietHoursEmpty,
      attrs: { 'data-testid': 'quiet-hours-empty' },
    });
    this.add = h('button', {
      className: 'button',
      text: strings.quietHoursAdd,
      attrs: { type: 'button', 'data-testid': 'quiet-add' },
    });
    this.add.addEventListener('click', () => {
      const periods = this.current();
      if (periods.length >= QUIET_PERIODS_MAX) return;
      this.send([...periods.map(copy), copy(NEW_QUIET_PERIOD)]);
      // Keyboard users land on the new period's start time, the thing they most likely want to change.
      this.rows.at(-1)?.from.focus();
    });
    this.element = h(
      'div',
      { className: 'quiet-hours' },
      this.list,
      this.empty,
      h('div', { className: 'row-actions' }, this.add),
    );
  }

  sync(periods: readonly QuietPeriod[]): void {
    if (periods.length !== this.rows.length) {
      this.rows = periods.map((period, index) => this.row(index, period));
      replaceChildren(this.list, ...this.rows.map((row) => row.element));
    }
    periods.forEach((period, index) => this.syncRow(this.rows[index]!, period));
    this.empty.hidden = periods.length > 0;
    this.add.disabled = periods.length >= QUIET_PERIODS_MAX;
  }

  private syncRow(row: Row, period: QuietPeriod): void {
    const days = new Set(period.days);
    row.days.forEach((box, day) => {
      box.checked = days.has(day);
    });
    let restored = false;
    for (const [input, value] of [
      [row.from, period.from],
      [row.to, period.to],
    ] as const) {
      if (document.activeElement === input || clockValue(input.value) === value) continue;
      input.value = value;
      input.removeAttribute('aria-invalid');
      restored = true;
    }
    if (restored && !this.invalid(row)) row.error.hidden = true;
    row.note.textContent =
      period.to === period.from
        ? this.strings.quietAllDay
        : period.to < period.from
          ? this.strings.quietOvernight(period.to)
          : '';
    row.note.hidden = row.note.textContent === '';
  }

  private invalid(row: Row): boolean {
    return row.from.hasAttribute('aria-invalid') || row.to.hasAttribute('aria-invalid');
  }

  private row(index: number, period: QuietPeriod): Row {
    const { strings } = this;
    const n = index + 1;
    const stem = `setting-quiet-${index}`;
    const error = h('p', {
      className: 'field-error',
      attrs: { id: `${stem}-error`, 'data-testid': `quiet-error-${index}`, 'aria-live': 'polite', hidden: true },
    });
    const fail = (text: string): void => {
      error.textContent = text;
      error.hidden = false;
    };
    /** Sends this row changed as `change` says, the other rows as they are. */
    const update = (change: (period: QuietPeriod) => QuietPeriod): void => {
      const periods = this.current().map(copy);
      const old = periods[index];
      if (!old) return;
      periods[index] = change(old);
      this.send(periods);
    };

    const days = WEEKDAYS.map((day) => {
      const box = h('input', {
        className: 'visually-hidden',
        attrs: {
          type: 'checkbox',
          id: `${stem}-day-${day}`,
          'aria-label': strings.weekdayName(day),
          'data-testid': `quiet-day-${index}-${day}`,
        },
      });
      box.addEventListener('change', () => {
        const old = this.current()[index];
        if (!old) return;
        const next = box.checked
          ? [...new Set([...old.days, day])].sort((a, b) => a - b)
          : old.days.filter((d) => d !== day);
        if (next.length === 0) {
          box.checked = true;
          fail(strings.quietDaysRequired);
          return;
        }
        if (!this.invalid(row)) error.hidden = true;
        update((period) => ({ ...period, days: next }));
      });
      return box;
    });
    const dayChips = days.map((box, day) =>
      h(
        'label',
        { className: 'day-chip', attrs: { for: box.id, title: strings.weekdayName(day) } },
        box,
        h('span', { text: strings.weekdayLetter(day), attrs: { 'aria-hidden': 'true' } }),
      ),
    );

    const time = (field: 'from' | 'to', label: string): [HTMLElement, HTMLInputElement] => {
      const input = h('input', {
        attrs: {
          type: 'time',
          id: `${stem}-${field}`,
          step: 60,
          required: true,
          'aria-describedby': error.id,
          'data-testid': `quiet-${field}-${index}`,
        },
      });
      input.value = period[field];
      input.addEventListener('change', () => {
        const value = clockValue(input.value);
        if (value === null) {
          input.setAttribute('aria-invalid', 'true');
          fail(strings.quietTimeInvalid);
          return;
        }
        input.removeAttribute('aria-invalid');
        if (!this.invalid(row)) error.hidden = true;
        if (this.current()[index]?.[field] === value) return;
        update((old) => ({ ...old, [field]: value }));
      });
      return [
        h('div', { className: 'field quiet-time' }, h('label', { text: label, attrs: { for: input.id } }), input),
        input,
      ];
    };
    const [fromField, from] = time('from', strings.quietFrom);
    const [toField, to] = time('to', strings.quietTo);

    const remove = h('button', {
      className: 'button button-small button-quiet',
      text: strings.quietPeriodRemove,
      attrs: {
        type: 'button',
        'aria-label': strings.quietPeriodRemoveLabel(n),
        'data-testid': `quiet-remove-${index}`,
      },
    });
    remove.addEventListener('click', () => {
      this.send(
        this.current()
          .filter((_, i) => i !== index)
          .map(copy),
      );
      this.add.focus();
    });

    const note = h('p', { className: 'help', attrs: { 'data-testid': `quiet-note-${index}`, hidden: true } });
    const element = h(
      'div',
      {
        className: 'quiet-period',
        attrs: { role: 'group', 'aria-label': strings.quietPeriodLabel(n), 'data-testid': 'quiet-period' },
      },
      h(
        'div',
        { className: 'quiet-period-fields' },
        h(
          'fieldset',
          { className: 'quiet-days' },
          h('legend', { className: 'field-label', text: strings.quietDays }),
          h('div', { className: 'day-chips' }, ...dayChips),
        ),
        fromField,
        toField,
        remove,
      ),
      note,
      error,
    );
    const row: Row = { element, days, from, to, note, error };
    return row;
  }
}

function copy(period: QuietPeriod): QuietPeriod {
  return { days: [...period.days], from: period.from, to: period.to };
}
