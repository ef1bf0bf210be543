// "Estabelecimentos que este balcão segue": one box per known place; none ticked follows them all.
import type { Establishment } from './desk-context.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { h, replaceChildren } from './dom.js';

export class FollowedEstablishments {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly summary: HTMLElement;
  /** The ids the boxes stand for, in order: redrawn only when that changes. */
  private shown: string[] | null = null;

  constructor(
    private readonly strings: UiStrings,
    private readonly establishments: readonly Establishment[],
    private readonly current: () => readonly string[],
    private readonly send: (followed: string[]) => void,
  ) {
    this.list = h('div', { className: 'check-list', attrs: { 'data-testid': 'follow-establishments' } });
    this.summary = h('p', { className: 'note', attrs: { 'data-testid': 'follow-summary', 'aria-live': 'polite' } });
    this.element = h('div', { className: 'followed-establishments' }, this.list, this.summary);
  }

  sync(followed: readonly string[]): void {
    // Places followed in config.json but not seen yet still get a box, so they can be unticked.
    const known = this.establishments.map((place) => place.id);
    const ids = [...known, ...followed.filter((id) => !known.includes(id))];
    if (!this.shown || ids.join('\n') !== this.shown.join('\n')) this.draw(ids);
    const ticked = new Set(followed);
    for (const box of this.list.querySelectorAll<HTMLInputElement>('input[data-follow]')) {
      box.checked = ticked.has(box.dataset['follow']!);
    }
    this.summary.textContent =
      ids.length === 0
        ? this.strings.followNoneKnown
        : followed.length === 0
          ? this.strings.followAll
          : this.strings.followSome(followed.length);
  }

  private draw(ids: string[]): void {
    this.shown = ids;
    const boxes = ids.map((id, index) => {
      const box = h('input', {
        attrs: {
          type: 'checkbox',
          id: `setting-follow-${index}`,
          'data-testid': `follow-establishment-${id}`,
          'data-follow': id,
        },
      });
      box.addEventListener('change', () => {
        const current = this.current();
        this.send(box.checked ? [...new Set([...current, id])] : current.filter((other) => other !== id));
      });
      const name = this.establishments.find((place) => place.id === id)?.name ?? id;
      return h('label', { className: 'check', attrs: { for: box.id } }, box, h('span', { text: name }));
    });
    replaceChildren(this.list, ...boxes);
    this.list.hidden = ids.length === 0;
  }
}
