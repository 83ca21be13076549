import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { icmpEchoFrame, mustParseIpv4, parseHeaders, tcpFrame, udpFrame } from '../../wire/index.ts';
import { AZURE_GATEWAY_MAC } from '../types.ts';
import type { Guest } from '../types.ts';
import { createGuest, createInternetGuest } from './index.ts';
import type { GuestSpec } from './index.ts';
import { fakeHost, frameProblem } from './test-helpers.ts';

const SPECS: GuestSpec[] = [
  { kind: 'host' },
  { kind: 'host', listen: [{ protocol: 'udp', port: 7 }] },
  { kind: 'collector' },
  { kind: 'nva' },
  {
    kind: 'nva',
    routes: [
      { prefix: '10.0.0.0/8', nextHop: 'drop' },
      { prefix: '0.0.0.0/0', nextHop: '10.0.2.1' },
    ],
    dnat: [
      { protocol: 'udp', port: 4789, to: '10.30.3.4' },
      { protocol: 'tcp', port: 80, to: '10.0.2.4', toPort: 8080 },
    ],
    snat: [{}],
    listen: [{ protocol: 'tcp', port: 8080 }],
  },
];

test('createGuest builds the kind the spec names', () => {
  const kinds = SPECS.map((spec) => createGuest(fakeHost('vm', ['10.0.2.4']), spec).kind);
  assert.deepEqual(kinds, ['host', 'host', 'collector', 'nva', 'nva']);
});

/** Fresh guests of every kind on 10.0.2.4, each with the host that collects what it sends. */
function everyGuest() {
  const hosts = [...SPECS.map(() => fakeHost('vm', ['10.0.2.4'])), fakeHost('Internet', [])];
  const guests: Guest[] = [
    ...SPECS.map((spec, i) => createGuest(hosts[i]!, spec)),
    createInternetGuest(hosts[SPECS.length]!),
  ];
  return { hosts, guests };
}

test('any bytes to receive never throw, whatever the guest', () => {
  const { guests } = everyGuest();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      for (const g of guests) g.receive(bytes);
    }),
  );
});

const address = fc
  .constantFrom('10.0.2.4', '10.0.2.5', '10.30.3.4', '8.8.8.8', '0.0.0.0', '255.255.255.255')
  .map(mustParseIpv4);

/** Well-formed frames of every kind the guests act on, then damaged at one byte or cut short. */
const frame = fc
  .tuple(
    fc.oneof(
      fc
        .record({
          src: address,
          dst: address,
          srcPort: fc.integer({ min: 0, max: 65535 }),
          dstPort: fc.constantFrom(0, 7, 80, 443, 4789, 8080, 65535),
          seq: fc.nat({ max: 0xffffffff }),
          ack: fc.nat({ max: 0xffffffff }),
          flags: fc.nat({ max: 255 }),
          ttl: fc.nat({ max: 255 }),
          payload: fc.uint8Array({ maxLength: 40 }),
        })
        .map((o) => tcpFrame({ srcMac: AZURE_GATEWAY_MAC, dstMac: '00:0d:3a:00:00:01', ...o })),
      fc
        .record({
          src: address,
          dst: address,
          srcPort: fc.integer({ min: 0, max: 65535 }),
          dstPort: fc.constantFrom(0, 7, 53, 4789),
          ttl: fc.nat({ max: 255 }),
          payload: fc.uint8Array({ maxLength: 40 }),
        })
        .map((o) => udpFrame({ srcMac: AZURE_GATEWAY_MAC, dstMac: '00:0d:3a:00:00:01', ...o })),
      fc
        .record({
          src: address,
          dst: address,
          type: fc.constantFrom(0 as const, 8 as const),
          ident: fc.integer({ min: 0, max: 65535 }),
          seq: fc.integer({ min: 0, max: 65535 }),
          ttl: fc.nat({ max: 255 }),
        })
        .map((o) => icmpEchoFrame({ srcMac: AZURE_GATEWAY_MAC, dstMac: '00:0d:3a:00:00:01', ...o })),
    ),
    fc.nat(),
    fc.nat({ max: 255 }),
    fc.constantFrom('as is', 'damaged', 'cut'),
  )
  .map(([f, at, value, how]) => {
    if (how === 'damaged') f[at % f.length] = value;
    return how === 'cut' ? f.subarray(0, at % f.length) : f;
  });

test('valid, damaged and truncated frames never throw, and whatever a guest sends is well-formed', () => {
  fc.assert(
    fc.property(fc.array(frame, { maxLength: 20 }), (frames) => {
      const { hosts, guests } = everyGuest();
      for (const f of frames) for (const g of guests) g.receive(f);
      // A router forwards a damaged transport checksum as it came; everything else a guest sends is right.
      const damaged = frames.some((f) => frameProblem(f) !== undefined);
      for (const h of hosts) {
        for (const sent of h.sent) {
          if (damaged) assert.ok(parseHeaders(sent).ok, 'a sent frame parses');
          else assert.equal(frameProblem(sent), undefined, 'a sent frame is well-formed');
        }
      }
    }),
    { numRuns: 300 },
  );
});
