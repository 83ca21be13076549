// Frames for the codec tests, and the fuzz inputs built from them. The captured frames are what Linux 6.x
// sent through a TAP device (10.0.0.4 / 2001:db8::4, MAC 00:0d:3a:12:34:56, peer 12:34:56:78:9a:bc); reading
// a TAP device without a virtio-net header makes the kernel complete every checksum, and tshark 4 marked
// each one Good. Imported by tests only.
import fc from 'fast-check';
import type { Result } from '../net/index.ts';

export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** 'ok', or why not: for assert.match on rejections. */
export const reasonOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.reason);

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A buffer pre-filled with 0xa5, so a construct or emit test shows any byte it forgot to write. */
export const dirty = (length: number): Uint8Array => new Uint8Array(length).fill(0xa5);

/** ARP who-has 10.0.0.5 tell 10.0.0.4. */
export const ARP_REQUEST = hex(`
  ffffffffffff 000d3a123456 0806
  0001 0800 06 04 0001 000d3a123456 0a000004 000000000000 0a000005`);

/** TCP SYN 10.0.0.4.42414 > 10.0.0.5.80, options MSS 1460, SACK permitted, timestamps, window scale 10. */
export const TCP_SYN = hex(`
  123456789abc 000d3a123456 0800
  4500 003c 0b95 4000 40 06 1b1f 0a000004 0a000005
  a5ae 0050 7cec9543 00000000 a0 02 faf0 1351 0000
  020405b4 0402 080a 0b106274 00000000 01 03030a`);

/** UDP 10.0.0.4.49153 > 10.0.0.5.53, payload 'hello vnetlab'. */
export const UDP_DATAGRAM = hex(`
  123456789abc 000d3a123456 0800
  4500 0029 2fa8 4000 40 11 f713 0a000004 0a000005
  c001 0035 0015 3d4e
  68656c6c6f20766e65746c6162`);

/** ICMP echo request 10.0.0.4 > 10.0.0.5, id 0xe0df seq 1, data 'abcdefgh'. */
export const ICMP_ECHO = hex(`
  123456789abc 000d3a123456 0800
  4500 0024 feb5 4000 40 01 281b 0a000004 0a000005
  08 00 8589 e0df 0001 6162636465666768`);

/** TCP SYN [2001:db8::4].46744 > [2001:db8::5].443, MSS 1440 and the same other options. */
export const TCP6_SYN = hex(`
  123456789abc 000d3a123456 86dd
  6 00 10f68 0028 06 40 20010db8000000000000000000000004 20010db8000000000000000000000005
  b698 01bb 4edadaa0 00000000 a0 02 fd20 c766 0000
  020405a0 0402 080a eac85b77 00000000 01 03030a`);

/** ICMPv6 echo request 2001:db8::4 > 2001:db8::5, id 0xe0e0 seq 2, data 'ping6'. */
export const ICMP6_ECHO = hex(`
  123456789abc 000d3a123456 86dd
  6 00 d7a89 000d 3a 40 20010db8000000000000000000000004 20010db8000000000000000000000005
  80 00 2e89 e0e0 0002 70696e6736`);

/** ICMPv6 neighbor solicitation for 2001:db8::5 to its solicited-node group ff02::1:ff00:5. */
export const ICMP6_NS = hex(`
  3333ff000005 000d3a123456 86dd
  6 00 00000 0020 3a ff 20010db8000000000000000000000004 ff0200000000000000000001ff000005
  87 00 afa9 00000000 20010db8000000000000000000000005 0101000d3a123456`);

export const CAPTURED: readonly Uint8Array[] = [
  ARP_REQUEST,
  TCP_SYN,
  UDP_DATAGRAM,
  ICMP_ECHO,
  TCP6_SYN,
  ICMP6_ECHO,
  ICMP6_NS,
];

/** Where each captured frame's layer-3 header starts and the layer-4 one. */
export const L3 = 14;
export const L4_V4 = 34;
export const L4_V6 = 54;

/** Random bytes, and valid frames with a few bytes overwritten and maybe cut short: fuzz for every parser. */
export function mutated(valid: readonly Uint8Array[], skip = 0): fc.Arbitrary<Uint8Array> {
  const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
    minLength: 1,
    maxLength: 4,
  });
  const fromValid = fc
    .tuple(fc.constantFrom(...valid), edits, fc.option(fc.nat(), { nil: undefined }))
    .map(([frame, changes, cut]) => {
      const out = frame.slice();
      for (const [at, value] of changes) out[skip + (at % Math.max(1, out.length - skip))] = value;
      return cut === undefined ? out : out.subarray(0, cut % (out.length + 1));
    });
  return fc.oneof(fc.uint8Array({ maxLength: 128 }), fromValid);
}

export const FUZZ_RUNS = 2000;
