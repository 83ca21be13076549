// Flows and rule generators for the security compiler's tests; worlds come from the shared builders in
// ../model/fixtures.ts.
import fc from 'fast-check';
import { mustParseAddress } from '../net/index.ts';
import {
  adminConfiguration,
  build,
  commit,
  id,
  networkGroup,
  networkManager,
  nic,
  nsg,
  subnet,
  vnet,
} from '../model/fixtures.ts';
import type { AdminRuleSpec, RuleSpec } from '../model/fixtures.ts';
import type { World } from '../model/index.ts';
import type { Flow } from './security-types.ts';

/** A flow at a NIC whose address is `local`, from a table row. */
export function flowOf(
  r: {
    dir: 'Inbound' | 'Outbound';
    proto: 'TCP' | 'UDP' | 'ICMP';
    remote: string;
    localPort?: number;
    remotePort?: number;
  },
  local: string,
): Flow {
  return {
    direction: r.dir,
    protocol: r.proto,
    local: mustParseAddress(local),
    remote: mustParseAddress(r.remote),
    ...(r.localPort !== undefined ? { localPort: r.localPort } : {}),
    ...(r.remotePort !== undefined ? { remotePort: r.remotePort } : {}),
  };
}

/**
 * AVNM admin rules with unique priorities for property tests: source prefixes and destination ports drawn from
 * the given vocabularies ('*' as a port means every port).
 */
export const adminRulesOf = (sources: readonly string[], ports: readonly string[], max: number) =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 1, max: 4096 }), { maxLength: max }),
      fc.array(
        fc.record({
          direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
          access: fc.constantFrom('Allow' as const, 'Deny' as const, 'AlwaysAllow' as const),
          protocol: fc.constantFrom('Tcp' as const, 'Udp' as const, 'Icmp' as const, 'Any' as const),
          source: fc.constantFrom(...sources),
          port: fc.constantFrom(...ports),
        }),
        { maxLength: max },
      ),
    )
    .map(([priorities, bodies]): AdminRuleSpec[] =>
      priorities.slice(0, bodies.length).map((priority, i) => {
        const b = bodies[i]!;
        return {
          name: `a${i}`,
          priority,
          direction: b.direction,
          access: b.access,
          protocol: b.protocol,
          sources: [{ addressPrefix: b.source, addressPrefixType: 'IPPrefix' }],
          destinationPortRanges: [b.port === '*' ? '0-65535' : b.port],
        };
      }),
    );

/**
 * The property tests' world: NIC web1 (`local`) in vnet1/web, with the given rules on the subnet's NSG, the NIC's
 * NSG and an AVNM security admin configuration over vnet1 (each left out when undefined or empty).
 */
export function securityWorld(
  subnetRules: RuleSpec[] | undefined,
  nicRules: RuleSpec[] | undefined,
  admin: AdminRuleSpec[] | undefined,
  local: string,
): World {
  return build([
    ...(subnetRules ? [nsg('nsg-subnet', subnetRules)] : []),
    ...(nicRules ? [nsg('nsg-nic', nicRules)] : []),
    vnet('vnet1', ['10.1.0.0/16'], {
      web: subnet('10.1.1.0/24', subnetRules ? { nsg: 'nsg-subnet' } : {}),
    }),
    nic('web1', id.subnet('vnet1', 'web'), local, nicRules ? { nsg: 'nsg-nic' } : {}),
    ...(admin && admin.length > 0
      ? [
          networkManager(),
          ...networkGroup('g', ['vnet1']),
          ...adminConfiguration('cfg', 'g', admin),
          commit('SecurityAdmin', [id.adminConfig('cfg')]),
        ]
      : []),
  ]);
}
