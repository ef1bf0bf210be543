// A webhook body as the delivery log shows it: keys and shape kept, every personal value replaced by "•••".
// Conservative on purpose: whatever sits under the customer, or cannot be classified, is hidden.

export const REDACTED = '•••';

/** Keys that hold personal data wherever they appear (outside the establishment). */
const PERSONAL_KEY =
  /name|nome|mail|phone|fone|celular|whats|cpf|^rg$|mac|facebook|google|image|imagem|photo|foto|avatar|picture|birth|aniversario|nascimento|address|endereco|document/i;
/** Objects under these keys are about a person: everything in them is hidden but a few plainly harmless flags. */
const PERSON_KEY = /user|customer|client|cliente|usuario|pessoa|person|contact|contato|profile|perfil/i;
/** Under a person, values that say nothing about who they are. */
const HARMLESS_UNDER_PERSON = new Set(['status_email']);
/** The establishment's own fields: the business, not a customer. */
const ESTABLISHMENT_KEEP = new Set(['identifier', 'name', 'slug', 'id']);

/** 'person': under the customer, hide all; 'other': hide text and personal keys, keep numbers. */
type Mode = 'person' | 'other';

function hide(value: unknown): unknown {
  return value === null || typeof value === 'boolean' ? value : REDACTED;
}

function redactIn(value: unknown, mode: Mode, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => redactIn(item, mode, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) {
      const childMode: Mode = mode === 'person' || PERSON_KEY.test(childKey) ? 'person' : mode;
      out[childKey] = redactIn(child, childMode, childKey);
    }
    return out;
  }
  if (value === null || typeof value === 'boolean') return value;
  if (mode === 'person') return HARMLESS_UNDER_PERSON.has(key) && typeof value === 'string' ? value : hide(value);
  if (PERSONAL_KEY.test(key)) return hide(value);
  // Elsewhere (data_of_type, WiFire's message, what it may add): numbers are scores and counts; text may quote them.
  return typeof value === 'number' ? value : REDACTED;
}

function redactEstablishment(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return redactIn(value, 'other', '');
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      ESTABLISHMENT_KEEP.has(key) && (typeof child === 'string' || typeof child === 'number' || child === null)
        ? child
        : redactIn(child, 'other', key);
  }
  return out;
}

function redactActivity(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return redactIn(value, 'other', '');
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'created_at' && (typeof child === 'string' || typeof child === 'number' || child === null)) {
      out[key] = child;
    } else {
      // message (WiFire's sentence starts with the first name) and data_of_type: text hidden, scores kept.
      out[key] = redactIn(child, 'other', key);
    }
  }
  return out;
}

/** The body with personal values hidden: type, establishment, created_at and numbers (scores) stay readable. */
export function redactPayload(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return redactIn(body, 'other', '');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'type' && typeof value === 'string') out[key] = value;
    else if (key === 'establishment') out[key] = redactEstablishment(value);
    else if (key === 'activity') out[key] = redactActivity(value);
    else if (key === 'user') out[key] = redactIn(value, 'person', key);
    // Anything else WiFire may add at the top: an object is treated as about a person, to be safe.
    else out[key] = redactIn(value, value !== null && typeof value === 'object' ? 'person' : 'other', key);
  }
  return out;
}

/** Pretty-printed, for the panel's <pre>. */
export function redactedJson(body: unknown): string {
  return JSON.stringify(redactPayload(body), null, 2);
}
