// The connection table: forward and reverse look-ups, idle and closed connections, replacement of a key, sweeping,
// and the same answers when every key collides (a constant hash chains them all in one bucket).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CONNECTION_IDLE_MS, ConnTrack, isLive } from './conntrack.ts';
import type { Decision, KeyHash } from './conntrack.ts';

const ALLOW: Decision = { initiator: 'local', aclId: 'nsg-a', rule: 'UserRule_allow' };
const OTHER: Decision = { initiator: 'remote', aclId: 'nsg-b', rule: 'DefaultRule_AllowVnetInBound' };
const A = 0x0a000104; // 10.0.1.4
const B = 0x0a000105; // 10.0.1.5
const HIGH = 0xc0a80001; // 192.168.0.1: above 2^31
const T0 = 1_000_000;
const COLLIDE: KeyHash = () => 7;

for (const [name, hash] of [
  ['hashed', undefined],
  ['every key colliding', COLLIDE],
] as const) {
  test(`${name}: a connection answers its own packets and its replies, at its port and direction only`, () => {
    const ct = new ConnTrack(hash);
    const c = ct.open(3, 'Outbound', 17, A, 40000, HIGH, 53, ALLOW, T0);
    assert.equal(c.rule, 'UserRule_allow');
    assert.equal(c.aclId, 'nsg-a');
    assert.equal(c.initiator, 'local');
    const fwd = ct.find(3, 'Outbound', 17, A, 40000, HIGH, 53, T0 + 1);
    assert.equal(fwd?.connection, c);
    assert.equal(fwd?.fromInitiator, true);
    const back = ct.find(3, 'Inbound', 17, HIGH, 53, A, 40000, T0 + 1);
    assert.equal(back?.connection, c);
    assert.equal(back?.fromInitiator, false);
    // Other port, direction, protocol or ports: no connection.
    assert.equal(ct.find(4, 'Outbound', 17, A, 40000, HIGH, 53, T0), undefined);
    assert.equal(ct.find(3, 'Inbound', 17, A, 40000, HIGH, 53, T0), undefined);
    assert.equal(ct.find(3, 'Outbound', 6, A, 40000, HIGH, 53, T0), undefined);
    assert.equal(ct.find(3, 'Outbound', 17, A, 40001, HIGH, 53, T0), undefined);
    assert.equal(ct.find(3, 'Outbound', 17, A, 40000, HIGH, 54, T0), undefined);
    assert.equal(ct.find(3, 'Outbound', 17, B, 40000, HIGH, 53, T0), undefined);
  });

  test(`${name}: a packet to its own address and port is the reply of its own connection`, () => {
    // The other direction's look-up of the same endpoints finds it (as with string keys).
    const ct = new ConnTrack(hash);
    const c = ct.open(2, 'Outbound', 6, A, 0, A, 0, ALLOW, T0);
    const back = ct.find(2, 'Inbound', 6, A, 0, A, 0, T0);
    assert.equal(back?.connection, c);
    assert.equal(back?.fromInitiator, false);
    assert.equal(ct.find(2, 'Outbound', 6, A, 0, A, 0, T0)?.fromInitiator, true);
  });

  test(`${name}: idle connections are not found, closed ones are swept`, () => {
    const ct = new ConnTrack(hash);
    const c = ct.open(0, 'Inbound', 6, A, 1234, B, 443, OTHER, T0);
    assert.equal(ct.find(0, 'Inbound', 6, A, 1234, B, 443, T0 + CONNECTION_IDLE_MS)?.connection, c);
    assert.equal(ct.find(0, 'Inbound', 6, A, 1234, B, 443, T0 + CONNECTION_IDLE_MS + 1), undefined);
    const d = ct.open(0, 'Inbound', 6, A, 1235, B, 443, OTHER, T0);
    const e = ct.open(0, 'Inbound', 6, A, 1236, B, 443, OTHER, T0);
    d.closed = true;
    assert.equal(isLive(d, T0), false);
    assert.equal(ct.size, 3);
    ct.sweep(T0 + 10);
    assert.equal(ct.size, 2);
    assert.equal(ct.find(0, 'Inbound', 6, A, 1236, B, 443, T0 + 10)?.connection, e);
    ct.sweep(T0 + CONNECTION_IDLE_MS + 11);
    assert.equal(ct.size, 0);
    assert.equal(ct.find(0, 'Inbound', 6, A, 1236, B, 443, T0 + 10), undefined);
  });

  test(`${name}: opening a key again replaces its connection`, () => {
    const ct = new ConnTrack(hash);
    ct.open(1, 'Outbound', 17, A, 1, B, 2, ALLOW, T0);
    ct.open(1, 'Outbound', 17, A, 9, B, 2, ALLOW, T0);
    const again = ct.open(1, 'Outbound', 17, A, 1, B, 2, OTHER, T0 + 5);
    assert.equal(ct.size, 2);
    assert.equal(ct.find(1, 'Outbound', 17, A, 1, B, 2, T0 + 5)?.connection, again);
    assert.equal(again.rule, OTHER.rule);
  });
}

interface Key {
  readonly port: number;
  readonly inbound: boolean;
  readonly protocol: number;
  readonly src: number;
  readonly srcPort: number;
  readonly dst: number;
  readonly dstPort: number;
}

const reverseOf = (k: Key): Key => ({
  ...k,
  inbound: !k.inbound,
  src: k.dst,
  srcPort: k.dstPort,
  dst: k.src,
  dstPort: k.srcPort,
});
const text = (k: Key): string =>
  `${k.port}|${k.inbound ? 'I' : 'O'}|${k.protocol}|${k.src}|${k.srcPort}|${k.dst}|${k.dstPort}`;

test('property: the table answers as a map of the seven numbers would, colliding or not', () => {
  // A few keys per run, used forwards and reversed, so that opens, replies and replacements meet often.
  const key: fc.Arbitrary<Key> = fc.record({
    port: fc.integer({ min: 0, max: 1 }),
    inbound: fc.boolean(),
    protocol: fc.constantFrom(6, 17),
    src: fc.constantFrom(A, HIGH),
    srcPort: fc.constantFrom(0, 65535),
    dst: fc.constantFrom(A, HIGH),
    dstPort: fc.constantFrom(0, 65535),
  });
  const op = fc.record({
    which: fc.nat(),
    reverse: fc.boolean(),
    open: fc.boolean(),
    at: fc.integer({ min: 0, max: 2 * CONNECTION_IDLE_MS }),
  });
  fc.assert(
    fc.property(
      fc.array(key, { minLength: 1, maxLength: 4 }),
      fc.array(op, { minLength: 1, maxLength: 40 }),
      fc.boolean(),
      (keys, ops, collide) => {
        const ct = new ConnTrack(collide ? COLLIDE : undefined);
        const model = new Map<string, { lastSeen: number; id: number }>();
        const ids = new Map<object, number>();
        ops.forEach((o, n) => {
          const base = keys[o.which % keys.length]!;
          const k = o.reverse ? reverseOf(base) : base;
          const dir = k.inbound ? 'Inbound' : 'Outbound';
          if (o.open) {
            const c = ct.open(k.port, dir, k.protocol, k.src, k.srcPort, k.dst, k.dstPort, ALLOW, o.at);
            ids.set(c, n);
            model.set(text(k), { lastSeen: o.at, id: n });
            return;
          }
          const found = ct.find(k.port, dir, k.protocol, k.src, k.srcPort, k.dst, k.dstPort, o.at);
          const live = (m: { lastSeen: number; id: number } | undefined) =>
            m && o.at - m.lastSeen <= CONNECTION_IDLE_MS ? m : undefined;
          const fwd = live(model.get(text(k)));
          const rev = live(model.get(text(reverseOf(k))));
          const expected = fwd
            ? { id: fwd.id, fromInitiator: true }
            : rev
              ? { id: rev.id, fromInitiator: false }
              : undefined;
          const actual = found
            ? { id: ids.get(found.connection), fromInitiator: found.fromInitiator }
            : undefined;
          assert.deepEqual(actual, expected);
        });
        assert.equal(ct.size, model.size);
      },
    ),
    { numRuns: 500, seed: 20261122 },
  );
});
