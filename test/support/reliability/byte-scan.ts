// Byte-level search for personal values in a data folder: UTF-8 and UTF-16, case and accent variants, file names too.
import fs from 'node:fs';
import path from 'node:path';
import type { FakeCustomer } from '../../../main/headless/simulator/payloads.js';
import { filesUnder } from '../temp-service.js';

export interface Needle {
  /** What is sought, for the report: "<customer id> <field>". */
  label: string;
  bytes: Buffer;
}

export interface ScanHit {
  file: string;
  label: string;
}

export interface ScanResult {
  files: number;
  bytes: number;
  hits: ScanHit[];
}

const stripAccents = (text: string): string => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** "\u00e9" for "é": how an ASCII-only JSON encoder would write the value. */
function jsonEscaped(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every byte form of a text value worth looking for; `folded` adds case and accent variants (names, e-mails). */
export function variants(text: string, folded: boolean): Buffer[] {
  const forms = new Set([text, text.normalize('NFC'), text.normalize('NFD'), jsonEscaped(text)]);
  if (folded) {
    for (const form of [text.toLowerCase(), text.toUpperCase(), stripAccents(text), stripAccents(text).toLowerCase()]) {
      forms.add(form);
    }
  }
  const buffers: Buffer[] = [];
  for (const form of forms) {
    buffers.push(Buffer.from(form, 'utf8'));
    buffers.push(Buffer.from(form, 'utf16le'));
    if (form === text) buffers.push(utf16be(form));
  }
  const seen = new Set<string>();
  return buffers.filter((buffer) => {
    const key = buffer.toString('hex');
    if (buffer.length < 4 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A customer's personal values as the privacy promise lists them: name, e-mail, phone, CPF, RG, MAC, ids, photo. */
export function customerNeedles(customer: FakeCustomer, options: { firstNameUnique: boolean }): Needle[] {
  const needles: Needle[] = [];
  const add = (field: string, value: string | null, folded: boolean): void => {
    if (!value) return;
    for (const bytes of variants(value, folded)) needles.push({ label: `${customer.id} ${field}`, bytes });
  };
  const [first, ...rest] = customer.name.split(' ');
  add('name', customer.name, true);
  if (options.firstNameUnique) add('first name', first!, true); // WiFire's messages use the first name alone
  add('surnames', rest.join(' '), true);
  add('e-mail', customer.email, true);
  add('phone', customer.phone, false);
  add('phone digits', customer.phone.replace(/\D/g, ''), false);
  add('cpf', customer.cpf, false);
  add('cpf formatted', customer.cpf.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4'), false);
  add('rg', customer.rg, false);
  add('mac', customer.mac, true);
  add('mac digits', customer.mac.replace(/:/g, ''), true);
  add('facebook id', customer.facebookId, false);
  add('google id', customer.googleId, false);
  add('photo url', customer.image, false);
  return needles;
}

/** Searches each file's bytes, and its path relative to `root`, for every needle. */
export function scan(root: string, needles: readonly Needle[], files = filesUnder(root)): ScanResult {
  const result: ScanResult = { files: 0, bytes: 0, hits: [] };
  for (const file of files) {
    const relative = path.relative(root, file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      // A file that vanished between listing and reading (a photo's temp file) holds nothing any more.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    result.files++;
    result.bytes += bytes.length;
    const name = Buffer.from(relative, 'utf8');
    const labels = new Set<string>();
    for (const needle of needles) {
      if (!labels.has(needle.label) && (bytes.includes(needle.bytes) || name.includes(needle.bytes))) {
        labels.add(needle.label);
      }
    }
    for (const label of labels) result.hits.push({ file: relative, label });
  }
  return result;
}
