// What a topology file becomes: the changes to apply, the flows to check, the software in its VMs, the traffic
// it runs and what the loader had to skip.
import type { Change, Warning } from '../model/index.ts';
import type { Expectation } from '../diagnostics/index.ts';
import type { GuestSpec } from '../dataplane/guests/index.ts';
import type { TrafficStep } from '../dataplane/lab.ts';

export interface Topology {
  readonly name?: string;
  /** PUTs, parents before children, then AVNM commits; applied in one apply(). */
  readonly changes: Change[];
  readonly expectations: Expectation[];
  /** By VM or NIC name as the file spells it; empty when the file has no `guests:` (ARM JSON never has). */
  readonly guests: Readonly<Record<string, GuestSpec>>;
  /** Named scenarios in file order, each a list of steps run in order; empty when the file has no `traffic:`. */
  readonly traffic: Readonly<Record<string, readonly TrafficStep[]>>;
  /** Input accepted but not modelled (e.g. resource types vnetlab ignores in an ARM JSON export). */
  readonly warnings: Warning[];
}

/** File-wide defaults of a YAML topology. */
export interface Defaults {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly location?: string;
  readonly apiVersion?: string;
}

// Used when a file gives no subscription / resource group, so that small files need neither.
export const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_RESOURCE_GROUP = 'vnetlab';
