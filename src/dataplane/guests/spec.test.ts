import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGuestSpec } from './spec.ts';

const reasonOf = (value: unknown): string => {
  const r = parseGuestSpec(value, 'vms.fw.guest');
  assert.equal(r.ok, false, `expected a failure for ${JSON.stringify(value)}`);
  return r.ok ? '' : r.reason;
};

test('valid specs come back as given', () => {
  const specs: unknown[] = [
    { kind: 'host' },
    {
      kind: 'host',
      listen: [
        { protocol: 'udp', port: 53 },
        { protocol: 'tcp', port: 443 },
      ],
    },
    { kind: 'collector' },
    { kind: 'nva' },
    {
      kind: 'nva',
      forwarding: true,
      routes: [
        { prefix: '0.0.0.0/0', nextHop: '10.0.2.1' },
        { prefix: '10.66.0.0/16', nextHop: 'drop' },
      ],
      dnat: [
        { protocol: 'udp', port: 4789, to: '10.30.3.4' },
        { protocol: 'tcp', port: 8080, to: '10.0.3.4', toPort: 80 },
      ],
      snat: [{}, { destination: '10.1.0.0/16', to: '10.0.2.4' }, { destination: '8.8.8.8' }],
      listen: [],
    },
  ];
  for (const spec of specs) assert.deepEqual(parseGuestSpec(spec, 'g'), { ok: true, value: spec });
});

test('a missing or unknown kind is named', () => {
  assert.equal(reasonOf(undefined), 'vms.fw.guest: expected an object with a kind, got nothing');
  assert.equal(
    reasonOf({ kind: 'router' }),
    "vms.fw.guest.kind: expected 'host', 'nva' or 'collector', got 'router'",
  );
  assert.equal(reasonOf([]), 'vms.fw.guest: expected an object with a kind, got []');
});

test('every problem is reported, each with its path', () => {
  const reason = reasonOf({
    kind: 'nva',
    forwarding: 'yes',
    routes: [{ prefix: '10.0.0.1/8', nextHop: 'gateway' }],
    dnat: [{ protocol: 'sctp', port: 0, to: '10.0.0.300' }],
    snat: 'all',
    listn: [],
  });
  assert.deepEqual(reason.split('; '), [
    'vms.fw.guest.listn: unknown property (expected one of kind, forwarding, routes, dnat, snat, listen)',
    "vms.fw.guest.forwarding: expected true or false, got 'yes'",
    "vms.fw.guest.routes[0].prefix: expected an IPv4 prefix such as 10.0.0.0/16, got '10.0.0.1/8' ('10.0.0.1/8' has host bits set (the prefix is 10.0.0.0/8))",
    "vms.fw.guest.routes[0].nextHop: expected an IPv4 address or 'drop', got 'gateway'",
    "vms.fw.guest.dnat[0].protocol: expected 'tcp' or 'udp', got 'sctp'",
    'vms.fw.guest.dnat[0].port: expected a port number 1-65535, got 0',
    "vms.fw.guest.dnat[0].to: expected an IPv4 address such as 10.0.1.4, got '10.0.0.300'",
    "vms.fw.guest.snat: expected a list, got 'all'",
  ]);
});

test('properties of other kinds are refused (a collector has no listeners)', () => {
  assert.equal(
    reasonOf({ kind: 'collector', listen: [] }),
    'vms.fw.guest.listen: unknown property (expected one of kind)',
  );
  assert.equal(
    reasonOf({ kind: 'host', routes: [] }),
    'vms.fw.guest.routes: unknown property (expected one of kind, listen)',
  );
  assert.equal(
    reasonOf({ kind: 'host', listen: [{ protocol: 'tcp', port: 80.5 }, 'udp/53'] }),
    "vms.fw.guest.listen[0].port: expected a port number 1-65535, got 80.5; vms.fw.guest.listen[1]: expected an object, got 'udp/53'",
  );
  assert.match(reasonOf({ kind: 'nva', snat: [{ destination: 'fd00::/8' }] }), /expected an IPv4 prefix/);
});

test('any value gives a result, never a throw', () => {
  fc.assert(
    fc.property(fc.anything(), (value) => {
      const r = parseGuestSpec(value, 'g');
      assert.equal(typeof r.ok, 'boolean');
    }),
  );
  fc.assert(
    fc.property(
      fc.record({ kind: fc.constantFrom('host', 'nva', 'collector') }, { requiredKeys: ['kind'] }),
      fc.dictionary(fc.constantFrom('listen', 'routes', 'dnat', 'snat', 'forwarding'), fc.anything()),
      (base, extra) => {
        const r = parseGuestSpec({ ...extra, ...base }, 'g');
        assert.equal(typeof r.ok, 'boolean');
      },
    ),
  );
});
