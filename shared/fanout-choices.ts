// What this computer is at its next start, without zod: the page imports it, and zod must stay out of the page.

/** What this computer is at its next start ("Este computador é…"): alone, the main desk (hub), or another desk. */
export const FANOUT_CHOICES = ['off', 'hub', 'satellite'] as const;
export type FanoutChoice = (typeof FANOUT_CHOICES)[number];
