// What a topology file declares about the software inside a VM. The topology loader hands each VM's `guest:`
// value to parseGuestSpec; the guests themselves trust the parsed spec (an invalid one reaching them is a bug).
import { parsePrefix } from '../../net/index.ts';
import type { Result } from '../../net/index.ts';
import { parseIpv4 } from '../../wire/index.ts';

export interface Listener {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
}

/** An ordinary VM: answers ping, serves HTTP on its TCP listeners and echoes on its UDP listeners. */
export interface HostSpec {
  readonly kind: 'host';
  /** Default: tcp 80. */
  readonly listen?: readonly Listener[];
}

/** A static route of the NVA's OS: with one NIC it only decides forward (any next hop) or drop. */
export interface NvaRoute {
  readonly prefix: string;
  readonly nextHop: string | 'drop';
}

/** PREROUTING DNAT of packets addressed to the NVA itself, as `iptables -t nat -A PREROUTING -j DNAT`. */
export interface DnatRule {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly to: string;
  /** Default: the matched port. */
  readonly toPort?: number;
}

/** POSTROUTING SNAT (masquerade when `to` is omitted) of forwarded packets. */
export interface SnatRule {
  /** A prefix (or a bare address); default: any destination. */
  readonly destination?: string;
  /** Default: the NVA's primary address. */
  readonly to?: string;
}

/** A Linux router VM (ip_forward, static routes, iptables NAT). */
export interface NvaSpec {
  readonly kind: 'nva';
  /** net.ipv4.ip_forward; default true. */
  readonly forwarding?: boolean;
  /** Default: one 0.0.0.0/0 route (forward everything). A destination no route covers is dropped. */
  readonly routes?: readonly NvaRoute[];
  readonly dnat?: readonly DnatRule[];
  readonly snat?: readonly SnatRule[];
  /** Default: none (a router runs no server; TCP to it is reset). */
  readonly listen?: readonly Listener[];
}

/** A VM that records what reaches it and answers nothing (tcpdump, no listener). */
export interface CollectorSpec {
  readonly kind: 'collector';
}

export type GuestSpec = HostSpec | NvaSpec | CollectorSpec;

export const DEFAULT_HOST_LISTEN: readonly Listener[] = [{ protocol: 'tcp', port: 80 }];

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => {
  if (typeof v === 'string') return `'${v}'`;
  if (v === undefined) return 'nothing';
  return JSON.stringify(v) ?? String(v);
};

/** Collects every problem of one spec; each message starts with the path of the offending value. */
class Problems {
  readonly list: string[] = [];
  add(where: string, message: string): void {
    this.list.push(`${where}: ${message}`);
  }
}

function checkKeys(value: Obj, allowed: readonly string[], where: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.add(`${where}.${key}`, `unknown property (expected one of ${allowed.join(', ')})`);
    }
  }
}

function checkPort(value: unknown, where: string, problems: Problems): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    problems.add(where, `expected a port number 1-65535, got ${show(value)}`);
  }
}

function checkProtocol(value: unknown, where: string, problems: Problems): void {
  if (value !== 'tcp' && value !== 'udp') problems.add(where, `expected 'tcp' or 'udp', got ${show(value)}`);
}

function checkAddress(value: unknown, where: string, problems: Problems): void {
  if (typeof value !== 'string' || !parseIpv4(value).ok) {
    problems.add(where, `expected an IPv4 address such as 10.0.1.4, got ${show(value)}`);
  }
}

function checkPrefix(value: unknown, where: string, problems: Problems): void {
  const parsed = typeof value === 'string' ? parsePrefix(value) : undefined;
  if (parsed === undefined || !parsed.ok || parsed.value.version !== 4) {
    const why = parsed !== undefined && !parsed.ok ? ` (${parsed.reason})` : '';
    problems.add(where, `expected an IPv4 prefix such as 10.0.0.0/16, got ${show(value)}${why}`);
  }
}

/** Checks an optional array property, then each element with `check`. */
function checkList(
  value: Obj,
  key: string,
  where: string,
  problems: Problems,
  check: (item: Obj, where: string) => void,
): void {
  const list = value[key];
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    problems.add(`${where}.${key}`, `expected a list, got ${show(list)}`);
    return;
  }
  list.forEach((item: unknown, i) => {
    const at = `${where}.${key}[${i}]`;
    if (isObject(item)) check(item, at);
    else problems.add(at, `expected an object, got ${show(item)}`);
  });
}

function checkListener(item: Obj, where: string, problems: Problems): void {
  checkKeys(item, ['protocol', 'port'], where, problems);
  checkProtocol(item.protocol, `${where}.protocol`, problems);
  checkPort(item.port, `${where}.port`, problems);
}

function checkRoute(item: Obj, where: string, problems: Problems): void {
  checkKeys(item, ['prefix', 'nextHop'], where, problems);
  checkPrefix(item.prefix, `${where}.prefix`, problems);
  if (item.nextHop !== 'drop') {
    if (typeof item.nextHop !== 'string' || !parseIpv4(item.nextHop).ok) {
      problems.add(`${where}.nextHop`, `expected an IPv4 address or 'drop', got ${show(item.nextHop)}`);
    }
  }
}

function checkDnat(item: Obj, where: string, problems: Problems): void {
  checkKeys(item, ['protocol', 'port', 'to', 'toPort'], where, problems);
  checkProtocol(item.protocol, `${where}.protocol`, problems);
  checkPort(item.port, `${where}.port`, problems);
  checkAddress(item.to, `${where}.to`, problems);
  if (item.toPort !== undefined) checkPort(item.toPort, `${where}.toPort`, problems);
}

function checkSnat(item: Obj, where: string, problems: Problems): void {
  checkKeys(item, ['destination', 'to'], where, problems);
  if (item.destination !== undefined) checkPrefix(item.destination, `${where}.destination`, problems);
  if (item.to !== undefined) checkAddress(item.to, `${where}.to`, problems);
}

const KEYS: Record<GuestSpec['kind'], readonly string[]> = {
  host: ['kind', 'listen'],
  nva: ['kind', 'forwarding', 'routes', 'dnat', 'snat', 'listen'],
  collector: ['kind'],
};

/**
 * Validates a topology file's guest declaration; `where` names it in messages (e.g. "vms.fw.guest"). Every
 * problem is reported, joined with "; ". The accepted value is returned as is (its shape is now known).
 */
export function parseGuestSpec(value: unknown, where: string): Result<GuestSpec> {
  if (!isObject(value))
    return { ok: false, reason: `${where}: expected an object with a kind, got ${show(value)}` };
  const kind = value.kind;
  if (kind !== 'host' && kind !== 'nva' && kind !== 'collector') {
    return { ok: false, reason: `${where}.kind: expected 'host', 'nva' or 'collector', got ${show(kind)}` };
  }
  const problems = new Problems();
  checkKeys(value, KEYS[kind], where, problems);
  if (kind !== 'collector') {
    checkList(value, 'listen', where, problems, (item, at) => checkListener(item, at, problems));
  }
  if (kind === 'nva') {
    if (value.forwarding !== undefined && typeof value.forwarding !== 'boolean') {
      problems.add(`${where}.forwarding`, `expected true or false, got ${show(value.forwarding)}`);
    }
    checkList(value, 'routes', where, problems, (item, at) => checkRoute(item, at, problems));
    checkList(value, 'dnat', where, problems, (item, at) => checkDnat(item, at, problems));
    checkList(value, 'snat', where, problems, (item, at) => checkSnat(item, at, problems));
  }
  if (problems.list.length > 0) return { ok: false, reason: problems.list.join('; ') };
  // Every property was checked against GuestSpec above.
  return { ok: true, value: value as unknown as GuestSpec };
}
