// The tunnel presets by name: zod-free, so the page can list them without bundling zod.
export const TUNNEL_PRESETS = ['none', 'cloudflared', 'ngrok', 'ssh', 'custom'] as const;
export type TunnelPreset = (typeof TUNNEL_PRESETS)[number];

/** Public ssh tunnel services that print the address they give out. */
export const SSH_SERVICES = ['localhost.run', 'serveo.net', 'pinggy.io'] as const;
export type SshService = (typeof SSH_SERVICES)[number];
