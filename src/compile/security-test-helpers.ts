// Flows for the security compiler's tests; worlds come from the shared builders in ../model/fixtures.ts.
import { mustParseAddress } from '../net/index.ts';
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
