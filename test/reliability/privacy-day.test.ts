// A whole day at the desk — every WiFire type, dozens of customers, contact changes and account removals — then
// every byte of the data folder searched: the privacy promise of ARCHITECTURE.md, kept under realistic use.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { photoBaseName } from '../../main/core/photos/photo-cache.js';
import {
  buildPayload,
  fakeCustomer,
  seededRandom,
  withBirthdayToday,
  type FakeCustomer,
} from '../../main/headless/simulator/payloads.js';
import { EVENT_TYPES, isLgpdType } from '../../shared/catalog.js';
import { customerNeedles, scan, variants, type Needle, type ScanResult } from '../support/reliability/byte-scan.js';
import { startTempService, type TempService } from '../support/temp-service.js';

const INSIGHT_TYPES = EVENT_TYPES.filter((type) => !isLgpdType(type));
const CUSTOMERS = 60;
const REMOVED = 12;
const UPDATED = 15;
/** Customers 0–22 have names no one else has (their first names can be sought alone); 8–11 change, then leave. */
const REMOVED_IDS = Array.from({ length: REMOVED }, (_, i) => i);
const UPDATED_IDS = Array.from({ length: UPDATED }, (_, i) => i + 8);
const CONCURRENCY = 8;

const RARE_FIRST = [
  'Quitéria',
  'Abelarda',
  'Belmira',
  'Clodomira',
  'Deoclécia',
  'Eufrásia',
  'Filomena',
  'Genoveva',
  'Hermengarda',
  'Idalina',
  'Jucélia',
  'Leocádia',
  'Ermelinda',
  'Gumercindo',
  'Anacleto',
  'Teodósio',
  'Epaminondas',
  'Florisbela',
  'Ubaldina',
  'Zulmira',
  'Hildebrando',
  'Eleutério',
  'Olímpio',
];
const RARE_LAST = [
  'Zebedeu Figueirôa',
  'Xavante Bragança',
  'Quintanilha Assunção',
  'Calógeras Nóbrega',
  'Magalhães Brandão',
  'Sampaio Conceição',
  'Vasconcellos Tavares',
  'Albuquerque Peçanha',
  'Cavalcanti Gusmão',
  'Mascarenhas Leitão',
  'Espínola Furtado',
  'Themudo Valadão',
  'Arruda Colaço',
  'Bittencourt Mourão',
  'Penteado Falcão',
  'Gouveia Sobrinho',
  'Lacerda Barroso',
  'Meirelles Queiroz',
  'Siqueira Dantas',
  'Trindade Moura',
  'Wanderley Sarmento',
  'Junqueira Pestana',
  'Frazão Cordeiro',
];
const NEW_FIRST = ['Anastácia', 'Benedita', 'Cândida', 'Dorotéia', 'Evangelina', 'Felícia', 'Geraldina'];
const NEW_LAST = ['Ipanema Solano', 'Juruá Tocantins', 'Kaingang Xingu', 'Lençóis Paraty', 'Mantiqueira Caraça'];

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Customer n: the simulator's person, with a name of their own for the first 23 and a photo and CPF for all. */
function customer(n: number): FakeCustomer {
  const base = fakeCustomer(n, 2024);
  const named =
    n < RARE_FIRST.length
      ? {
          name: `${RARE_FIRST[n]} ${RARE_LAST[n]}`,
          email: `${ascii(RARE_FIRST[n]!)}.${ascii(RARE_LAST[n]!.split(' ')[0]!)}@exemplo.com.br`,
        }
      : {};
  return { ...withBirthdayToday(base), ...named, image: `https://fotos.exemplo.com.br/clientes/${base.id}.jpg` };
}

/** The same person after cliente-atualizou-conta: another name, e-mail and phone. */
function renamed(person: FakeCustomer, i: number): FakeCustomer {
  const first = NEW_FIRST[i % NEW_FIRST.length]!;
  const last = NEW_LAST[i % NEW_LAST.length]!;
  return {
    ...person,
    name: `${first} ${last} ${['Filha', 'Neta', 'Sobrinha'][i % 3]}`,
    email: `${ascii(first)}.${ascii(last.split(' ')[0]!)}.${i}@correio.exemplo.com.br`,
    phone: `21 9 7${String(600 + i).padStart(3, '0')}${String(4000 + i)}`,
  };
}

/** A JPEG whose comment segment holds its URL: a photo left behind would be found by the URL's bytes. */
function jpegOf(url: string): Buffer {
  const comment = Buffer.from(url);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(comment.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xfe]), length, comment, Buffer.from([0xff, 0xd9])]);
}

let temp: TempService | null = null;
afterAll(async () => {
  await temp?.close();
});

describe('a simulated day', () => {
  it('leaves no trace of removed customers anywhere, no personal data in logs and no replaced contact value', async () => {
    const started = performance.now();
    temp = await startTempService({
      // The place opted in to CPF and RG: the strictest case, as they are then stored and must go on removal.
      config: { intake: { ratePerSecond: 100_000, burst: 100_000 }, privacy: { keepCpfRg: true, retentionDays: 30 } },
      photoFetch: async (url) => ({ mime: 'image/jpeg', bytes: jpegOf(url) }),
    });
    const { service } = temp;
    const random = seededRandom(2024);
    const people = Array.from({ length: CUSTOMERS }, (_, n) => customer(n));
    const current = new Map(people.map((person) => [person.id, person]));
    const removed = REMOVED_IDS.map((n) => people[n]!);
    const updated = UPDATED_IDS.map((n) => people[n]!);
    const day = Date.now() - 24 * 3_600_000;
    let clock = 0;
    let events = 0;

    /** Sends the day's deliveries for `who`, each person's `types` in order, all people interleaved. */
    const deliver = async (who: FakeCustomer[], typesOf: (k: number) => string[]): Promise<void> => {
      const queue = who.flatMap((person, k) => typesOf(k).map((type) => ({ id: person.id, type })));
      for (let i = queue.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [queue[i], queue[j]] = [queue[j]!, queue[i]!];
      }
      const worker = async (): Promise<void> => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const person = current.get(next.id)!;
          const payload = buildPayload(next.type, person, { at: new Date(day + ++clock * 20_000) });
          if (/comentou|mensagem/.test(next.type)) {
            // WiFire's opaque details may quote the customer too.
            (payload.activity as Record<string, unknown>).data_of_type = {
              texto: `${person.name} escreveu: adorei o atendimento!`,
              contato: person.email,
            };
          }
          const answer = await temp!.post(payload);
          expect(answer.status, `${next.type} for ${next.id}`).toBe(200);
          events++;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };
    const lgpd = async (type: 'cliente-atualizou-conta' | 'cliente-removeu-conta', person: FakeCustomer) => {
      const answer = await temp!.post(buildPayload(type, person));
      expect(answer.status, `${type} for ${person.id}`).toBe(200);
    };

    // Morning: half of every type for everyone (each person starts at another type, so all 24 are covered).
    const half = INSIGHT_TYPES.length / 2;
    await deliver(people, (k) =>
      Array.from({ length: half }, (_, j) => INSIGHT_TYPES[(k + j) % INSIGHT_TYPES.length]!),
    );
    // Midday: contact changes; WiFire sends the new values from then on.
    const oldContacts = updated.map((person) => ({ ...person }));
    for (const [i, person] of updated.entries()) {
      const next = renamed(person, i);
      current.set(person.id, next);
      await lgpd('cliente-atualizou-conta', next);
    }
    // Afternoon: the other half, new names included, and the panel opens every customer's photo.
    await deliver(people, (k) =>
      Array.from({ length: half }, (_, j) => INSIGHT_TYPES[(k + half + j) % INSIGHT_TYPES.length]!),
    );
    for (const person of people) {
      const photo = await service.bridge.invoke('getPhoto', { customerId: person.id });
      expect(photo).toMatchObject({
        ok: true,
        result: { dataUrl: expect.stringMatching(/^data:image\/jpeg;base64,/) },
      });
    }

    // Everything of the leaving customers, under every name they had, and their photo files by name.
    const leavingNeedles = removed.flatMap((person) => [
      ...customerNeedles(person, { firstNameUnique: true }),
      ...(current.get(person.id) !== person
        ? customerNeedles(current.get(person.id)!, { firstNameUnique: false })
        : []),
      { label: `${person.id} photo file`, bytes: Buffer.from(photoBaseName(person.id)) },
    ]);
    // The scanner does find them while they are still customers (else zero hits below would prove nothing).
    const before = scan(temp.dir, leavingNeedles);
    for (const person of removed) {
      const seen = new Set(before.hits.filter((hit) => hit.label.startsWith(`${person.id} `)).map((hit) => hit.label));
      const fields = ['name', 'e-mail', 'phone', 'cpf', 'rg', 'photo url', 'photo file'];
      for (const field of fields) expect(seen, person.id).toContain(`${person.id} ${field}`);
    }

    // Evening: the removals, then the day goes on for everyone else.
    for (const person of removed) await lgpd('cliente-removeu-conta', current.get(person.id)!);
    const staying = people.filter((person) => !REMOVED_IDS.includes(people.indexOf(person)));
    await deliver(staying, (k) => [INSIGHT_TYPES[k % INSIGHT_TYPES.length]!, 'cliente-conectou']);
    await service.notifier.idle();

    const replacedNeedles: Needle[] = oldContacts
      .filter((old) => !removed.some((person) => person.id === old.id))
      .flatMap((old) => {
        const [first] = old.name.split(' ');
        return [old.name, first!, old.email, old.phone].flatMap((value) =>
          variants(value, false).map((bytes) => ({ label: `${old.id} old contact`, bytes })),
        );
      });
    const everyone = [...people, ...updated.map((person) => current.get(person.id)!)].flatMap((person) =>
      customerNeedles(person, { firstNameUnique: false }),
    );
    const check = (): { files: number; bytes: number; hits: ScanResult['hits'] } => {
      const anywhere = scan(temp!.dir, [...leavingNeedles, ...replacedNeedles]);
      const logs = scan(service.paths.logs, everyone);
      expect(logs.files).toBeGreaterThan(0);
      expect(logs.bytes).toBeGreaterThan(0);
      return { files: anywhere.files, bytes: anywhere.bytes + logs.bytes, hits: [...anywhere.hits, ...logs.hits] };
    };
    const whileRunning = check();
    // The new contact values are kept (a rewrite, not a wipe), and each removal left a count and a time.
    const newest = current.get(updated[UPDATED - 1]!.id)!;
    const kept = scan(temp.dir, [{ label: 'new name', bytes: Buffer.from(newest.name) }]);
    const erasures = await service.store.listErasures();
    await service.close();
    const afterClose = check();
    const files = fs.readdirSync(service.paths.photos);

    console.log(
      `[reliability] privacy-day customers=${CUSTOMERS} events=${events} types=${EVENT_TYPES.length} ` +
        `updates=${UPDATED} removals=${REMOVED} needles=${leavingNeedles.length + replacedNeedles.length + everyone.length} ` +
        `filesScanned=${whileRunning.files + afterClose.files} bytesScanned=${whileRunning.bytes + afterClose.bytes} ` +
        `hits=${whileRunning.hits.length + afterClose.hits.length} photosLeft=${files.length} ` +
        `durationMs=${Math.round(performance.now() - started)}`,
    );
    expect(whileRunning.hits).toEqual([]);
    expect(afterClose.hits).toEqual([]);
    expect(kept.hits.length).toBeGreaterThan(0);
    expect(files).toHaveLength(CUSTOMERS - REMOVED);
    expect(events).toBeGreaterThanOrEqual(CUSTOMERS * INSIGHT_TYPES.length);
    expect(erasures).toHaveLength(REMOVED);
  }, 60_000);
});
