// What fan-out keeps in the data folder, apart from the engine's own files: the hub's id and the desks' join
// credentials (hub), or this desk's own id (satellite). Read back through zod; only this OS user may read them.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createDeskKeys } from './engine/nats-config.js';
import { accountSchema, nodeIdSchema } from './subjects.js';

export const DEFAULT_ACCOUNT = 'wifire-desk';

const keySeedSchema = z.string().regex(/^SU[A-Z2-7]{56}$/);
const publicKeySchema = z.string().regex(/^U[A-Z2-7]{55}$/);

/** A join code's key: it may only ask the hub to let a desk in. */
const invitationSchema = z.strictObject({
  id: nodeIdSchema,
  seed: keySeedSchema,
  publicKey: publicKeySchema,
  createdAt: z.number().int(),
  /** Revoked: the code stops working; new desks get a new code. */
  revokedAt: z.number().int().nullable(),
});
export type Invitation = z.output<typeof invitationSchema>;

/** A desk that joined: its own key (the seed stays on that desk), the code it came with. */
const joinedDeskSchema = z.strictObject({
  id: nodeIdSchema,
  publicKey: publicKeySchema,
  invitation: nodeIdSchema,
  joinedAt: z.number().int(),
  /** Revoked in the hub's panel: its key is refused from then on, and it may not join again with a code. */
  revokedAt: z.number().int().nullable(),
});
export type JoinedDesk = z.output<typeof joinedDeskSchema>;

const hubStateSchema = z.strictObject({
  v: z.literal(1),
  hub: nodeIdSchema,
  account: accountSchema,
  invitations: z.array(invitationSchema).max(1000),
  desks: z.array(joinedDeskSchema).max(1000),
});
export type HubState = z.output<typeof hubStateSchema>;

/** A satellite's own identity: its id and key pair, and the hubs that let it in. */
const deskStateSchema = z.strictObject({
  v: z.literal(1),
  desk: nodeIdSchema,
  seed: keySeedSchema,
  publicKey: publicKeySchema,
  admittedBy: z.array(nodeIdSchema).max(100),
});
export type DeskIdentity = z.output<typeof deskStateSchema>;

export function fanoutDir(dataDir: string): string {
  return path.join(dataDir, 'fanout');
}

export function newNodeId(): string {
  return randomBytes(8).toString('hex');
}

function readJson<T>(file: string, schema: z.ZodType<T>): T | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path.basename(file)} is not valid`);
  return parsed.data;
}

/** Written whole and renamed into place: a crash leaves the old file or the new one, never half of either. */
function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

function newInvitation(now = Date.now()): Invitation {
  return { id: newNodeId(), ...createDeskKeys(), createdAt: now, revokedAt: null };
}

/** The hub's state: made on the first start as a hub (with a join code), kept afterwards. */
export class HubStateFile {
  private readonly file: string;
  private state: HubState;

  constructor(dataDir: string, account = DEFAULT_ACCOUNT) {
    this.file = path.join(fanoutDir(dataDir), 'hub.json');
    const kept = readJson(this.file, hubStateSchema);
    this.state = kept ?? { v: 1, hub: newNodeId(), account, invitations: [newInvitation()], desks: [] };
    if (!kept) writeJson(this.file, this.state);
  }

  get hub(): string {
    return this.state.hub;
  }

  get account(): string {
    return this.state.account;
  }

  get desks(): readonly JoinedDesk[] {
    return this.state.desks;
  }

  /** The code new desks join with: the newest one not revoked (a new one when all were revoked). */
  invitation(): Invitation {
    const live = this.state.invitations.filter((invitation) => invitation.revokedAt === null);
    if (live.length > 0) return live[live.length - 1]!;
    const fresh = newInvitation();
    this.save({ ...this.state, invitations: [...this.state.invitations, fresh] });
    return fresh;
  }

  /** A join code by its id (revoked or not), to check what a desk signed with it. */
  invitationById(id: string): Invitation | null {
    return this.state.invitations.find((invitation) => invitation.id === id && invitation.revokedAt === null) ?? null;
  }

  /** `--nats-account`: every hub of a chain on one NATS uses the same subject prefix. */
  useAccount(account: string): void {
    if (account !== this.state.account) this.save({ ...this.state, account });
  }

  /** Who the server lets in: each desk not revoked, with its own rights, and each live join code. */
  users(): Array<{ id: string; publicKey: string; kind: 'desk' | 'invitation' }> {
    return [
      ...this.state.desks
        .filter((desk) => desk.revokedAt === null)
        .map((desk) => ({ id: desk.id, publicKey: desk.publicKey, kind: 'desk' as const })),
      ...this.state.invitations
        .filter((invitation) => invitation.revokedAt === null)
        .map((invitation) => ({ id: invitation.id, publicKey: invitation.publicKey, kind: 'invitation' as const })),
    ];
  }

  /**
   * A desk asks to join with a code: 'admitted' (new, so the server must be told), 'known' (it joined before with
   * this key), or 'refused' (revoked, its id taken by another key, or the code revoked).
   */
  admit(
    request: { desk: string; publicKey: string; invitation: string },
    now = Date.now(),
  ): 'admitted' | 'known' | 'refused' {
    const existing = this.state.desks.find((desk) => desk.id === request.desk);
    if (existing) return existing.revokedAt === null && existing.publicKey === request.publicKey ? 'known' : 'refused';
    const code = this.state.invitations.find((invitation) => invitation.id === request.invitation);
    if (!code || code.revokedAt !== null) return 'refused';
    const desk: JoinedDesk = {
      id: request.desk,
      publicKey: request.publicKey,
      invitation: request.invitation,
      joinedAt: now,
      revokedAt: null,
    };
    this.save({ ...this.state, desks: [...this.state.desks, desk] });
    return 'admitted';
  }

  /** The desk's key stops working at once; it cannot join again with a code. */
  revokeDesk(id: string, now = Date.now()): boolean {
    if (!this.state.desks.some((desk) => desk.id === id && desk.revokedAt === null)) return false;
    this.save({
      ...this.state,
      desks: this.state.desks.map((desk) => (desk.id === id ? { ...desk, revokedAt: now } : desk)),
    });
    return true;
  }

  /** The join code stops working for new desks (those that joined with it stay); a new code replaces it. */
  revokeInvitation(id: string, now = Date.now()): boolean {
    if (!this.state.invitations.some((invitation) => invitation.id === id && invitation.revokedAt === null))
      return false;
    this.save({
      ...this.state,
      invitations: this.state.invitations.map((invitation) =>
        invitation.id === id ? { ...invitation, revokedAt: now } : invitation,
      ),
    });
    return true;
  }

  private save(next: HubState): void {
    writeJson(this.file, next);
    this.state = next;
  }
}

/** A satellite's own identity (made once, kept): its place in the streams and the key only it holds. */
export class DeskIdentityFile {
  private readonly file: string;
  private state: DeskIdentity;

  constructor(dataDir: string) {
    this.file = path.join(fanoutDir(dataDir), 'desk.json');
    const kept = readJson(this.file, deskStateSchema);
    this.state = kept ?? { v: 1, desk: newNodeId(), ...createDeskKeys(), admittedBy: [] };
    if (!kept) writeJson(this.file, this.state);
  }

  get identity(): DeskIdentity {
    return this.state;
  }

  admittedBy(hub: string): boolean {
    return this.state.admittedBy.includes(hub);
  }

  noteAdmitted(hub: string, admitted: boolean): void {
    const others = this.state.admittedBy.filter((id) => id !== hub);
    const next = { ...this.state, admittedBy: admitted ? [...others, hub] : others };
    writeJson(this.file, next);
    this.state = next;
  }
}
