// CIDR functions (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr).
// parseCidr: IPv4 has a broadcast and usable range without network and broadcast addresses; IPv6 has no
// broadcast and its usable range is the whole prefix (docs examples). cidrHost(network, i) is the i-th usable
// host, i.e. network + 1 + i, for both versions (docs: cidrHost('fdad:3236:5555:3000::/52', 0) = '...::1').
import {
  bitsOf,
  formatAddress,
  lastAddress,
  maskOf,
  parsePrefix,
  type IpVersion,
  type Prefix,
} from '../../../net/index.ts';
import { isInteger } from '../values.ts';
import { argTypeError, fn, unable, value, type FnResult, type TemplateFunction } from './types.ts';

const fmt = (version: IpVersion, v: bigint): string => formatAddress({ version, value: v });

function network(name: string, v: unknown): Prefix | FnResult {
  if (typeof v !== 'string') return argTypeError(name, 0, 'String', v);
  if (!v.includes('/')) return unable(name, `'${v}' is not a valid CIDR notation.`);
  const p = parsePrefix(v, true);
  return p.ok ? p.value : unable(name, `'${v}' is not a valid CIDR notation.`);
}

const isFail = (v: unknown): v is FnResult => typeof v === 'object' && v !== null && 'ok' in v;

export function parseCidr(p: Prefix): Record<string, unknown> {
  const last = lastAddress(p);
  if (p.version === 6) {
    return {
      network: fmt(6, p.network),
      netmask: fmt(6, maskOf(6, p.length)),
      firstUsable: fmt(6, p.network),
      lastUsable: fmt(6, last),
      cidr: p.length,
    };
  }
  // Fidelity: for /31 and /32 (no room for network and broadcast) we report the whole range as usable.
  const small = p.length >= 31;
  return {
    network: fmt(4, p.network),
    netmask: fmt(4, maskOf(4, p.length)),
    broadcast: fmt(4, last),
    firstUsable: fmt(4, small ? p.network : p.network + 1n),
    lastUsable: fmt(4, small ? last : last - 1n),
    cidr: p.length,
  };
}

export const CIDR_FUNCTIONS: Record<string, TemplateFunction> = {
  parsecidr: fn(1, 1, (args, _s, name) => {
    const p = network(name, args[0]);
    return isFail(p) ? p : value(parseCidr(p));
  }),
  cidrsubnet: fn(3, 3, (args, _s, name) => {
    const p = network(name, args[0]);
    if (isFail(p)) return p;
    const [, newCidr, index] = args;
    if (!isInteger(newCidr)) return argTypeError(name, 1, 'Integer', newCidr);
    if (!isInteger(index)) return argTypeError(name, 2, 'Integer', index);
    const bits = bitsOf(p.version);
    if (newCidr < p.length || newCidr > bits) {
      return unable(
        name,
        `the new CIDR '${newCidr}' must be between ${p.length} and ${bits} for the network '${args[0] as string}'.`,
      );
    }
    const count = 1n << BigInt(newCidr - p.length);
    if (index < 0 || BigInt(index) >= count) {
      return unable(
        name,
        `the subnet index '${index}' is out of range: '${args[0] as string}' has ${count} subnets of /${newCidr}.`,
      );
    }
    const start = p.network + (BigInt(index) << BigInt(bits - newCidr));
    return value(`${fmt(p.version, start)}/${newCidr}`);
  }),
  cidrhost: fn(2, 2, (args, _s, name) => {
    const p = network(name, args[0]);
    if (isFail(p)) return p;
    const index = args[1];
    if (!isInteger(index)) return argTypeError(name, 1, 'Integer', index);
    const last = lastAddress(p);
    // IPv4 keeps the broadcast address out of reach; IPv6 has none.
    const lastUsable = p.version === 4 && p.length < 31 ? last - 1n : last;
    const host = p.network + 1n + BigInt(index);
    if (index < 0 || host > lastUsable) {
      return unable(
        name,
        `the host index '${index}' is out of range for the network '${args[0] as string}'.`,
      );
    }
    return value(fmt(p.version, host));
  }),
};
