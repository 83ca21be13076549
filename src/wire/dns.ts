// Read RFC 1035 §3.1, §4.1 (and RFC 3597 §4 for names inside RDATA) before changing this file.
import type { Result } from '../net/result.ts';
import { read16, read32, write16, write32 } from './bytes.ts';

export const PORT = 53;
export const HEADER_LEN = 12;

export const Type = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28 } as const;
export const Rcode = { NoError: 0, FormErr: 1, ServFail: 2, NXDomain: 3, Refused: 5 } as const;
const CLASS_IN = 1;

// RFC 1035 §4.1.1: the header.
const Field = {
  ID: 0,
  FLAGS: 2,
  QDCOUNT: 4,
  ANCOUNT: 6,
  NSCOUNT: 8,
  ARCOUNT: 10,
} as const;

// The FLAGS word: QR | Opcode (4) | AA | TC | RD | RA | Z (3, RFC 2535 later took two as AD/CD) | RCODE (4).
const Flag = {
  QR: 0x8000,
  OPCODE_SHIFT: 11,
  AA: 0x0400,
  TC: 0x0200,
  RD: 0x0100,
  RA: 0x0080,
  RCODE_MASK: 0x000f,
} as const;

// RFC 1035 §2.3.4 limits; MAX_POINTERS bounds a compression-pointer chase (a name has at most 127 labels,
// so 128 pointers is more than any honest message needs) and so stops pointer loops.
const MAX_LABEL_LEN = 63;
const MAX_NAME_LEN = 255;
const MAX_POINTERS = 128;

export interface Question {
  name: string;
  type: number;
  class: number;
}

export type RecordData = { kind: 'A'; address: number } | { kind: 'raw'; bytes: Uint8Array };

export interface Record {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: RecordData;
}

export interface Repr {
  id: number;
  response: boolean;
  opcode: number;
  authoritative: boolean;
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  rcode: number;
  questions: Question[];
  answers: Record[];
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `DNS: ${reason}` });

// Authority and additional sections are not read: nothing here needs them, and a malformed one must not
// make the question and answers unreadable. Bytes after the answers are therefore ignored.
export function parse(bytes: Uint8Array): Result<{ repr: Repr }> {
  if (bytes.length < HEADER_LEN) return fail(`message needs ${HEADER_LEN} bytes, got ${bytes.length}`);
  const flags = read16(bytes, Field.FLAGS);
  let off = HEADER_LEN;
  const questions: Question[] = [];
  for (let i = read16(bytes, Field.QDCOUNT); i > 0; i--) {
    const name = readName(bytes, off);
    if (!name.ok) return name;
    off = name.value.next;
    if (off + 4 > bytes.length) return fail('question is truncated');
    questions.push({
      name: formatName(name.value.labels),
      type: read16(bytes, off),
      class: read16(bytes, off + 2),
    });
    off += 4;
  }
  const answers: Record[] = [];
  for (let i = read16(bytes, Field.ANCOUNT); i > 0; i--) {
    const record = readRecord(bytes, off);
    if (!record.ok) return record;
    answers.push(record.value.record);
    off = record.value.next;
  }
  return {
    ok: true,
    value: {
      repr: {
        id: read16(bytes, Field.ID),
        response: (flags & Flag.QR) !== 0,
        opcode: (flags >>> Flag.OPCODE_SHIFT) & 0xf,
        authoritative: (flags & Flag.AA) !== 0,
        truncated: (flags & Flag.TC) !== 0,
        recursionDesired: (flags & Flag.RD) !== 0,
        recursionAvailable: (flags & Flag.RA) !== 0,
        rcode: flags & Flag.RCODE_MASK,
        questions,
        answers,
      },
    },
  };
}

// RFC 1035 §4.1.3: NAME, TYPE, CLASS, TTL, RDLENGTH, RDATA.
function readRecord(msg: Uint8Array, off: number): Result<{ record: Record; next: number }> {
  const name = readName(msg, off);
  if (!name.ok) return name;
  const at = name.value.next;
  if (at + 10 > msg.length) return fail('resource record is truncated');
  const type = read16(msg, at);
  const klass = read16(msg, at + 2);
  const ttl = read32(msg, at + 4);
  const start = at + 10;
  const end = start + read16(msg, at + 8);
  if (end > msg.length) return fail('RDATA runs past the end of the message');
  const data = readData(msg, type, klass, start, end);
  if (!data.ok) return data;
  return {
    ok: true,
    value: {
      record: { name: formatName(name.value.labels), type, class: klass, ttl, data: data.value },
      next: end,
    },
  };
}

function readData(
  msg: Uint8Array,
  type: number,
  klass: number,
  start: number,
  end: number,
): Result<RecordData> {
  if (type === Type.A && klass === CLASS_IN) {
    if (end - start !== 4) return fail(`A record RDATA must be 4 bytes, got ${end - start}`);
    return { ok: true, value: { kind: 'A', address: read32(msg, start) } };
  }
  // RFC 3597 §4: these well-known types may compress the names in their RDATA. The names are expanded so
  // that the raw bytes mean the same thing outside this message.
  const layout = NAMES_IN_RDATA[type];
  if (layout === undefined) return { ok: true, value: { kind: 'raw', bytes: msg.slice(start, end) } };
  const parts: Uint8Array[] = [];
  let off = start;
  for (const item of layout) {
    if (item === 'name') {
      const name = readName(msg, off);
      if (!name.ok) return name;
      parts.push(encodeLabels(name.value.labels));
      off = name.value.next;
    } else {
      parts.push(msg.subarray(off, off + item));
      off += item;
    }
    if (off > end) return fail(`type ${type} RDATA is shorter than its names and fields`);
  }
  if (off !== end) return fail(`type ${type} RDATA has ${end - off} bytes after its fields`);
  return { ok: true, value: { kind: 'raw', bytes: concat(parts) } };
}

// RDATA layouts: 'name' for a domain name, a number for that many fixed bytes (RFC 1035 §3.3).
const NAMES_IN_RDATA: { [type: number]: readonly ('name' | number)[] } = {
  [Type.NS]: ['name'],
  [Type.CNAME]: ['name'],
  [Type.PTR]: ['name'],
  [Type.MX]: [2, 'name'],
  [Type.SOA]: ['name', 'name', 20],
};

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

// RFC 1035 §4.1.4: a name is labels ending in the root label, or in a pointer to a name elsewhere.
function readName(msg: Uint8Array, start: number): Result<{ labels: Uint8Array[]; next: number }> {
  const labels: Uint8Array[] = [];
  let pos = start;
  let next = -1;
  let pointers = 0;
  let wireLen = 1; // the root label
  for (;;) {
    if (pos >= msg.length) return fail('name runs past the end of the message');
    const len = msg[pos] ?? 0;
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= msg.length) return fail('compression pointer is truncated');
      if (++pointers > MAX_POINTERS) return fail('too many compression pointers (a loop?)');
      if (next < 0) next = pos + 2;
      pos = read16(msg, pos) & 0x3fff;
      continue;
    }
    // 0x40 and 0x80 are the extended and reserved label types (RFC 6891 §5): not names we can read.
    if ((len & 0xc0) !== 0) return fail(`unsupported label type 0x${(len & 0xc0).toString(16)}`);
    if (len === 0) break;
    if (pos + 1 + len > msg.length) return fail('label runs past the end of the message');
    wireLen += 1 + len;
    if (wireLen > MAX_NAME_LEN) return fail(`name is longer than ${MAX_NAME_LEN} bytes`);
    labels.push(msg.subarray(pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return { ok: true, value: { labels, next: next < 0 ? pos + 1 : next } };
}

// Presentation format (RFC 1035 §5.1, as dig prints it): printable ASCII as is, '.' and '\' escaped with a
// backslash, any other byte as \DDD. Labels are case-preserved. The root is ''.
function formatName(labels: Uint8Array[]): string {
  return labels
    .map((label) => {
      let text = '';
      for (const b of label) {
        if (b === 0x2e || b === 0x5c) text += '\\' + String.fromCharCode(b);
        else if (b > 0x20 && b < 0x7f) text += String.fromCharCode(b);
        else text += '\\' + String(b).padStart(3, '0');
      }
      return text;
    })
    .join('.');
}

// The inverse of formatName; a trailing '.' (fully qualified form) is accepted. Emit takes names built by
// code, so a malformed one is a bug and throws.
function nameLabels(name: string): Uint8Array[] {
  if (name === '' || name === '.') return [];
  const labels: Uint8Array[] = [];
  let current: number[] = [];
  const utf8 = new TextEncoder();
  let i = 0;
  const endLabel = (): void => {
    if (current.length === 0) throw new RangeError(`DNS name '${name}' has an empty label`);
    if (current.length > MAX_LABEL_LEN) throw new RangeError(`DNS name '${name}' has a label over 63 bytes`);
    labels.push(Uint8Array.from(current));
    current = [];
  };
  let afterDot = false;
  while (i < name.length) {
    const c = name[i] ?? '';
    afterDot = c === '.';
    if (c === '.') {
      endLabel();
      i++;
    } else if (c === '\\') {
      const digits = /^\d{3}/.exec(name.slice(i + 1, i + 4));
      if (digits) {
        const v = Number(digits[0]);
        if (v > 255) throw new RangeError(`DNS name '${name}' has an escape over 255`);
        current.push(v);
        i += 4;
      } else {
        if (i + 1 >= name.length) throw new RangeError(`DNS name '${name}' ends in a lone backslash`);
        current.push(...utf8.encode(name.slice(i + 1, i + 2)));
        i += 2;
      }
    } else {
      const cp = name.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      current.push(...utf8.encode(ch));
      i += ch.length;
    }
  }
  if (!afterDot) endLabel();
  return checkLength(name, labels);
}

function checkLength(name: string, labels: Uint8Array[]): Uint8Array[] {
  if (labels.reduce((n, l) => n + 1 + l.length, 1) > MAX_NAME_LEN)
    throw new RangeError(`DNS name '${name}' is longer than ${MAX_NAME_LEN} bytes`);
  return labels;
}

function encodeLabels(labels: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(labels.reduce((n, l) => n + 1 + l.length, 1));
  let off = 0;
  for (const label of labels) {
    out[off] = label.length;
    out.set(label, off + 1);
    off += 1 + label.length;
  }
  out[off] = 0;
  return out;
}

const rdataOf = (data: RecordData): Uint8Array => {
  if (data.kind === 'raw') return data.bytes;
  const out = new Uint8Array(4);
  write32(out, 0, data.address);
  return out;
};

const nameLen = (name: string): number => nameLabels(name).reduce((n, l) => n + 1 + l.length, 1);

export const bufferLen = (repr: Repr): number =>
  HEADER_LEN +
  repr.questions.reduce((n, q) => n + nameLen(q.name) + 4, 0) +
  repr.answers.reduce((n, a) => n + nameLen(a.name) + 10 + rdataOf(a.data).length, 0);

// Names are written uncompressed (RFC 1035 §4.1.4 makes compression optional for senders).
export function emit(repr: Repr, buffer: Uint8Array): void {
  const len = bufferLen(repr);
  if (buffer.length < len) throw new RangeError(`DNS emit needs ${len} bytes, got ${buffer.length}`);
  if (repr.questions.length > 0xffff || repr.answers.length > 0xffff)
    throw new RangeError('DNS emit: more than 65535 questions or answers');
  write16(buffer, Field.ID, repr.id);
  write16(
    buffer,
    Field.FLAGS,
    (repr.response ? Flag.QR : 0) |
      ((repr.opcode & 0xf) << Flag.OPCODE_SHIFT) |
      (repr.authoritative ? Flag.AA : 0) |
      (repr.truncated ? Flag.TC : 0) |
      (repr.recursionDesired ? Flag.RD : 0) |
      (repr.recursionAvailable ? Flag.RA : 0) |
      (repr.rcode & Flag.RCODE_MASK),
  );
  write16(buffer, Field.QDCOUNT, repr.questions.length);
  write16(buffer, Field.ANCOUNT, repr.answers.length);
  write16(buffer, Field.NSCOUNT, 0);
  write16(buffer, Field.ARCOUNT, 0);
  let off = HEADER_LEN;
  const writeName = (name: string): void => {
    const wire = encodeLabels(nameLabels(name));
    buffer.set(wire, off);
    off += wire.length;
  };
  for (const q of repr.questions) {
    writeName(q.name);
    write16(buffer, off, q.type);
    write16(buffer, off + 2, q.class);
    off += 4;
  }
  for (const a of repr.answers) {
    const rdata = rdataOf(a.data);
    if (rdata.length > 0xffff) throw new RangeError('DNS emit: RDATA longer than 65535 bytes');
    writeName(a.name);
    write16(buffer, off, a.type);
    write16(buffer, off + 2, a.class);
    write32(buffer, off + 4, a.ttl);
    write16(buffer, off + 8, rdata.length);
    buffer.set(rdata, off + 10);
    off += 10 + rdata.length;
  }
}
