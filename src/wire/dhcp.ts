// Read RFC 2131 §2-§4, RFC 2132, RFC 3442 (option 121), RFC 3396 (long options) before changing this file.
import type { Result } from '../net/result.ts';
import { read16, read32, read8, write16, write32 } from './bytes.ts';
import { formatIpv4, parseIpv4 } from './ipv4-address.ts';
import { readMac, writeMac, type Mac } from './mac.ts';

export const CLIENT_PORT = 68;
export const SERVER_PORT = 67;

export const MessageType = {
  Discover: 1,
  Offer: 2,
  Request: 3,
  Decline: 4,
  Ack: 5,
  Nak: 6,
  Release: 7,
  Inform: 8,
} as const;

// RFC 2131 §2, figure 1: the BOOTP fixed part, then the magic cookie that starts the options (RFC 2131 §3).
const Field = {
  OP: 0,
  HTYPE: 1,
  HLEN: 2,
  HOPS: 3,
  XID: 4,
  SECS: 8,
  FLAGS: 10,
  CIADDR: 12,
  YIADDR: 16,
  SIADDR: 20,
  GIADDR: 24,
  CHADDR: 28, // 16 bytes, of which the first hlen are the hardware address
  SNAME: 44, // 64 bytes, unused here (no option overload)
  FILE: 108, // 128 bytes, unused here
  COOKIE: 236,
  OPTIONS: 240,
} as const;

export const HEADER_LEN = Field.OPTIONS;
const MAGIC_COOKIE = 0x63825363; // 99.130.83.99
const HTYPE_ETHERNET = 1;
const MAC_LEN = 6;
// RFC 1542 §2.1: relay agents and old servers may drop BOOTP messages shorter than 300 bytes, so emit pads.
const MIN_MESSAGE_LEN = 300;

// RFC 2132 option codes (121 from RFC 3442).
const Opt = {
  PAD: 0,
  SUBNET_MASK: 1,
  ROUTER: 3,
  DNS_SERVERS: 6,
  HOST_NAME: 12,
  DOMAIN_NAME: 15,
  REQUESTED_IP: 50,
  LEASE_TIME: 51,
  MESSAGE_TYPE: 53,
  SERVER_ID: 54,
  PARAMETER_REQUEST_LIST: 55,
  RENEWAL_TIME: 58,
  REBINDING_TIME: 59,
  CLASSLESS_STATIC_ROUTES: 121,
  END: 255,
} as const;

export interface ClasslessStaticRoute {
  prefix: string;
  router: number;
}

export interface Options {
  subnetMask?: number;
  router?: number[];
  dnsServers?: number[];
  hostName?: string;
  domainName?: string;
  leaseTime?: number;
  serverId?: number;
  requestedIp?: number;
  parameterRequestList?: number[];
  renewalTime?: number;
  rebindingTime?: number;
  classlessStaticRoutes?: ClasslessStaticRoute[];
}

export interface Repr {
  op: 1 | 2;
  xid: number;
  secs: number;
  flags: number;
  ciaddr: number;
  yiaddr: number;
  siaddr: number;
  giaddr: number;
  chaddr: Mac;
  messageType: number;
  options: Options;
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `DHCP: ${reason}` });

export function parse(bytes: Uint8Array): Result<{ repr: Repr }> {
  if (bytes.length < HEADER_LEN)
    return fail(`message needs at least ${HEADER_LEN} bytes, got ${bytes.length}`);
  const op = read8(bytes, Field.OP);
  if (op !== 1 && op !== 2) return fail(`op must be 1 (BOOTREQUEST) or 2 (BOOTREPLY), got ${op}`);
  if (read8(bytes, Field.HTYPE) !== HTYPE_ETHERNET || read8(bytes, Field.HLEN) !== MAC_LEN)
    return fail('only Ethernet hardware addresses (htype 1, hlen 6) are supported');
  if (read32(bytes, Field.COOKIE) !== MAGIC_COOKIE) return fail('magic cookie 99.130.83.99 is missing');
  const collected = collectOptions(bytes.subarray(Field.OPTIONS));
  if (!collected.ok) return collected;
  const raw = collected.value;
  const typeBytes = raw.get(Opt.MESSAGE_TYPE);
  // RFC 2131 §3: every DHCP message carries option 53; without it this is plain BOOTP, not spoken here.
  if (typeBytes?.length !== 1) return fail('option 53 (DHCP message type) is missing or not 1 byte long');
  const options = decodeOptions(raw);
  if (!options.ok) return options;
  return {
    ok: true,
    value: {
      repr: {
        op,
        xid: read32(bytes, Field.XID),
        secs: read16(bytes, Field.SECS),
        flags: read16(bytes, Field.FLAGS),
        ciaddr: read32(bytes, Field.CIADDR),
        yiaddr: read32(bytes, Field.YIADDR),
        siaddr: read32(bytes, Field.SIADDR),
        giaddr: read32(bytes, Field.GIADDR),
        chaddr: readMac(bytes, Field.CHADDR),
        messageType: typeBytes[0] ?? 0,
        options: options.value,
      },
    },
  };
}

// Walks the TLVs up to the end option. RFC 3396 §7: several instances of one option are concatenated in
// order; this is how options longer than 255 bytes travel. Unknown codes are kept only until decoding.
function collectOptions(area: Uint8Array): Result<Map<number, Uint8Array>> {
  const parts = new Map<number, Uint8Array[]>();
  let off = 0;
  while (off < area.length) {
    const code = read8(area, off);
    if (code === Opt.END) break;
    if (code === Opt.PAD) {
      off += 1;
      continue;
    }
    if (off + 2 > area.length) return fail(`option ${code} has no length byte`);
    const len = read8(area, off + 1);
    if (off + 2 + len > area.length) return fail(`option ${code} runs past the end of the message`);
    const list = parts.get(code) ?? [];
    list.push(area.subarray(off + 2, off + 2 + len));
    parts.set(code, list);
    off += 2 + len;
  }
  // A missing end option (off reached the end) is tolerated: the options area is still unambiguous.
  const joined = new Map<number, Uint8Array>();
  for (const [code, list] of parts)
    joined.set(code, list.length === 1 ? (list[0] ?? new Uint8Array()) : concat(list));
  return { ok: true, value: joined };
}

function concat(list: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of list) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function decodeOptions(raw: Map<number, Uint8Array>): Result<Options> {
  const options: Options = {};
  for (const [code, data] of raw) {
    switch (code) {
      case Opt.SUBNET_MASK:
      case Opt.REQUESTED_IP:
      case Opt.LEASE_TIME:
      case Opt.SERVER_ID:
      case Opt.RENEWAL_TIME:
      case Opt.REBINDING_TIME: {
        if (data.length !== 4) return fail(`option ${code} must be 4 bytes long, got ${data.length}`);
        const name = uint32OptionName[code];
        if (name) options[name] = read32(data, 0);
        break;
      }
      case Opt.ROUTER:
      case Opt.DNS_SERVERS: {
        if (data.length % 4 !== 0) return fail(`option ${code} must be a list of IPv4 addresses`);
        const list: number[] = [];
        for (let i = 0; i < data.length; i += 4) list.push(read32(data, i));
        options[code === Opt.ROUTER ? 'router' : 'dnsServers'] = list;
        break;
      }
      case Opt.HOST_NAME:
      case Opt.DOMAIN_NAME:
        options[code === Opt.HOST_NAME ? 'hostName' : 'domainName'] = decodeText(data);
        break;
      case Opt.PARAMETER_REQUEST_LIST:
        options.parameterRequestList = [...data];
        break;
      case Opt.CLASSLESS_STATIC_ROUTES: {
        const routes = decodeClasslessRoutes(data);
        if (!routes.ok) return routes;
        options.classlessStaticRoutes = routes.value;
        break;
      }
      default:
        // Unknown options, and 53 (read by parse), are not kept.
        break;
    }
  }
  return { ok: true, value: options };
}

type Uint32OptionName =
  'subnetMask' | 'requestedIp' | 'leaseTime' | 'serverId' | 'renewalTime' | 'rebindingTime';
const uint32OptionName: Record<number, Uint32OptionName> = {
  [Opt.SUBNET_MASK]: 'subnetMask',
  [Opt.REQUESTED_IP]: 'requestedIp',
  [Opt.LEASE_TIME]: 'leaseTime',
  [Opt.SERVER_ID]: 'serverId',
  [Opt.RENEWAL_TIME]: 'renewalTime',
  [Opt.REBINDING_TIME]: 'rebindingTime',
};

// RFC 2132 §3.14/§3.17 say these strings are not NUL-terminated, but some clients add one: drop it.
function decodeText(data: Uint8Array): string {
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end--;
  return new TextDecoder().decode(data.subarray(0, end));
}

// RFC 3442 §3: each route is a width (0-32), the significant octets of the destination, then the router.
function decodeClasslessRoutes(data: Uint8Array): Result<ClasslessStaticRoute[]> {
  const routes: ClasslessStaticRoute[] = [];
  let off = 0;
  while (off < data.length) {
    const width = read8(data, off);
    if (width > 32) return fail(`option 121 route width ${width} is larger than 32`);
    const significant = Math.ceil(width / 8);
    if (off + 1 + significant + 4 > data.length) return fail('option 121 route is truncated');
    let destination = 0;
    for (let i = 0; i < significant; i++) destination |= read8(data, off + 1 + i) << (24 - 8 * i);
    // Bits beyond the width are not part of the destination (RFC 3442 §3), so they are cleared.
    destination = (destination & maskOf(width)) >>> 0;
    routes.push({
      prefix: `${formatIpv4(destination)}/${width}`,
      router: read32(data, off + 1 + significant),
    });
    off += 1 + significant + 4;
  }
  return { ok: true, value: routes };
}

const maskOf = (width: number): number => (width === 0 ? 0 : (0xffffffff << (32 - width)) >>> 0);

// Emit: the options as (code, bytes) pairs in a fixed order, 53 first as RFC 2131 §4.1 recommends.
function encodeOptions(repr: Repr): [number, Uint8Array][] {
  const o = repr.options;
  const out: [number, Uint8Array][] = [[Opt.MESSAGE_TYPE, Uint8Array.of(repr.messageType)]];
  const u32 = (code: number, v: number | undefined): void => {
    if (v !== undefined) out.push([code, addresses([v])]);
  };
  u32(Opt.SUBNET_MASK, o.subnetMask);
  if (o.router) out.push([Opt.ROUTER, addresses(o.router)]);
  if (o.dnsServers) out.push([Opt.DNS_SERVERS, addresses(o.dnsServers)]);
  if (o.hostName !== undefined) out.push([Opt.HOST_NAME, new TextEncoder().encode(o.hostName)]);
  if (o.domainName !== undefined) out.push([Opt.DOMAIN_NAME, new TextEncoder().encode(o.domainName)]);
  u32(Opt.REQUESTED_IP, o.requestedIp);
  u32(Opt.LEASE_TIME, o.leaseTime);
  u32(Opt.SERVER_ID, o.serverId);
  if (o.parameterRequestList) out.push([Opt.PARAMETER_REQUEST_LIST, Uint8Array.from(o.parameterRequestList)]);
  u32(Opt.RENEWAL_TIME, o.renewalTime);
  u32(Opt.REBINDING_TIME, o.rebindingTime);
  if (o.classlessStaticRoutes)
    out.push([Opt.CLASSLESS_STATIC_ROUTES, encodeClasslessRoutes(o.classlessStaticRoutes)]);
  return out;
}

function addresses(list: number[]): Uint8Array {
  const out = new Uint8Array(list.length * 4);
  list.forEach((a, i) => write32(out, i * 4, a));
  return out;
}

function encodeClasslessRoutes(routes: ClasslessStaticRoute[]): Uint8Array {
  const parts = routes.map(({ prefix, router }) => {
    const [address, width] = parsePrefix4(prefix);
    const significant = Math.ceil(width / 8);
    const part = new Uint8Array(1 + significant + 4);
    part[0] = width;
    const network = (address & maskOf(width)) >>> 0;
    for (let i = 0; i < significant; i++) part[1 + i] = (network >>> (24 - 8 * i)) & 0xff;
    write32(part, 1 + significant, router);
    return part;
  });
  return concat(parts);
}

// Emit takes a Repr built by code, so a malformed prefix is a bug and throws.
function parsePrefix4(text: string): [number, number] {
  const slash = text.indexOf('/');
  const address = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  const widthText = slash < 0 ? '32' : text.slice(slash + 1);
  const width = Number(widthText);
  if (!address.ok || !/^\d{1,2}$/.test(widthText) || width > 32)
    throw new RangeError(`DHCP option 121: invalid IPv4 prefix '${text}'`);
  return [address.value, width];
}

// Each option takes 2 header bytes per 255-byte chunk (RFC 3396 §5 splits longer values).
const encodedLen = (data: Uint8Array): number => 2 * Math.max(1, Math.ceil(data.length / 255)) + data.length;

function lenOf(options: [number, Uint8Array][]): number {
  // Fixed part, options, end option, then padding up to the BOOTP minimum.
  const used = HEADER_LEN + options.reduce((n, [, data]) => n + encodedLen(data), 0) + 1;
  return Math.max(used, MIN_MESSAGE_LEN);
}

export const bufferLen = (repr: Repr): number => lenOf(encodeOptions(repr));

export function emit(repr: Repr, buffer: Uint8Array): void {
  const options = encodeOptions(repr);
  const len = lenOf(options);
  if (buffer.length < len) throw new RangeError(`DHCP emit needs ${len} bytes, got ${buffer.length}`);
  buffer.fill(0, 0, len);
  buffer[Field.OP] = repr.op;
  buffer[Field.HTYPE] = HTYPE_ETHERNET;
  buffer[Field.HLEN] = MAC_LEN;
  buffer[Field.HOPS] = 0;
  write32(buffer, Field.XID, repr.xid);
  write16(buffer, Field.SECS, repr.secs);
  write16(buffer, Field.FLAGS, repr.flags);
  write32(buffer, Field.CIADDR, repr.ciaddr);
  write32(buffer, Field.YIADDR, repr.yiaddr);
  write32(buffer, Field.SIADDR, repr.siaddr);
  write32(buffer, Field.GIADDR, repr.giaddr);
  writeMac(buffer, Field.CHADDR, repr.chaddr);
  write32(buffer, Field.COOKIE, MAGIC_COOKIE);
  let off = Field.OPTIONS;
  for (const [code, data] of options) {
    let start = 0;
    do {
      const chunk = data.subarray(start, start + 255);
      buffer[off] = code;
      buffer[off + 1] = chunk.length;
      buffer.set(chunk, off + 2);
      off += 2 + chunk.length;
      start += 255;
    } while (start < data.length);
  }
  buffer[off] = Opt.END;
  // The rest (up to MIN_MESSAGE_LEN) stays zero: pad options (RFC 2132 §3.1).
}
