// The nats-server config the hub writes for its own server: TLS and NKEY auth always on, JetStream on disk,
// and each desk allowed only what its layout needs (subjects.ts). Nothing secret goes in it: NKEY users are
// public keys, the seeds stay with their desks.
import net from 'node:net';
import { z } from 'zod';
import { nkeys } from '@nats-io/transport-node';
import { accountSchema, consumerName, nodeIdSchema, subjectsOf } from '../subjects.js';

/** A user's public NKEY: "U" and 55 base32 characters, its checksum checked too. */
export const userPublicKeySchema = z
  .string()
  .regex(/^U[A-Z2-7]{55}$/)
  .refine((key) => {
    try {
      nkeys.fromPublic(key);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid NKEY public key');

/** A new desk's key pair: the seed goes into its join code, the public key into this config. */
export function createDeskKeys(): { seed: string; publicKey: string } {
  const pair = nkeys.createUser();
  return { seed: new TextDecoder().decode(pair.getSeed()), publicKey: pair.getPublicKey() };
}

/**
 * A desk that joined (its own key, its own consumers), or an invitation: the join code's key, which may only ask
 * the hub to let a new desk in (the desk then connects with a key of its own, so each desk can be revoked alone).
 */
export const deskUserSchema = z.object({
  id: nodeIdSchema,
  publicKey: userPublicKeySchema,
  kind: z.enum(['desk', 'invitation']).default('desk'),
});
export type DeskUser = z.input<typeof deskUserSchema>;

/** An IP or a host name: it lands in a config file, so nothing that could close a string or start a block. */
export const listenHostSchema = z
  .string()
  .min(1)
  .max(253)
  .refine((host) => net.isIP(host) !== 0 || /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(host), 'not a host');
export const listenSchema = z.object({ host: listenHostSchema, port: z.number().int().min(1).max(65_535) });
export type Listen = z.infer<typeof listenSchema>;

const configSchema = z.object({
  listen: listenSchema,
  storeDir: z.string().min(1),
  certFile: z.string().min(1),
  keyFile: z.string().min(1),
  account: accountSchema,
  hubId: nodeIdSchema,
  hubPublicKey: userPublicKeySchema,
  desks: z.array(deskUserSchema).max(500),
  /** A cap on the JetStream store, so a runaway stream cannot fill the desk's disk. */
  maxFileStoreBytes: z
    .number()
    .int()
    .min(1024 * 1024)
    .default(1024 * 1024 * 1024),
});
export type NatsServerConfigInput = z.input<typeof configSchema>;

/**
 * Events carry pointers only, but the hub's answers carry a page of the feed (up to 500 rows with WiFire's
 * messages): NATS's own default, 1 MiB.
 */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** How long a client has to finish the TLS handshake before the server drops it. */
export const TLS_TIMEOUT_SECONDS = 5;

export interface DeskPermissions {
  publish: { allow: string[]; deny: string[] };
  subscribe: { allow: string[] };
}

/**
 * What a desk may do, checked against nats-server 2.9 with the @nats-io 3.x clients (see the engine's tests).
 * Pull consumers ask for messages on `$JS.API.CONSUMER.MSG.NEXT.<stream>.<durable>` and ack on
 * `$JS.ACK.<stream>.<durable>.…`; `consumers.get` reads `CONSUMER.INFO` first. A KV watch creates an ordered push
 * consumer (`CONSUMER.CREATE.KV_<bucket>.<name>.<filter>`), answers flow control on `$JS.FC.KV_<bucket>.…` and,
 * when it resets after a reconnect, deletes its old consumer. Everything a desk receives arrives on its own inbox.
 */
export function deskPermissions(account: string, hubId: string, desk: string): DeskPermissions {
  const s = subjectsOf(account);
  const kvStream = `KV_${s.readBucket}`;
  const durable = (stream: string, kind: 'events' | 'erasures'): string[] => {
    const name = consumerName(desk, hubId, kind);
    return [
      `$JS.API.CONSUMER.INFO.${stream}.${name}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
      `$JS.ACK.${stream}.${name}.>`,
    ];
  };
  return {
    publish: {
      allow: [
        ...durable(s.eventStream, 'events'),
        ...durable(s.erasureStream, 'erasures'),
        // The read marks are not personal data, and the watcher's consumer names are random: another desk's
        // watcher cannot be guessed to be deleted.
        `$JS.API.CONSUMER.CREATE.${kvStream}.>`,
        `$JS.API.CONSUMER.DELETE.${kvStream}.>`,
        `$JS.FC.${kvStream}.>`,
        s.requests,
      ],
      // Already outside the allow list; said again so a wider allow added later cannot let a desk forge events.
      deny: [s.events, s.erasures],
    },
    subscribe: { allow: [`${s.inbox(desk)}.>`] },
  };
}

/**
 * What an administrator of an existing NATS gives each desk's user (the other-desks page of the docs prints it): the same
 * rights as on the hub's own server, for any desk id (the hub makes each desk's consumers when it joins), and its
 * answers on `_INBOX.>` (`_INBOX.<desk id>.>` to hold one desk to its own). Never the right to publish events.
 */
export function sharedDeskPermissions(account: string): DeskPermissions {
  const s = subjectsOf(account);
  const kvStream = `KV_${s.readBucket}`;
  const durables = (stream: string): string[] => [
    `$JS.API.CONSUMER.INFO.${stream}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
    `$JS.ACK.${stream}.>`,
  ];
  return {
    publish: {
      allow: [
        ...durables(s.eventStream),
        ...durables(s.erasureStream),
        `$JS.API.CONSUMER.CREATE.${kvStream}.>`,
        `$JS.API.CONSUMER.DELETE.${kvStream}.>`,
        `$JS.FC.${kvStream}.>`,
        s.requests,
      ],
      deny: [s.events, s.erasures],
    },
    subscribe: { allow: ['_INBOX.>'] },
  };
}

/** An invitation may only ask the hub to let a desk in, and read the answer on its own inbox. */
export function invitationPermissions(account: string, hubId: string, invitation: string): DeskPermissions {
  const s = subjectsOf(account);
  return {
    publish: { allow: [s.request(hubId, 'join')], deny: [s.events, s.erasures] },
    subscribe: { allow: [`${s.inbox(invitation)}.>`] },
  };
}

/** Every string goes in double-quoted with JSON's escapes, which nats-server's parser reads the same way. */
const quote = (value: string): string => JSON.stringify(value);
const list = (values: string[], indent: string): string =>
  `[\n${values.map((value) => `${indent}  ${quote(value)}`).join(',\n')}\n${indent}]`;

export function natsServerConfig(input: NatsServerConfigInput): string {
  const config = configSchema.parse(input);
  const users = [
    // The hub publishes events, creates streams and consumers, erases: it may do anything.
    `    { nkey: ${quote(config.hubPublicKey)} }`,
    ...config.desks.map((desk) => {
      const p =
        desk.kind === 'invitation'
          ? invitationPermissions(config.account, config.hubId, desk.id)
          : deskPermissions(config.account, config.hubId, desk.id);
      const pad = '        ';
      return [
        `    {`,
        `      nkey: ${quote(desk.publicKey)}`,
        `      permissions: {`,
        `        publish: { allow: ${list(p.publish.allow, pad)}, deny: ${list(p.publish.deny, pad)} }`,
        `        subscribe: { allow: ${list(p.subscribe.allow, pad)} }`,
        `      }`,
        `    }`,
      ].join('\n');
    }),
  ];
  return [
    `# Written by WiFire Desk for hub ${config.hubId}; it is rewritten whenever desks join or leave.`,
    `server_name: ${quote(`wifire_desk_${config.hubId}`)}`,
    `host: ${quote(config.listen.host)}`,
    `port: ${config.listen.port}`,
    `max_payload: ${MAX_PAYLOAD_BYTES}`,
    // No http/https monitor port: it would show connections and subjects to anyone on the network.
    `tls {`,
    `  cert_file: ${quote(config.certFile)}`,
    `  key_file: ${quote(config.keyFile)}`,
    `  timeout: ${TLS_TIMEOUT_SECONDS}`,
    `}`,
    `jetstream {`,
    `  store_dir: ${quote(config.storeDir)}`,
    `  max_memory_store: ${64 * 1024 * 1024}`,
    `  max_file_store: ${config.maxFileStoreBytes}`,
    `}`,
    `authorization {`,
    `  users = [`,
    users.join('\n'),
    `  ]`,
    `}`,
    '',
  ].join('\n');
}
