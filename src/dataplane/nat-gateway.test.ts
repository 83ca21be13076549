// NAT gateway SNAT table (azure-semantics.md §4.1; nat-gateway-snat, nat-gateway-resource#port-reuse-timers):
// reuse, per-destination port sharing, 64,512 ports per IP, hold-downs after FIN / RST / UDP idle, idle timers,
// SKU protocols, replies only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createNatGatewayTable, FIRST_PORT, PORTS_PER_IP } from './nat-gateway.ts';
import type { NatGatewayConfig, NatGatewayTable, NatProtocol } from './nat-gateway.ts';
import { FakeClock } from './types.ts';

const ip = (text: string): number => text.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) >>> 0;

const VM = ip('10.0.1.4');
const VM2 = ip('10.0.1.5');
const PIP = ip('20.1.1.1');
const PIP2 = ip('20.1.1.2');
const WEB = ip('93.184.216.34');
const DNS = ip('8.8.8.8');
const S = 1000;

const table = (o: Partial<NatGatewayConfig> = {}): NatGatewayTable =>
  createNatGatewayTable({
    id: '/natGateways/nat',
    name: 'nat',
    sku: 'Standard',
    publicIps: [PIP],
    seed: 7,
    ...o,
  });

const tcp = (srcPort: number, dst = WEB, dstPort = 443, src = VM) => ({
  protocol: 6 as const,
  src,
  srcPort,
  dst,
  dstPort,
});

/**
 * Opens n TCP flows to one destination, each from its own private ip:port (numbered from `from`), and answers each
 * so that it is established; returns the public ports.
 */
function fill(nat: NatGatewayTable, n: number, now: number, dst = WEB, dstPort = 443, from = 0): number[] {
  const ports: number[] = [];
  for (let k = from; k < from + n; k++) {
    const r = nat.outbound(tcp(1 + (k % 60000), dst, dstPort, VM + Math.floor(k / 60000)), now);
    assert.ok(r.ok, `flow ${k}`);
    assert.ok(nat.inbound({ protocol: 6, src: dst, srcPort: dstPort, dst: r.src, dstPort: r.srcPort }, now));
    ports.push(r.srcPort);
  }
  return ports;
}

test('the same private 5-tuple reuses its mapping', () => {
  const clock = new FakeClock();
  const nat = table();
  const a = nat.outbound(tcp(50000), clock.now());
  assert.ok(a.ok);
  assert.equal(a.created, true);
  assert.equal(a.src, PIP);
  assert.ok(a.srcPort >= FIRST_PORT && a.srcPort <= 65535);
  clock.advance(5 * S);
  const b = nat.outbound(tcp(50000), clock.now());
  assert.deepEqual(b, { ok: true, src: PIP, srcPort: a.srcPort, created: false });
  assert.equal(nat.size, 1);
  assert.deepEqual(
    nat.inbound({ protocol: 6, src: WEB, srcPort: 443, dst: PIP, dstPort: a.srcPort }, clock.now()),
    {
      dst: VM,
      dstPort: 50000,
    },
  );
});

test('ports are picked from the free inventory first, then shared with flows to other destinations', () => {
  const nat = table();
  const now = new FakeClock().now();
  const first = nat.outbound(tcp(40000, DNS, 53), now);
  assert.ok(first.ok);
  // While free ports remain, a flow to another destination does not take a port already in use.
  const toWeb = fill(nat, 100, now);
  assert.ok(!toWeb.includes(first.srcPort));
  // Take every remaining port for WEB:443 (64,511 in all, plus DNS's one that stays free for WEB).
  const rest = fill(nat, PORTS_PER_IP - 1 - 100, now, WEB, 443, 100).concat(toWeb);
  assert.equal(new Set(rest).size, PORTS_PER_IP - 1);
  // No port is free any more: a flow to a third destination reuses one in use for WEB:443.
  const shared = nat.outbound(tcp(40001, DNS, 443), now);
  assert.ok(shared.ok);
  assert.ok(rest.includes(shared.srcPort));
  assert.equal(nat.portsInUse(PIP, { ip: DNS, port: 443 }), 1);
});

test('64,512 ports per public IP: the 64,513th flow to one destination is refused, not with two IPs', () => {
  const now = new FakeClock().now();
  const one = table();
  const ports = fill(one, PORTS_PER_IP, now);
  assert.equal(new Set(ports).size, PORTS_PER_IP);
  assert.equal(Math.min(...ports), FIRST_PORT);
  assert.equal(Math.max(...ports), 65535);
  assert.equal(one.portsInUse(PIP, { ip: WEB, port: 443 }), PORTS_PER_IP);
  assert.deepEqual(one.outbound(tcp(1, WEB, 443, VM2 + 10), now), { ok: false, reason: 'exhausted' });
  // Another destination port is another destination endpoint: it still gets a port.
  assert.ok(one.outbound(tcp(1, WEB, 80, VM2 + 10), now).ok);
  // The UDP inventory is separate.
  assert.ok(one.outbound({ protocol: 17, src: VM, srcPort: 5000, dst: WEB, dstPort: 443 }, now).ok);

  const two = table({ publicIps: [PIP, PIP2] });
  fill(two, PORTS_PER_IP + 1, now);
  const a = two.portsInUse(PIP, { ip: WEB, port: 443 });
  const b = two.portsInUse(PIP2, { ip: WEB, port: 443 });
  assert.equal(a + b, PORTS_PER_IP + 1);
  assert.ok(a > 0 && b > 0, 'both IPs are used');
});

test('FIN and RST hold a port down for its destination 65 s and 16 s; the closing mapping still translates', () => {
  for (const [reason, hold] of [
    ['fin', 65 * S],
    ['rst', 16 * S],
  ] as const) {
    const clock = new FakeClock();
    const nat = table();
    const ports = fill(nat, PORTS_PER_IP, clock.now());
    clock.advance(10 * S);
    // Close the flow from private port 7 (the 7th opened).
    const closedPort = ports[6];
    nat.close(6, VM, 7, WEB, 443, reason, clock.now());
    // The other side's FIN-ACK still maps back during the hold-down.
    clock.advance(1 * S);
    assert.deepEqual(
      nat.inbound({ protocol: 6, src: WEB, srcPort: 443, dst: PIP, dstPort: closedPort ?? 0 }, clock.now()),
      {
        dst: VM,
        dstPort: 7,
      },
    );
    clock.advance(hold - 1 * S - 1);
    assert.deepEqual(nat.outbound(tcp(1, WEB, 443, VM2 + 10), clock.now()), {
      ok: false,
      reason: 'exhausted',
    });
    clock.advance(1);
    const again = nat.outbound(tcp(1, WEB, 443, VM2 + 10), clock.now());
    assert.deepEqual(again, { ok: true, src: PIP, srcPort: closedPort, created: true });
    assert.equal(nat.size, PORTS_PER_IP);
  }
});

test('UDP idles out after 4 minutes, then its port is held down 65 s for that destination', () => {
  const clock = new FakeClock();
  const nat = table();
  const udp = (srcPort: number, src = VM) => ({ protocol: 17 as const, src, srcPort, dst: DNS, dstPort: 53 });
  const ports: number[] = [];
  for (let i = 0; i < PORTS_PER_IP; i++) {
    const r = nat.outbound(udp(1 + (i % 60000), VM + Math.floor(i / 60000)), clock.now());
    assert.ok(r.ok);
    ports.push(r.srcPort);
  }
  clock.advance(2 * 60 * S);
  // Keep every flow but the first alive with a reply; the first idles out at 4 min.
  for (let i = 1; i < PORTS_PER_IP; i++)
    assert.ok(
      nat.inbound({ protocol: 17, src: DNS, srcPort: 53, dst: PIP, dstPort: ports[i] ?? 0 }, clock.now()),
    );
  clock.advance(2 * 60 * S);
  nat.expire(clock.now());
  assert.equal(nat.size, PORTS_PER_IP - 1);
  assert.equal(
    nat.inbound({ protocol: 17, src: DNS, srcPort: 53, dst: PIP, dstPort: ports[0] ?? 0 }, clock.now()),
    undefined,
  );
  clock.advance(65 * S - 1);
  assert.deepEqual(nat.outbound(udp(9, VM2 + 10), clock.now()), { ok: false, reason: 'exhausted' });
  clock.advance(1);
  assert.deepEqual(nat.outbound(udp(9, VM2 + 10), clock.now()), {
    ok: true,
    src: PIP,
    srcPort: ports[0],
    created: true,
  });
});

test('TCP: half-open mappings go after 30 s, established ones after the idle timeout; traffic refreshes them', () => {
  const clock = new FakeClock();
  const nat = table({ tcpIdleTimeoutMinutes: 10 });
  const syn = nat.outbound(tcp(1000), clock.now());
  const est = nat.outbound(tcp(1001), clock.now());
  assert.ok(syn.ok && est.ok);
  assert.ok(
    nat.inbound({ protocol: 6, src: WEB, srcPort: 443, dst: PIP, dstPort: est.srcPort }, clock.now()),
  );
  clock.advance(30 * S - 1);
  nat.expire(clock.now());
  assert.equal(nat.size, 2);
  clock.advance(1);
  nat.expire(clock.now());
  assert.equal(nat.size, 1, 'the unanswered SYN is gone');
  // A half-open mapping's port is free again at once: the same private flow gets a new mapping.
  const retry = nat.outbound(tcp(1000), clock.now());
  assert.ok(retry.ok && retry.created);
  clock.advance(9 * 60 * S);
  assert.ok(nat.outbound(tcp(1001), clock.now()).ok, 'outbound traffic refreshes the timer');
  clock.advance(10 * 60 * S - 1);
  nat.expire(clock.now());
  assert.equal(
    nat.inbound({ protocol: 6, src: WEB, srcPort: 443, dst: PIP, dstPort: est.srcPort }, clock.now())
      ?.dstPort,
    1001,
  );
  clock.advance(10 * 60 * S);
  nat.expire(clock.now());
  assert.equal(nat.size, 0);
  assert.equal(
    nat.inbound({ protocol: 6, src: WEB, srcPort: 443, dst: PIP, dstPort: est.srcPort }, clock.now()),
    undefined,
  );
});

test('the idle timeout is validated (4..120 minutes)', () => {
  assert.throws(() => table({ tcpIdleTimeoutMinutes: 3 }), RangeError);
  assert.throws(() => table({ tcpIdleTimeoutMinutes: 121 }), RangeError);
  assert.doesNotThrow(() => table({ tcpIdleTimeoutMinutes: 120 }));
});

test('Standard refuses ICMP; StandardV2 maps echo identifiers and their replies back', () => {
  const now = new FakeClock().now();
  const ping = { protocol: 1 as const, src: VM, srcPort: 0x1234, dst: DNS, dstPort: 0 };
  assert.deepEqual(table().outbound(ping, now), { ok: false, reason: 'protocol' });
  const v2 = table({ sku: 'StandardV2' });
  const out = v2.outbound(ping, now);
  assert.ok(out.ok);
  assert.equal(out.src, PIP);
  assert.deepEqual(v2.inbound({ protocol: 1, src: DNS, srcPort: 0, dst: PIP, dstPort: out.srcPort }, now), {
    dst: VM,
    dstPort: 0x1234,
  });
  // A second pinger with the same identifier gets another public identifier.
  const other = v2.outbound({ ...ping, src: VM2 }, now);
  assert.ok(other.ok && other.srcPort !== out.srcPort);
  // The identifier is not a TCP port.
  assert.equal(
    v2.inbound({ protocol: 6, src: DNS, srcPort: 0, dst: PIP, dstPort: out.srcPort }, now),
    undefined,
  );
});

test('no unsolicited inbound: only the remote endpoint a mapping was opened to gets through', () => {
  const now = new FakeClock().now();
  const nat = table();
  const out = nat.outbound(tcp(50000), now);
  assert.ok(out.ok);
  assert.equal(
    nat.inbound({ protocol: 6, src: DNS, srcPort: 443, dst: PIP, dstPort: out.srcPort }, now),
    undefined,
  );
  assert.equal(
    nat.inbound({ protocol: 6, src: WEB, srcPort: 80, dst: PIP, dstPort: out.srcPort }, now),
    undefined,
  );
  assert.equal(nat.inbound({ protocol: 6, src: WEB, srcPort: 443, dst: PIP, dstPort: 2000 }, now), undefined);
});

test('the seed makes port choice deterministic', () => {
  const now = new FakeClock().now();
  const run = (seed: number) => fill(table({ seed }), 20, now);
  assert.deepEqual(run(1), run(1));
  assert.notDeepEqual(run(1), run(2));
  const byId = (id: string) =>
    fill(createNatGatewayTable({ id, name: 'n', sku: 'Standard', publicIps: [PIP] }), 5, now);
  assert.deepEqual(byId('/a'), byId('/a'));
});

test('property: live mappings never share a public ip:port towards one destination, and replies map back', () => {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('out' as const),
      protocol: fc.constantFrom<NatProtocol>(6, 17, 1),
      vm: fc.integer({ min: 0, max: 3 }),
      port: fc.integer({ min: 1, max: 4 }),
      dst: fc.integer({ min: 0, max: 2 }),
    }),
    fc.record({
      kind: fc.constant('close' as const),
      vm: fc.integer({ min: 0, max: 3 }),
      port: fc.integer({ min: 1, max: 4 }),
      dst: fc.integer({ min: 0, max: 2 }),
      rst: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 5 * 60 * S }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), fc.integer(), (ops, seed) => {
      const clock = new FakeClock();
      const nat = table({ sku: 'StandardV2', seed, publicIps: [PIP, PIP2] });
      const live = new Map<
        string,
        { pub: number; port: number; protocol: number; src: number; srcPort: number; dst: number }
      >();
      for (const o of ops) {
        if (o.kind === 'wait') {
          clock.advance(o.ms);
          nat.expire(clock.now());
          continue;
        }
        const dst = WEB + o.dst;
        if (o.kind === 'close') {
          nat.close(6, VM + o.vm, o.port, dst, 443, o.rst ? 'rst' : 'fin', clock.now());
          continue;
        }
        const dstPort = o.protocol === 1 ? 0 : 443;
        const r = nat.outbound(
          { protocol: o.protocol, src: VM + o.vm, srcPort: o.port, dst, dstPort },
          clock.now(),
        );
        assert.ok(r.ok);
        live.set(`${o.protocol}|${o.vm}|${o.port}|${o.dst}`, {
          pub: r.src,
          port: r.srcPort,
          protocol: o.protocol,
          src: VM + o.vm,
          srcPort: o.port,
          dst,
        });
        // Every mapping opened so far and still in the table answers its own reply and nobody else's.
        const seen = new Set<string>();
        for (const m of live.values()) {
          const dp = m.protocol === 1 ? 0 : 443;
          const back = nat.inbound(
            { protocol: m.protocol as NatProtocol, src: m.dst, srcPort: dp, dst: m.pub, dstPort: m.port },
            clock.now(),
          );
          if (back === undefined) continue; // expired meanwhile
          assert.deepEqual(back, { dst: m.src, dstPort: m.srcPort });
          const k = `${m.protocol}|${m.pub}|${m.port}|${m.dst}`;
          assert.ok(!seen.has(k), `public ${k} used twice`);
          seen.add(k);
        }
      }
    }),
    { numRuns: 200 },
  );
});
