// vnetlab rules -t FILE NIC [--json]: the NIC's effective security rules per association
// (Network Watcher effectiveNetworkSecurityGroups).
import type { Command } from 'commander';
import { effectiveNetworkSecurityGroups } from '../diagnostics/index.ts';
import { usageError, EXIT } from './io.ts';
import type { Io } from './io.ts';
import { openLab } from './open.ts';
import { json, shortId, table } from './render.ts';
import { JSON_FLAG } from './verb.ts';
import { withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

export const registerRules: Verb = (program: Command, run) => {
  withSource(
    program
      .command('rules')
      .description("a NIC's effective security rules, per subnet and NIC association")
      .argument('<nic>', 'NIC or VM: name or resource ID'),
  )
    .option(...JSON_FLAG)
    .action((nic: string, opts: SourceFlags & { json?: boolean }) =>
      run((io) => rules(io, opts, nic, opts.json === true)),
    );
};

export async function rules(io: Io, source: SourceFlags, nic: string, asJson: boolean): Promise<number> {
  const loaded = await openLab(io, source);
  if (typeof loaded === 'number') return loaded;
  const result = effectiveNetworkSecurityGroups(loaded.world, nic);
  if (!result.ok) return usageError(io, result.reason);
  if (asJson) {
    io.out(json(result.value));
    return EXIT.ok;
  }
  if (result.value.value.length === 0) io.out(`No security rules apply to ${nic}`);
  for (const group of result.value.value) {
    const a = group.association;
    const on = 'subnet' in a ? `subnet ${shortId(a.subnet.id)}` : `NIC ${shortId(a.networkInterface.id)}`;
    io.out(`${shortId(group.networkSecurityGroup.id)} on ${on}`);
    io.out(
      table(
        [
          'Name',
          'Priority',
          'Direction',
          'Access',
          'Protocol',
          'Source',
          'Source Ports',
          'Destination',
          'Destination Ports',
        ],
        group.effectiveSecurityRules.map((r) => [
          r.name,
          r.priority,
          r.direction,
          r.access,
          r.protocol,
          r.sourceAddressPrefix ?? r.sourceAddressPrefixes.join(', '),
          r.sourcePortRange ?? r.sourcePortRanges.join(', '),
          r.destinationAddressPrefix ?? r.destinationAddressPrefixes.join(', '),
          r.destinationPortRange ?? r.destinationPortRanges.join(', '),
        ]),
      ),
    );
  }
  return EXIT.ok;
}
