import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mustParseIpv4, udpFrame } from '../../wire/index.ts';
import { AZURE_GATEWAY_MAC, FakeClock } from '../types.ts';
import { createCollectorGuest } from './collector.ts';
import { fakeHost } from './test-helpers.ts';

test('a collector records copies of every frame with the time, and answers nothing', () => {
  const clock = new FakeClock();
  const host = fakeHost('vm-col', ['10.1.1.4'], clock);
  const guest = createCollectorGuest(host);
  const mirror = udpFrame({
    srcMac: AZURE_GATEWAY_MAC,
    dstMac: host.mac,
    src: mustParseIpv4('10.0.2.4'),
    dst: mustParseIpv4('10.1.1.4'),
    srcPort: 50000,
    dstPort: 4789,
    payload: new Uint8Array(60),
  });
  guest.receive(mirror);
  clock.advance(1000);
  guest.receive(new Uint8Array([0xde, 0xad]));
  mirror.fill(0);
  assert.equal(guest.kind, 'collector');
  assert.deepEqual(
    guest.received.map((r) => [r.at, r.frame.length]),
    [
      [clock.now() - 1000, mirror.length],
      [clock.now(), 2],
    ],
  );
  assert.notDeepEqual(guest.received[0]?.frame, mirror, "a copy, not the caller's buffer");
  assert.equal(host.sent.length, 0);
});
