// Untrusted bytes never throw (DESIGN.md §4): a bounded, seeded run of the fuzzer in bench/fuzz.ts. 20,000
// frames (random, valid, mutated) through every codec's parse, parseHeaders and describeFrame, and into the
// example labs from a NIC and from outside Azure; every trace must end in a known disposition. The long run
// (1,000,000 frames) is `node --import tsx bench/fuzz.ts`, its numbers in docs/benchmarks.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixIpv4Checksum, mutate, randomOf, runFuzz } from '../bench/fuzz.ts';
import { parseHeaders, udpFrame } from '../src/wire/index.ts';

describe('fuzz', () => {
  it('the generator is seeded: the same seed gives the same numbers, another seed others', () => {
    const a = randomOf(42);
    const b = randomOf(42);
    const c = randomOf(43);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepEqual(
      Array.from({ length: 5 }, () => b()),
      xs,
    );
    assert.notDeepEqual(
      Array.from({ length: 5 }, () => c()),
      xs,
    );
  });

  it('mutations keep the input intact and, with the checksum fixed, still reach past the IPv4 header', () => {
    const frame = udpFrame({
      srcMac: '00:0d:3a:00:00:01',
      dstMac: '12:34:56:78:9a:bc',
      src: 0x0a000004,
      dst: 0x0a000005,
      srcPort: 40000,
      dstPort: 53,
      payload: new Uint8Array(8),
    });
    const before = frame.slice();
    const r = randomOf(1);
    for (let i = 0; i < 200; i++) mutate(r, frame, frame);
    assert.deepEqual(frame, before);
    const changed = frame.slice();
    changed[22] = 1; // TTL 1: the header checksum is now wrong
    assert.equal(parseHeaders(changed).ok, false);
    fixIpv4Checksum(changed);
    assert.equal(parseHeaders(changed).ok, true);
  });

  it('20,000 frames: no codec, describeFrame or engine throws; every trace has a disposition', () => {
    const report = runFuzz({ seed: 20260101, frames: 20_000 });
    const crashes = report.firstCrashes.map(
      (c) => `#${c.index} ${c.where}\n  frame ${c.frame}\n  ${c.error}`,
    );
    assert.equal(report.crashes, 0, crashes.join('\n'));
    assert.ok(report.traces >= report.frames);
    assert.ok(report.random > 0 && report.valid > 0 && report.mutated > 0);
    // The frames reach every layer: malformed ones stop early, the platform answers, rules deny and allow.
    for (const d of [
      'Malformed',
      'AnsweredByPlatform',
      'BroadcastDropped',
      'DeniedOut',
      'DeniedIn',
      'Delivered',
    ])
      assert.ok((report.dispositions[d] ?? 0) > 0, `no ${d}: ${JSON.stringify(report.dispositions)}`);
  });
});
