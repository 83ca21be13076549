// Virtual machines: all of a VM's NICs are in one VNet (common deployment errors page, SubnetsNotInSameVnet).
import { keyOf } from '../ids.ts';
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { fastKey } from '../allocate.ts';
import type { Context } from './context.ts';
import type { NetworkInterface, VirtualMachine } from '../types.ts';

export function validateVirtualMachines(ctx: Context): void {
  for (const [key, r] of ctx.world.resources) {
    if (r.type !== T.virtualMachine) continue;
    const nicIds = ((r as VirtualMachine).properties.networkProfile?.networkInterfaces ?? []).flatMap((n) =>
      typeof n?.id === 'string' ? [n.id] : [],
    );
    if (nicIds.length < 2 || !(ctx.touched.has(key) || nicIds.some((id) => ctx.isTouched(id)))) continue;
    const vnets = new Set<string>();
    for (const nicId of nicIds) {
      const nic = ctx.world.resources.get(keyOf(nicId)) as NetworkInterface | undefined;
      for (const c of nic?.properties.ipConfigurations ?? []) {
        const subnetId = c.properties?.subnet?.id;
        const entry = typeof subnetId === 'string' ? ctx.subnets.get(fastKey(subnetId)) : undefined;
        if (entry) vnets.add(keyOf(entry.vnet.id));
      }
    }
    if (vnets.size > 1) ctx.problems.push(E.subnetsNotInSameVnet(r.id));
  }
}
