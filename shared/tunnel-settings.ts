// How WiFire reaches this PC: the tunnel presets kept under the settings key `tunnel`, one zod variant each.
import { z } from 'zod';
import { VALIDATION_TEXTS } from './validation-texts.js';

import { NOT_PUBLIC_MESSAGE, publicAddressProblem } from './public-address.js';
import { SSH_SERVICES } from './tunnel-presets.js';

export { SSH_SERVICES, TUNNEL_PRESETS, type SshService, type TunnelPreset } from './tunnel-presets.js';

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const IPV6 = /^[0-9a-f:]{2,39}$/;
/** A login name: never starts with "-", so it cannot be read as an ssh option. */
const SSH_USER = /^[a-z_][a-z0-9_.-]{0,63}$/i;

/** An http(s) base address without query or fragment: what WiFire is given before /hooks/<secret>. */
export function isPublicBase(value: string): boolean {
  // Even an empty "?" or "#" would swallow the /hooks/<secret> appended after it.
  if (value.includes('?') || value.includes('#')) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
}

const publicBase = z
  .string()
  .trim()
  .max(2048)
  .refine(isPublicBase, VALIDATION_TEXTS.publicBase.en)
  .refine((value) => publicAddressProblem(value) === null, NOT_PUBLIC_MESSAGE);
const hostname = z.string().trim().toLowerCase().regex(HOSTNAME, VALIDATION_TEXTS.hostname.en);
const sshHost = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => HOSTNAME.test(v) || IPV4.test(v) || (v.includes(':') && IPV6.test(v)) || v === 'localhost', {
    message: VALIDATION_TEXTS.sshHost.en,
  });
/** A token from the tunnel's dashboard; kept in main, never shown back to the panel, never logged. */
const secretToken = z.string().trim().min(1).max(4096).regex(/^\S+$/, VALIDATION_TEXTS.noSpaces.en);
/** The program to run, when it is not on PATH. */
const executablePath = z.string().trim().min(1).max(1024);
const port = z.number().int().min(1).max(65535);

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

// The variants without their cross-field rules: the patch form, where a secret may be left out to keep it.
const noneFields = z.object({
  preset: z.literal('none'),
  /** The address the owner already has (port forward, reverse proxy); WiFire Desk only checks it. */
  publicUrl: publicBase.optional(),
});
const cloudflaredFields = z.object({
  preset: z.literal('cloudflared'),
  /** quick: a new https://*.trycloudflare.com address on every start; named: a fixed hostname from a token. */
  mode: z.enum(['quick', 'named']).default('quick'),
  token: secretToken.optional(),
  hostname: hostname.optional(),
  binaryPath: executablePath.optional(),
});
const ngrokFields = z.object({
  preset: z.literal('ngrok'),
  /** Optional: without it ngrok uses the one saved by `ngrok config add-authtoken`. */
  authtoken: secretToken.optional(),
  /** A reserved or static domain, so the address survives restarts. */
  domain: hostname.optional(),
  binaryPath: executablePath.optional(),
});
const sshFields = z.object({
  preset: z.literal('ssh'),
  /** server: the owner's own server (ssh -R); service: a public ssh tunnel service that prints its address. */
  mode: z.enum(['server', 'service']).default('service'),
  service: z.enum(SSH_SERVICES).default('localhost.run'),
  host: sshHost.optional(),
  port: port.default(22),
  user: z.string().trim().regex(SSH_USER, VALIDATION_TEXTS.sshUser.en).optional(),
  keyFile: executablePath.optional(),
  /** The port opened on the server; 0 lets the server pick one (and the address changes on every start). */
  remotePort: z.number().int().min(0).max(65535).default(0),
  /** The public address that reaches that port (a reverse proxy on the server); else http://host:port. */
  publicBase: publicBase.optional(),
  binaryPath: executablePath.optional(),
});
const customFields = z.object({
  preset: z.literal('custom'),
  command: executablePath,
  /** Arguments, each one as is (no shell); {port} becomes the local listener's port. */
  args: z.array(z.string().max(1024)).max(64).default([]),
  /** A regular expression finding the public address in the program's output (first group, or the whole match). */
  urlPattern: z.string().min(1).max(500).refine(isRegExp, VALIDATION_TEXTS.regExp.en).optional(),
  /** A fixed public address, when the program does not print one. */
  publicUrl: publicBase.optional(),
});

/** The tunnel as kept in config.json: each preset with what it needs to start. */
export const tunnelSettingsSchema = z.discriminatedUnion('preset', [
  noneFields,
  cloudflaredFields.superRefine((value, ctx) => {
    if (value.mode !== 'named') return;
    if (!value.token) ctx.addIssue({ code: 'custom', path: ['token'], message: VALIDATION_TEXTS.namedToken.en });
    if (!value.hostname) {
      ctx.addIssue({ code: 'custom', path: ['hostname'], message: VALIDATION_TEXTS.namedHostname.en });
    }
  }),
  ngrokFields,
  sshFields.superRefine((value, ctx) => {
    if (value.mode !== 'server') return;
    if (!value.host) ctx.addIssue({ code: 'custom', path: ['host'], message: VALIDATION_TEXTS.serverHost.en });
    if (!value.user) ctx.addIssue({ code: 'custom', path: ['user'], message: VALIDATION_TEXTS.serverUser.en });
  }),
  customFields.superRefine((value, ctx) => {
    if (!value.urlPattern && !value.publicUrl) {
      ctx.addIssue({ code: 'custom', path: ['urlPattern'], message: VALIDATION_TEXTS.patternOrUrl.en });
    }
  }),
]);
export type TunnelSettings = z.output<typeof tunnelSettingsSchema>;
export type TunnelSettingsInput = z.input<typeof tunnelSettingsSchema>;

export const DEFAULT_TUNNEL: TunnelSettings = { preset: 'none' };

/** What the panel may send: the same variants, where a left-out token keeps the one already saved. */
export const tunnelPatchSchema = z.discriminatedUnion('preset', [
  noneFields,
  cloudflaredFields,
  ngrokFields,
  sshFields,
  customFields,
]);
export type TunnelPatch = z.input<typeof tunnelPatchSchema>;

/** The tunnel as the panel sees it: tokens replaced by whether one is saved. */
export const publicTunnelSchema = z.discriminatedUnion('preset', [
  noneFields,
  cloudflaredFields.omit({ token: true }).extend({ hasToken: z.boolean() }),
  ngrokFields.omit({ authtoken: true }).extend({ hasAuthtoken: z.boolean() }),
  sshFields,
  customFields,
]);
export type PublicTunnel = z.output<typeof publicTunnelSchema>;

export function toPublicTunnel(tunnel: TunnelSettings): PublicTunnel {
  switch (tunnel.preset) {
    case 'cloudflared': {
      const { token, ...rest } = tunnel;
      return { ...rest, hasToken: Boolean(token) };
    }
    case 'ngrok': {
      const { authtoken, ...rest } = tunnel;
      return { ...rest, hasAuthtoken: Boolean(authtoken) };
    }
    default:
      return tunnel;
  }
}

/** Applies a patch from the panel: a token left out keeps the saved one while the preset stays the same. */
export function mergeTunnelPatch(
  current: TunnelSettings,
  patch: z.output<typeof tunnelPatchSchema>,
): TunnelSettingsInput {
  if (patch.preset === 'cloudflared' && current.preset === 'cloudflared' && patch.token === undefined) {
    return { ...patch, token: current.token };
  }
  if (patch.preset === 'ngrok' && current.preset === 'ngrok' && patch.authtoken === undefined) {
    return { ...patch, authtoken: current.authtoken };
  }
  return patch;
}
