// Settings' "Quando avisar": quiet hours, urgent repeats, stale arrivals, burst summaries and followed places.
import type { PublicSettings } from '../shared/bridge-contract.js';
import type { SettingsPatch } from '../shared/settings-schema.js';
import type { DeskContext } from './desk-context.js';
import { h } from './dom.js';
import { FollowedEstablishments } from './followed-establishments.js';
import { numberSetting, type NumberSetting } from './number-setting.js';
import { QuietHoursEditor } from './quiet-hours-editor.js';
import { sectionElement } from './settings-sections.js';

/** The settings page as this section needs it: what it shows now, and how a change is sent. */
export interface SettingsHost {
  current(): PublicSettings | null;
  patch(patch: SettingsPatch): void;
}

// The bounds of shared/settings-schema.ts, so a refusal is said here rather than by main.
export const REPEAT_INTERVAL = { min: 0, max: 60 };
export const REPEAT_MAX = { min: 0, max: 20 };
export const STALE_MINUTES = { min: 1, max: 24 * 60 };
export const BURST_LIMIT = { min: 1, max: 20 };
export const BURST_WINDOW = { min: 3, max: 300 };

export class AttentionSettings {
  readonly element: HTMLElement;
  private readonly quiet: QuietHoursEditor;
  private readonly numbers: NumberSetting[];
  private readonly followed: FollowedEstablishments;

  constructor(ctx: DeskContext, host: SettingsHost) {
    const { strings } = ctx;
    this.quiet = new QuietHoursEditor(
      strings,
      () => host.current()?.quietHours ?? [],
      (quietHours) => host.patch({ quietHours }),
    );
    const interval = numberSetting(
      strings,
      {
        testId: 'urgent-repeat-interval',
        label: strings.urgentRepeatInterval,
        ...REPEAT_INTERVAL,
        read: (s) => s.urgentRepeat.intervalMinutes,
        write: (s, intervalMinutes) => ({ urgentRepeat: { ...s.urgentRepeat, intervalMinutes } }),
      },
      host,
    );
    const repeats = numberSetting(
      strings,
      {
        testId: 'urgent-repeat-max',
        label: strings.urgentRepeatMax,
        ...REPEAT_MAX,
        read: (s) => s.urgentRepeat.maxRepeats,
        write: (s, maxRepeats) => ({ urgentRepeat: { ...s.urgentRepeat, maxRepeats } }),
      },
      host,
    );
    const stale = numberSetting(
      strings,
      {
        testId: 'stale-arrival-minutes',
        label: strings.staleArrivalMinutes,
        ...STALE_MINUTES,
        read: (s) => s.staleArrivalMinutes,
        write: (_, staleArrivalMinutes) => ({ staleArrivalMinutes }),
      },
      host,
    );
    const limit = numberSetting(
      strings,
      {
        testId: 'burst-limit',
        label: strings.burstLimit,
        ...BURST_LIMIT,
        read: (s) => s.burst.limit,
        write: (s, value) => ({ burst: { ...s.burst, limit: value } }),
      },
      host,
    );
    const burstWindow = numberSetting(
      strings,
      {
        testId: 'burst-window',
        label: strings.burstWindow,
        ...BURST_WINDOW,
        read: (s) => s.burst.windowSeconds,
        write: (s, windowSeconds) => ({ burst: { ...s.burst, windowSeconds } }),
      },
      host,
    );
    this.numbers = [interval, repeats, stale, limit, burstWindow];
    this.followed = new FollowedEstablishments(
      strings,
      ctx.establishments,
      () => host.current()?.followedEstablishments ?? [],
      (followedEstablishments) => host.patch({ followedEstablishments }),
    );

    const group = (key: string, title: string, help: string, ...body: HTMLElement[]): HTMLElement =>
      h(
        'div',
        {
          className: 'attention-group',
          attrs: { role: 'group', 'aria-labelledby': `attention-${key}-title`, 'data-testid': `attention-${key}` },
        },
        h('h3', { text: title, attrs: { id: `attention-${key}-title` } }),
        h('p', { className: 'help', text: help }),
        ...body,
      );
    const fields = (...items: NumberSetting[]): HTMLElement =>
      h('div', { className: 'number-fields' }, ...items.map((item) => item.element));

    this.element = sectionElement(
      'attention',
      strings.attentionTitle,
      '',
      h('p', { className: 'help', text: strings.attentionHelp }),
      group('quiet-hours', strings.quietHoursTitle, strings.quietHoursHelp, this.quiet.element),
      group('urgent-repeat', strings.urgentRepeatTitle, strings.urgentRepeatHelp, fields(interval, repeats)),
      group('stale-arrivals', strings.staleArrivalTitle, strings.staleArrivalHelp, fields(stale)),
      group('burst', strings.burstTitle, strings.burstHelp, fields(limit, burstWindow)),
      group('follow', strings.followTitle, strings.followHelp, this.followed.element),
    );
  }

  /** Puts every control in the state of `settings` without rebuilding what did not change. */
  sync(settings: PublicSettings): void {
    this.quiet.sync(settings.quietHours);
    for (const field of this.numbers) field.sync(settings);
    this.followed.sync(settings.followedEstablishments);
  }
}
