// vnetlab verify -t FILE NIC --direction --protocol --local IP[:PORT] --remote IP[:PORT] [--json]
// (Network Watcher ipFlowVerify).
import type { Command } from 'commander';
import { ipFlowVerify } from '../diagnostics/index.ts';
import { usageError, EXIT } from './io.ts';
import type { Io } from './io.ts';
import { openLab } from './open.ts';
import { parseEndpoint } from './endpoint.ts';
import { oneOf } from './flags.ts';
import { json, table } from './render.ts';
import { JSON_FLAG } from './verb.ts';
import { withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

interface Options extends SourceFlags {
  direction: 'Inbound' | 'Outbound';
  protocol: 'TCP' | 'UDP' | 'ICMP';
  local: string;
  remote: string;
  json?: boolean;
}

export const registerVerify: Verb = (program: Command, run) => {
  withSource(
    program
      .command('verify')
      .description(
        'IP flow verify: would the security rules allow this flow at this NIC, and which rule decides',
      )
      .argument('<nic>', 'NIC or VM: name or resource ID'),
  )
    .requiredOption('--direction <direction>', 'Inbound | Outbound', oneOf(['Inbound', 'Outbound'] as const))
    .requiredOption('--protocol <protocol>', 'TCP | UDP | ICMP', oneOf(['TCP', 'UDP', 'ICMP'] as const))
    .requiredOption('--local <ip[:port]>', 'the NIC-side address (IPv6 with a port: [addr]:port)')
    .requiredOption('--remote <ip[:port]>', 'the other end')
    .option(...JSON_FLAG)
    .action((nic: string, opts: Options) => run((io) => verify(io, nic, opts)));
};

export async function verify(io: Io, nic: string, opts: Options): Promise<number> {
  const local = parseEndpoint(opts.local);
  if (!local.ok) return usageError(io, `--local: ${local.reason}`);
  const remote = parseEndpoint(opts.remote);
  if (!remote.ok) return usageError(io, `--remote: ${remote.reason}`);
  const loaded = await openLab(io, opts);
  if (typeof loaded === 'number') return loaded;
  const result = ipFlowVerify(loaded.world, {
    targetResourceId: nic,
    direction: opts.direction,
    protocol: opts.protocol,
    localIPAddress: local.value.address,
    remoteIPAddress: remote.value.address,
    ...(local.value.port !== undefined ? { localPort: local.value.port } : {}),
    ...(remote.value.port !== undefined ? { remotePort: remote.value.port } : {}),
  });
  if (!result.ok) return usageError(io, result.reason);
  const { access, ruleName } = result.value;
  // Exit 1 on Deny, as trace exits 1 on a drop: scripts can test a flow with `if vnetlab verify ...`.
  const code = access === 'Allow' ? EXIT.ok : EXIT.failed;
  if (opts.json) {
    // VerificationIPFlowResult as Network Watcher returns it; ruleName is omitted when nothing matched.
    io.out(json({ access, ...(ruleName ? { ruleName } : {}) }));
    return code;
  }
  io.out(
    table(
      ['Direction', 'Protocol', 'Local', 'Remote', 'Access', 'Rule'],
      [[opts.direction, opts.protocol, opts.local, opts.remote, access, ruleName]],
    ),
  );
  return code;
}
