import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as dhcp from './dhcp.ts';
import { readMac } from './mac.ts';
import { formatIpv4, mustParseIpv4 as ip } from './ipv4-address.ts';

const ascii = (text: string): number[] => [...new TextEncoder().encode(text)];
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

// A DHCPOFFER as Azure's DHCP service (168.63.129.16) sends it to a VM in 10.0.0.0/24.
// prettier-ignore
const OFFER = Uint8Array.from([
  0x02, 0x01, 0x06, 0x00, // op BOOTREPLY, htype Ethernet, hlen 6, hops 0
  0x39, 0x03, 0xf3, 0x26, // xid
  0x00, 0x02, 0x80, 0x00, // secs 2, flags: broadcast
  0, 0, 0, 0, // ciaddr
  10, 0, 0, 4, // yiaddr
  168, 63, 129, 16, // siaddr
  0, 0, 0, 0, // giaddr
  0x00, 0x0d, 0x3a, 0x01, 0x02, 0x03, ...zeros(10), // chaddr (6 bytes of MAC, 10 of padding)
  ...zeros(64 + 128), // sname, file
  99, 130, 83, 99, // magic cookie
  53, 1, 2, // message type: Offer
  1, 4, 255, 255, 255, 0, // subnet mask
  3, 4, 10, 0, 0, 1, // router
  6, 4, 168, 63, 129, 16, // DNS servers
  15, 21, ...ascii('internal.cloudapp.net'), // domain name
  51, 4, 0xff, 0xff, 0xff, 0xff, // lease time (infinite)
  54, 4, 168, 63, 129, 16, // server identifier
  58, 4, 0x7f, 0xff, 0xff, 0xff, // renewal time
  59, 4, 0xdf, 0xff, 0xff, 0xff, // rebinding time
  121, 23, // classless static routes (RFC 3442):
  32, 168, 63, 129, 16, 10, 0, 0, 1, //   168.63.129.16/32 via 10.0.0.1
  32, 169, 254, 169, 254, 10, 0, 0, 1, //   169.254.169.254/32 via 10.0.0.1
  0, 10, 0, 0, 1, //   0.0.0.0/0 via 10.0.0.1
  255, // end
]);

const OFFER_REPR: dhcp.Repr = {
  op: 2,
  xid: 0x3903f326,
  secs: 2,
  flags: 0x8000,
  ciaddr: 0,
  yiaddr: ip('10.0.0.4'),
  siaddr: ip('168.63.129.16'),
  giaddr: 0,
  chaddr: '00:0d:3a:01:02:03',
  messageType: dhcp.MessageType.Offer,
  options: {
    subnetMask: ip('255.255.255.0'),
    router: [ip('10.0.0.1')],
    dnsServers: [ip('168.63.129.16')],
    domainName: 'internal.cloudapp.net',
    leaseTime: 0xffffffff,
    serverId: ip('168.63.129.16'),
    renewalTime: 0x7fffffff,
    rebindingTime: 0xdfffffff,
    classlessStaticRoutes: [
      { prefix: '168.63.129.16/32', router: ip('10.0.0.1') },
      { prefix: '169.254.169.254/32', router: ip('10.0.0.1') },
      { prefix: '0.0.0.0/0', router: ip('10.0.0.1') },
    ],
  },
};

test('parse: a DHCPOFFER gives its fixed fields and options', () => {
  const r = dhcp.parse(OFFER);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.value.repr, OFFER_REPR);
});

test('construct: emit writes the fixture into a 0xa5-filled buffer', () => {
  const len = dhcp.bufferLen(OFFER_REPR);
  assert.equal(len, OFFER.length);
  const buffer = new Uint8Array(len).fill(0xa5);
  dhcp.emit(OFFER_REPR, buffer);
  assert.deepEqual(buffer, OFFER);
});

// prettier-ignore
const DISCOVER_OPTIONS = [
  53, 1, 1, // message type: Discover
  12, 3, ...ascii('vm1'), // host name
  55, 4, 1, 3, 6, 121, // parameter request list
  255, // end
];

test('a short DHCPDISCOVER is padded to the 300-byte BOOTP minimum (RFC 1542 §2.1)', () => {
  const repr: dhcp.Repr = {
    op: 1,
    xid: 1,
    secs: 0,
    flags: 0,
    ciaddr: 0,
    yiaddr: 0,
    siaddr: 0,
    giaddr: 0,
    chaddr: '00:0d:3a:01:02:03',
    messageType: dhcp.MessageType.Discover,
    options: { hostName: 'vm1', parameterRequestList: [1, 3, 6, 121] },
  };
  assert.equal(dhcp.bufferLen(repr), 300);
  const buffer = new Uint8Array(300).fill(0xa5);
  dhcp.emit(repr, buffer);
  assert.deepEqual([...buffer.subarray(240, 240 + DISCOVER_OPTIONS.length)], DISCOVER_OPTIONS);
  assert.ok(buffer.subarray(240 + DISCOVER_OPTIONS.length).every((b) => b === 0));
  const r = dhcp.parse(buffer);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, repr);
});

function withOptions(options: number[]): Uint8Array {
  const bytes = OFFER.slice(0, 240 + options.length);
  bytes.set(options, 240);
  return bytes;
}

test('parse skips pad and unknown options, tolerates a missing end, drops a trailing NUL in names', () => {
  // prettier-ignore
  const r = dhcp.parse(withOptions([
    0, 0, // pads
    53, 1, 5, // Ack
    245, 4, 168, 63, 129, 16, // Azure's wire server option (unknown here)
    12, 4, ...ascii('vm1'), 0, // host name with a NUL
  ]));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.equal(r.value.repr.messageType, dhcp.MessageType.Ack);
  assert.deepEqual(r.value.repr.options, { hostName: 'vm1' });
});

test('parse concatenates split options (RFC 3396) and host bits of option 121 routes are cleared', () => {
  // prettier-ignore
  const r = dhcp.parse(withOptions([
    53, 1, 5,
    6, 4, 8, 8, 8, 8,
    6, 4, 1, 1, 1, 1, // second instance of option 6, appended to the first
    121, 4, 20, 10, 1, 0xff, // 10.1.0xff/20: width 20, three significant octets
    121, 4, 10, 0, 0, 1, // ... the router, in a second instance
    255,
  ]));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.value.repr.options, {
    dnsServers: [ip('8.8.8.8'), ip('1.1.1.1')],
    classlessStaticRoutes: [{ prefix: '10.1.240.0/20', router: ip('10.0.0.1') }],
  });
});

test('emit splits options longer than 255 bytes (RFC 3396) and parse joins them back', () => {
  const dnsServers = Array.from({ length: 100 }, (_, i) => ip(`10.0.${i}.1`));
  const repr: dhcp.Repr = { ...OFFER_REPR, options: { dnsServers } };
  const buffer = new Uint8Array(dhcp.bufferLen(repr));
  dhcp.emit(repr, buffer);
  assert.deepEqual([...buffer.subarray(243, 245)], [6, 255]);
  assert.deepEqual([...buffer.subarray(243 + 257, 243 + 259)], [6, 145]);
  const r = dhcp.parse(buffer);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, repr);
});

test('parse rejects malformed messages with a reason', () => {
  const rows: [string, Uint8Array][] = [
    ['short', OFFER.subarray(0, 239)],
    ['bad op', Uint8Array.from(OFFER, (b, i) => (i === 0 ? 3 : b))],
    ['not Ethernet', Uint8Array.from(OFFER, (b, i) => (i === 1 ? 6 : b))],
    ['no cookie', Uint8Array.from(OFFER, (b, i) => (i === 236 ? 0 : b))],
    ['no message type', withOptions([1, 4, 255, 255, 255, 0, 255])],
    ['option past the end', withOptions([53, 1, 1, 3, 8, 10, 0, 0, 1])],
    ['no length byte', withOptions([53, 1, 1, 3])],
    ['bad mask length', withOptions([53, 1, 1, 1, 3, 255, 255, 255, 255])],
    ['router not a list of addresses', withOptions([53, 1, 1, 3, 5, 10, 0, 0, 1, 1, 255])],
    ['route width over 32', withOptions([53, 1, 1, 121, 5, 33, 10, 0, 0, 1, 255])],
    ['truncated route', withOptions([53, 1, 1, 121, 4, 24, 10, 0, 0, 255])],
  ];
  for (const [label, bytes] of rows) {
    const r = dhcp.parse(bytes);
    assert.equal(r.ok, false, label);
    assert.ok(!r.ok && r.reason.startsWith('DHCP: '), label);
  }
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => readMac(b, 0));
const text = fc.stringMatching(/^[a-z0-9.-]{1,300}$/);
const route = fc
  .record({ address: u32, width: fc.integer({ min: 0, max: 32 }), router: u32 })
  .map(({ address, width, router }) => {
    const network = width === 0 ? 0 : (address & (0xffffffff << (32 - width))) >>> 0;
    return { prefix: `${formatIpv4(network)}/${width}`, router };
  });
const options: fc.Arbitrary<dhcp.Options> = fc.record(
  {
    subnetMask: u32,
    router: fc.array(u32, { maxLength: 70 }),
    dnsServers: fc.array(u32, { maxLength: 4 }),
    hostName: text,
    domainName: text,
    leaseTime: u32,
    serverId: u32,
    requestedIp: u32,
    parameterRequestList: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }),
    renewalTime: u32,
    rebindingTime: u32,
    classlessStaticRoutes: fc.array(route, { maxLength: 40 }),
  },
  { requiredKeys: [], noNullPrototype: true },
);
const repr: fc.Arbitrary<dhcp.Repr> = fc.record(
  {
    op: fc.constantFrom(1 as const, 2 as const),
    xid: u32,
    secs: fc.integer({ min: 0, max: 0xffff }),
    flags: fc.integer({ min: 0, max: 0xffff }),
    ciaddr: u32,
    yiaddr: u32,
    siaddr: u32,
    giaddr: u32,
    chaddr: mac,
    messageType: fc.integer({ min: 0, max: 255 }),
    options,
  },
  { noNullPrototype: true },
);

test('property: parse(emit(r)) == r', () => {
  fc.assert(
    fc.property(repr, (r) => {
      const buffer = new Uint8Array(dhcp.bufferLen(r)).fill(0xa5);
      dhcp.emit(r, buffer);
      const parsed = dhcp.parse(buffer);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      assert.deepEqual(parsed.value.repr, r);
    }),
    { numRuns: 1000 },
  );
});

test('property: any bytes give a result, never a throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
      // A valid fixed part and cookie, so the random bytes exercise the options walker.
      const bytes = new Uint8Array(240 + tail.length);
      bytes.set(OFFER.subarray(0, 240));
      bytes.set(tail, 240);
      assert.equal(typeof dhcp.parse(bytes).ok, 'boolean');
      assert.equal(typeof dhcp.parse(tail).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});
