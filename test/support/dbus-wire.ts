// Reads D-Bus messages as they travel on the bus (what `dbus-monitor --binary` writes: whole messages, one after
// another), so a test sees exactly the strings the notification server received, quotes and newlines included.
// https://dbus.freedesktop.org/doc/dbus-specification.html#message-protocol-marshaling

export type BusMessageType = 'method_call' | 'method_return' | 'error' | 'signal';

export interface BusMessage {
  type: BusMessageType;
  serial: number;
  replySerial?: number;
  path?: string;
  interface?: string;
  member?: string;
  sender?: string;
  destination?: string;
  signature: string;
  body: unknown[];
}

/** A variant's value with its signature kept, as a{sv} hints need. */
export interface WireVariant {
  signature: string;
  value: unknown;
}

const TYPES: Record<number, BusMessageType> = { 1: 'method_call', 2: 'method_return', 3: 'error', 4: 'signal' };
const FIELDS: Record<number, keyof BusMessage> = {
  1: 'path',
  2: 'interface',
  3: 'member',
  5: 'replySerial',
  6: 'destination',
  7: 'sender',
  8: 'signature',
};

/** Splits one complete type off the front of a signature ("a{sv}i" → "a{sv}"). */
function firstType(signature: string, at = 0): string {
  const head = signature[at];
  if (head === undefined) throw new Error(`signature ended early: "${signature}"`);
  if (head === 'a') return `a${firstType(signature, at + 1)}`;
  if (head === '(' || head === '{') {
    const close = head === '(' ? ')' : '}';
    let end = at + 1;
    while (signature[end] !== close) end += firstType(signature, end).length;
    return signature.slice(at, end + 1);
  }
  return head;
}

function typesOf(signature: string): string[] {
  const types: string[] = [];
  for (let at = 0; at < signature.length;) {
    const type = firstType(signature, at);
    types.push(type);
    at += type.length;
  }
  return types;
}

const ALIGN: Record<string, number> = { y: 1, b: 4, n: 2, q: 2, i: 4, u: 4, x: 8, t: 8, d: 8, h: 4, s: 4, o: 4 };
ALIGN.g = 1;
ALIGN.v = 1;
ALIGN.a = 4;
ALIGN['('] = 8;
ALIGN['{'] = 8;

class Reader {
  constructor(
    private readonly buffer: Buffer,
    public offset: number,
    private readonly little: boolean,
  ) {}

  align(to: number): void {
    this.offset = Math.ceil(this.offset / to) * to;
  }

  u32(): number {
    this.align(4);
    const value = this.little ? this.buffer.readUInt32LE(this.offset) : this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  read(type: string): unknown {
    const head = type[0]!;
    this.align(ALIGN[head] ?? 1);
    const b = this.buffer;
    const le = this.little;
    switch (head) {
      case 'y':
        return b.readUInt8(this.offset++);
      case 'b':
        return this.u32() !== 0;
      case 'n':
        this.offset += 2;
        return le ? b.readInt16LE(this.offset - 2) : b.readInt16BE(this.offset - 2);
      case 'q':
        this.offset += 2;
        return le ? b.readUInt16LE(this.offset - 2) : b.readUInt16BE(this.offset - 2);
      case 'i':
        this.offset += 4;
        return le ? b.readInt32LE(this.offset - 4) : b.readInt32BE(this.offset - 4);
      case 'u':
      case 'h':
        return this.u32();
      case 'x':
        this.offset += 8;
        return le ? b.readBigInt64LE(this.offset - 8) : b.readBigInt64BE(this.offset - 8);
      case 't':
        this.offset += 8;
        return le ? b.readBigUInt64LE(this.offset - 8) : b.readBigUInt64BE(this.offset - 8);
      case 'd':
        this.offset += 8;
        return le ? b.readDoubleLE(this.offset - 8) : b.readDoubleBE(this.offset - 8);
      case 's':
      case 'o': {
        const length = this.u32();
        const text = b.toString('utf8', this.offset, this.offset + length);
        this.offset += length + 1;
        return text;
      }
      case 'g': {
        const length = b.readUInt8(this.offset++);
        const text = b.toString('ascii', this.offset, this.offset + length);
        this.offset += length + 1;
        return text;
      }
      case 'v': {
        const signature = this.read('g') as string;
        return { signature, value: this.read(signature) } satisfies WireVariant;
      }
      case 'a': {
        const length = this.u32();
        const element = type.slice(1);
        this.align(ALIGN[element[0]!] ?? 1);
        const end = this.offset + length;
        if (element.startsWith('{')) {
          const [keyType, valueType] = typesOf(element.slice(1, -1));
          const entries: Record<string, unknown> = {};
          while (this.offset < end) {
            this.align(8);
            const key = this.read(keyType!);
            entries[String(key)] = this.read(valueType!);
          }
          return entries;
        }
        const items: unknown[] = [];
        while (this.offset < end) items.push(this.read(element));
        return items;
      }
      case '(':
        return typesOf(type.slice(1, -1)).map((member) => this.read(member));
      default:
        throw new Error(`unknown D-Bus type "${type}"`);
    }
  }
}

/** The complete messages at the front of `buffer`, and the bytes of an unfinished one. */
export function parseBusMessages(buffer: Buffer): { messages: BusMessage[]; rest: Buffer } {
  const messages: BusMessage[] = [];
  let start = 0;
  while (buffer.length - start >= 16) {
    const little = buffer[start] === 0x6c; // 'l'
    const u32 = (at: number): number => (little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at));
    const bodyLength = u32(start + 4);
    const fieldsLength = u32(start + 12);
    const bodyStart = start + Math.ceil((16 + fieldsLength) / 8) * 8;
    const end = bodyStart + bodyLength;
    if (buffer.length < end) break;
    const message = buffer.subarray(start, end);
    const reader = new Reader(message, 12, little);
    const fields = reader.read('a(yv)') as [number, WireVariant][];
    const parsed: BusMessage = {
      type: TYPES[message[1]!] ?? 'method_call',
      serial: little ? message.readUInt32LE(8) : message.readUInt32BE(8),
      signature: '',
      body: [],
    };
    for (const [code, variant] of fields) {
      const key = FIELDS[code];
      if (key) (parsed as unknown as Record<string, unknown>)[key] = variant.value;
    }
    const body = new Reader(message, bodyStart - start, little);
    parsed.body = typesOf(parsed.signature).map((type) => body.read(type));
    messages.push(parsed);
    start = end;
  }
  return { messages, rest: buffer.subarray(start) };
}
