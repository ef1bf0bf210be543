// The tunnel's status before anything is known: zod-free, so the page can start from it without bundling zod.
import type { Status } from './bridge-contract.js';

/** No tunnel, or none known yet: nothing to paste, so no banner. */
export const TUNNEL_OFF: Status['tunnel'] = {
  preset: 'none',
  state: 'off',
  reason: null,
  publicUrl: null,
  publicWebhookUrl: null,
  urlConfirmed: true,
  lastReachableAt: null,
  warning: null,
};
