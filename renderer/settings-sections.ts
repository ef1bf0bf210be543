// The parts of the settings page, their order, and the first-run rule that puts the connection first.
import type { Status } from '../shared/bridge-contract.js';
import type { UiStrings } from '../shared/ui-strings.js';
import { h } from './dom.js';
import { routeHash, type Route } from './route.js';

/** Each is addressable as `#/settings/<section>` (routeHash({ name: 'settings', section })). */
export const SETTINGS_SECTIONS = [
  'notifications',
  'alerts',
  'attention',
  'establishments',
  'language',
  'webhook',
  'tunnel',
  'other-desks',
  'privacy',
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** How WiFire reaches this desk: the address to paste and the tunnel that makes it public. */
const CONNECTION: readonly SettingsSection[] = ['webhook', 'tunnel'];

export function isSettingsSection(value: string): value is SettingsSection {
  return (SETTINGS_SECTIONS as readonly string[]).includes(value);
}

/**
 * First run: nobody has confirmed pasting a public address into WiFire yet, and no event was ever stored — the two
 * facts main keeps for the "Primeiros passos" checklist. (`tunnel.urlConfirmed` alone will not do: it is true while
 * the tunnel reports no address at all.)
 */
export function isFirstRun(status: Pick<Status, 'checklist'>): boolean {
  return !status.checklist.pasted && !status.checklist.firstEvent;
}

/** The usual order; on a first run the connection comes first, since nothing arrives until it is set up. */
export function sectionOrder(firstRun: boolean): SettingsSection[] {
  if (!firstRun) return [...SETTINGS_SECTIONS];
  return [...CONNECTION, ...SETTINGS_SECTIONS.filter((section) => !CONNECTION.includes(section))];
}

export function sectionId(section: SettingsSection): string {
  return `settings-section-${section}`;
}

export function sectionTitleId(section: SettingsSection): string {
  return `settings-section-${section}-title`;
}

/** The section's name in the side menu (short enough for a narrow column). */
export function sectionMenuLabel(section: SettingsSection, strings: UiStrings): string {
  const labels: Record<SettingsSection, string> = {
    notifications: strings.notificationsTitle,
    alerts: strings.alertTypesTitle,
    attention: strings.attentionTitle,
    establishments: strings.settingsMenuEstablishments,
    language: strings.languageTitle,
    webhook: strings.webhookTitle,
    tunnel: strings.tunnelTitle,
    'other-desks': strings.otherDesksTitle,
    privacy: strings.privacyTitle,
  };
  return labels[section];
}

/** One section as a landmark: a region named by its h2, which takes the focus when the section is addressed. */
export function sectionElement(
  section: SettingsSection,
  title: string,
  className: string,
  ...children: (Node | null)[]
): HTMLElement {
  return h(
    'section',
    {
      className: `panel settings-section${className ? ` ${className}` : ''}`,
      attrs: {
        id: sectionId(section),
        'aria-labelledby': sectionTitleId(section),
        'data-testid': `settings-${section}`,
      },
    },
    sectionHeading(section, title),
    ...children,
  );
}

export function sectionHeading(section: SettingsSection, title: string): HTMLElement {
  return h('h2', { text: title, attrs: { id: sectionTitleId(section), tabindex: -1 } });
}

/** A link to a section; through `navigate`, so a second click on the section already addressed still shows it. */
export function sectionLink(
  navigate: (route: Route) => void,
  section: SettingsSection,
  text: string,
  attrs: { className: string; testId: string },
): HTMLAnchorElement {
  const route: Route = { name: 'settings', section };
  const link = h('a', {
    className: attrs.className,
    text,
    attrs: { href: routeHash(route), 'data-testid': attrs.testId },
  });
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(route);
  });
  return link;
}
