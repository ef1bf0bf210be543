// "Avisar sobre": the positive view of `mutedTypes` (ticked = pops up) and its presets, as pure functions.
import { CATALOG, EVENT_TYPES, type Category, type KnownEventType } from '../shared/catalog.js';

export const ALERT_PRESETS = ['all', 'key', 'urgent'] as const;
export type AlertPreset = (typeof ALERT_PRESETS)[number];

/** Types that can pop up at all (the LGPD ones never do), in catalog order. */
export const POPUP_TYPES: readonly KnownEventType[] = EVENT_TYPES.filter((type) => CATALOG[type].popup);

const BIRTHDAY_TYPES: readonly KnownEventType[] = ['cliente-aniversariante-chegou', 'cliente-aniversariante-conectou'];
const FREQUENT_TYPES: readonly KnownEventType[] = ['cliente-frequente-chegou', 'cliente-frequente-se-conectou'];

export function isUrgent(type: KnownEventType): boolean {
  return CATALOG[type].priority === 'urgent';
}

export function typesOf(category: Category): KnownEventType[] {
  return EVENT_TYPES.filter((type) => CATALOG[type].category === category);
}

export function popupTypesOf(category: Category): KnownEventType[] {
  return POPUP_TYPES.filter((type) => CATALOG[type].category === category);
}

/** Whether a preset lets this type pop up. */
function presetPopsUp(preset: AlertPreset, type: KnownEventType): boolean {
  switch (preset) {
    case 'all':
      return true;
    case 'key':
      return BIRTHDAY_TYPES.includes(type) || FREQUENT_TYPES.includes(type) || isUrgent(type);
    case 'urgent':
      return isUrgent(type);
  }
}

/** The whole `mutedTypes` a preset stands for: every type that can pop up and that the preset leaves out. */
export function presetMutedTypes(preset: AlertPreset): KnownEventType[] {
  return POPUP_TYPES.filter((type) => !presetPopsUp(preset, type));
}

/** The preset these mutes are exactly, or null ("Personalizado") for any other set, unknown names included. */
export function matchingPreset(mutedTypes: readonly string[]): AlertPreset | null {
  const muted = new Set(mutedTypes);
  for (const preset of ALERT_PRESETS) {
    const expected = presetMutedTypes(preset);
    if (muted.size === expected.length && expected.every((type) => muted.has(type))) return preset;
  }
  return null;
}

/** `mutedTypes` with these types muted, or let through again; other names (a script's too) keep their place. */
export function withMuted(current: readonly string[], types: readonly string[], mute: boolean): string[] {
  if (mute) return [...new Set([...current, ...types])];
  const letThrough = new Set(types);
  return current.filter((type) => !letThrough.has(type));
}

/** The urgent types of a category that these mutes silence (what the warning beside the category names). */
export function mutedUrgentTypes(category: Category, mutedTypes: readonly string[]): KnownEventType[] {
  const muted = new Set(mutedTypes);
  return popupTypesOf(category).filter((type) => isUrgent(type) && muted.has(type));
}
