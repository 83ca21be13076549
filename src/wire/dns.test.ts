import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as dns from './dns.ts';
import { mustParseIpv4 as ip } from './ipv4-address.ts';

const ascii = (text: string): number[] => [...new TextEncoder().encode(text)];
const wireName = (...labels: string[]): number[] => [...labels.flatMap((l) => [l.length, ...ascii(l)]), 0];

// A query for www.example.com A, recursion desired, as emit writes it (names uncompressed).
// prettier-ignore
const QUERY = Uint8Array.from([
  0x12, 0x34, // id
  0x01, 0x00, // flags: RD
  0, 1, 0, 0, 0, 0, 0, 0, // qdcount 1, ancount, nscount, arcount 0
  ...wireName('www', 'example', 'com'), // qname
  0, 1, 0, 1, // qtype A, qclass IN
]);

const QUERY_REPR: dns.Repr = {
  id: 0x1234,
  response: false,
  opcode: 0,
  authoritative: false,
  truncated: false,
  recursionDesired: true,
  recursionAvailable: false,
  rcode: dns.Rcode.NoError,
  questions: [{ name: 'www.example.com', type: dns.Type.A, class: 1 }],
  answers: [],
};

// The answer as a resolver sends it: a CNAME and an A record, names compressed (RFC 1035 §4.1.4), and an
// OPT record in the additional section, which parse ignores.
// prettier-ignore
const RESPONSE = Uint8Array.from([
  0x12, 0x34, // id
  0x81, 0x80, // flags: QR, RD, RA; rcode NoError
  0, 1, 0, 2, 0, 0, 0, 1, // qdcount 1, ancount 2, nscount 0, arcount 1
  ...wireName('www', 'example', 'com'), // qname at offset 12
  0, 1, 0, 1, // qtype A, qclass IN
  0xc0, 12, // answer 1: name -> www.example.com
  0, 5, 0, 1, 0, 0, 0x0e, 0x10, 0, 6, // CNAME IN, ttl 3600, rdlength 6
  3, ...ascii('cdn'), 0xc0, 16, // cdn.example.com: label then pointer to 'example.com' (offset 16)
  0xc0, 45, // answer 2: name -> cdn.example.com (the CNAME's RDATA at offset 45)
  0, 1, 0, 1, 0, 0, 0, 60, 0, 4, // A IN, ttl 60, rdlength 4
  93, 184, 216, 34, // address
  0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0, // additional: OPT, udp size 1232
]);

const RESPONSE_REPR: dns.Repr = {
  ...QUERY_REPR,
  response: true,
  recursionAvailable: true,
  answers: [
    {
      name: 'www.example.com',
      type: dns.Type.CNAME,
      class: 1,
      ttl: 3600,
      data: { kind: 'raw', bytes: Uint8Array.from(wireName('cdn', 'example', 'com')) },
    },
    {
      name: 'cdn.example.com',
      type: dns.Type.A,
      class: 1,
      ttl: 60,
      data: { kind: 'A', address: ip('93.184.216.34') },
    },
  ],
};

test('parse: a query', () => {
  const r = dns.parse(QUERY);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.value.repr, QUERY_REPR);
});

test('construct: emit writes the query into a 0xa5-filled buffer', () => {
  assert.equal(dns.bufferLen(QUERY_REPR), QUERY.length);
  const buffer = new Uint8Array(QUERY.length).fill(0xa5);
  dns.emit(QUERY_REPR, buffer);
  assert.deepEqual(buffer, QUERY);
});

test('parse follows compression pointers, also in CNAME RDATA, and ignores the additional section', () => {
  const r = dns.parse(RESPONSE);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.value.repr, RESPONSE_REPR);
});

test('emit writes the response uncompressed, and it parses back the same', () => {
  const buffer = new Uint8Array(dns.bufferLen(RESPONSE_REPR)).fill(0xa5);
  dns.emit(RESPONSE_REPR, buffer);
  // prettier-ignore
  const expected = Uint8Array.from([
    0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0, // header: no additional section
    ...wireName('www', 'example', 'com'), 0, 1, 0, 1, // question
    ...wireName('www', 'example', 'com'), 0, 5, 0, 1, 0, 0, 0x0e, 0x10, 0, 17, // CNAME, rdlength 17
    ...wireName('cdn', 'example', 'com'),
    ...wireName('cdn', 'example', 'com'), 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 93, 184, 216, 34, // A
  ]);
  assert.deepEqual(buffer, expected);
  const r = dns.parse(buffer);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, RESPONSE_REPR);
});

test('header flags, opcode and rcode', () => {
  const repr: dns.Repr = {
    ...QUERY_REPR,
    response: true,
    opcode: 2,
    authoritative: true,
    truncated: true,
    recursionDesired: false,
    rcode: dns.Rcode.NXDomain,
  };
  const buffer = new Uint8Array(dns.bufferLen(repr));
  dns.emit(repr, buffer);
  assert.deepEqual([...buffer.subarray(2, 4)], [0x80 | (2 << 3) | 0x04 | 0x02, 0x03]);
  const r = dns.parse(buffer);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, repr);
});

test('names: root, escapes for dots and odd bytes, case kept, trailing dot accepted on emit', () => {
  // prettier-ignore
  const bytes = Uint8Array.from([
    0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0,
    0, 0, 2, 0, 1, // the root, type NS
    3, 0x61, 0x2e, 0x62, 2, 0x5c, 0x20, 0, 0, 16, 0, 1, // 'a.b' and '\ ' as labels, TXT
    3, ...ascii('WwW'), 0, 0, 1, 0, 1,
  ]);
  const r = dns.parse(bytes);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(
    r.value.repr.questions.map((q) => q.name),
    ['', 'a\\.b.\\\\\\032', 'WwW'],
  );
  const buffer = new Uint8Array(bytes.length);
  dns.emit(r.value.repr, buffer);
  assert.deepEqual(buffer, bytes);
  const fqdn = new Uint8Array(
    dns.bufferLen({ ...QUERY_REPR, questions: [{ name: 'www.example.com.', type: 1, class: 1 }] }),
  );
  dns.emit({ ...QUERY_REPR, questions: [{ name: 'www.example.com.', type: 1, class: 1 }] }, fqdn);
  assert.deepEqual(fqdn, QUERY);
});

test('emit rejects names a caller could not have meant (bugs throw)', () => {
  for (const name of ['a..b', '.a', 'x'.repeat(64), `${'x'.repeat(63)}.`.repeat(4) + 'x', 'a\\']) {
    assert.throws(() => dns.bufferLen({ ...QUERY_REPR, questions: [{ name, type: 1, class: 1 }] }), name);
  }
});

test('parse rejects loops, long names, bad labels and truncation with a reason', () => {
  const header = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
  const long = Array.from({ length: 5 }, () => [63, ...new Array<number>(63).fill(0x61)]).flat();
  const rows: [string, number[]][] = [
    ['short header', [0, 1, 0]],
    ['pointer to itself', [...header, 0xc0, 12, 0, 1, 0, 1]],
    ['two pointers in a loop', [...header, 0xc0, 14, 0xc0, 12, 0, 1, 0, 1]],
    ['name over 255 bytes', [...header, ...long, 0, 0, 1, 0, 1]],
    ['extended label type', [...header, 0x40, 0, 0, 1, 0, 1]],
    ['label past the end', [...header, 5, 0x61, 0x62]],
    ['truncated question', [...header, 0, 0, 1]],
    ['truncated pointer', [...header, 0xc0]],
    ['record truncated', [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0]],
    ['RDATA past the end', [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 16, 0, 1, 0, 0, 0, 1, 0, 9, 1]],
    ['A record of 3 bytes', [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3]],
    [
      'CNAME with bytes after the name',
      [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 2, 0, 0],
    ],
    ['MX shorter than its fields', [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 15, 0, 1, 0, 0, 0, 1, 0, 1, 0]],
  ];
  for (const [label, bytes] of rows) {
    const r = dns.parse(Uint8Array.from(bytes));
    assert.equal(r.ok, false, label);
    assert.ok(!r.ok && r.reason.startsWith('DNS: '), label);
  }
});

test('MX and SOA RDATA names are expanded; other types are kept as raw bytes', () => {
  // prettier-ignore
  const bytes = Uint8Array.from([
    0, 1, 0x84, 0, 0, 0, 0, 3, 0, 0, 0, 0,
    ...wireName('example', 'com'), // answer 1 name, at offset 12
    0, 15, 0, 1, 0, 0, 0, 1, 0, 9, 0, 10, 4, ...ascii('mail'), 0xc0, 12, // MX 10 mail.example.com
    0xc0, 12, 0, 6, 0, 1, 0, 0, 0, 1, 0, 27, // SOA
    2, ...ascii('ns'), 0xc0, 12, 0xc0, 12, ...new Array<number>(20).fill(7), // mname, rname, 5 numbers
    0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 1, 0, 3, 2, ...ascii('hi'), // TXT
  ]);
  const r = dns.parse(bytes);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const data = r.value.repr.answers.map((a) => a.data);
  assert.deepEqual(data, [
    { kind: 'raw', bytes: Uint8Array.from([0, 10, ...wireName('mail', 'example', 'com')]) },
    {
      kind: 'raw',
      bytes: Uint8Array.from([
        ...wireName('ns', 'example', 'com'),
        ...wireName('example', 'com'),
        ...new Array<number>(20).fill(7),
      ]),
    },
    { kind: 'raw', bytes: Uint8Array.from([2, ...ascii('hi')]) },
  ]);
});

const label = fc.stringMatching(/^[a-zA-Z0-9_-]{1,63}$/);
const name = fc.array(label, { maxLength: 3 }).map((labels) => labels.join('.'));
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
// Raw data for types whose RDATA holds no names (parse would expand those), and never type A.
const rawType = u16.filter((t) => ![1, 2, 5, 6, 12, 15].includes(t));
const record: fc.Arbitrary<dns.Record> = fc.oneof(
  fc.record(
    {
      name,
      type: fc.constant(1),
      class: fc.constant(1),
      ttl: u32,
      data: u32.map((address) => ({ kind: 'A' as const, address })),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      name,
      type: rawType,
      class: u16,
      ttl: u32,
      data: fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ kind: 'raw' as const, bytes })),
    },
    { noNullPrototype: true },
  ),
);
const repr: fc.Arbitrary<dns.Repr> = fc.record(
  {
    id: u16,
    response: fc.boolean(),
    opcode: fc.integer({ min: 0, max: 15 }),
    authoritative: fc.boolean(),
    truncated: fc.boolean(),
    recursionDesired: fc.boolean(),
    recursionAvailable: fc.boolean(),
    rcode: fc.integer({ min: 0, max: 15 }),
    questions: fc.array(fc.record({ name, type: u16, class: u16 }, { noNullPrototype: true }), {
      maxLength: 3,
    }),
    answers: fc.array(record, { maxLength: 4 }),
  },
  { noNullPrototype: true },
);

test('property: parse(emit(r)) == r', () => {
  fc.assert(
    fc.property(repr, (r) => {
      const buffer = new Uint8Array(dns.bufferLen(r)).fill(0xa5);
      dns.emit(r, buffer);
      const parsed = dns.parse(buffer);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      assert.deepEqual(parsed.value.repr, r);
    }),
    { numRuns: 1000 },
  );
});

test('property: names of any bytes survive parse then emit (presentation escapes are exact)', () => {
  const anyLabel = fc.uint8Array({ minLength: 1, maxLength: 63 });
  fc.assert(
    fc.property(fc.array(anyLabel, { maxLength: 3 }), (labels) => {
      const bytes = Uint8Array.from([
        0,
        0,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        ...labels.flatMap((l) => [l.length, ...l]),
        0,
        0,
        1,
        0,
        1,
      ]);
      const r = dns.parse(bytes);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      const out = new Uint8Array(dns.bufferLen(r.value.repr));
      dns.emit(r.value.repr, out);
      assert.deepEqual(out, bytes);
    }),
    { numRuns: 1000 },
  );
});

test('property: any bytes give a result, never a throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), fc.integer({ min: 0, max: 3 }), (tail, count) => {
      // A header announcing questions and answers, so the random bytes reach the name and record readers.
      const bytes = Uint8Array.from([0, 0, 0, 0, 0, count, 0, count, 0, 0, 0, 0, ...tail]);
      assert.equal(typeof dns.parse(bytes).ok, 'boolean');
      assert.equal(typeof dns.parse(tail).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});
