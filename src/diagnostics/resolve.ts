// Finds the NIC a question is about: by resource ID or name, of a NIC or of a VM (its primary NIC), as
// Network Watcher's targetResourceId / targetNicResourceId and the CLI's NIC argument allow.
import { getResource, keyOf, linksOf, T } from '../model/index.ts';
import type { NetworkInterface, VirtualMachine, World } from '../model/index.ts';
import type { Result } from '../net/index.ts';

export function resolveNic(world: World, nameOrId: string): Result<NetworkInterface> {
  const byId = getResource(world, nameOrId);
  if (byId?.type === T.networkInterface) return { ok: true, value: byId as NetworkInterface };
  if (byId?.type === T.virtualMachine) return primaryNicOfVm(world, byId as VirtualMachine);
  if (!nameOrId.startsWith('/')) {
    const keys = linksOf(world).nicsByName.get(nameOrId.toLowerCase()) ?? [];
    if (keys.length === 1) return { ok: true, value: world.resources.get(keys[0]!) as NetworkInterface };
    if (keys.length > 1) {
      return {
        ok: false,
        reason: `NIC name '${nameOrId}' is ambiguous (${keys.length} NICs); give its resource ID`,
      };
    }
    const vms = [...world.resources.values()].filter(
      (r) => r.type === T.virtualMachine && r.name.toLowerCase() === nameOrId.toLowerCase(),
    );
    if (vms.length === 1) return primaryNicOfVm(world, vms[0] as VirtualMachine);
  }
  return { ok: false, reason: `no network interface or virtual machine '${nameOrId}' in the topology` };
}

function primaryNicOfVm(world: World, vm: VirtualMachine): Result<NetworkInterface> {
  const refs = vm.properties.networkProfile?.networkInterfaces ?? [];
  const ref = refs.find((n) => n.properties?.primary) ?? refs[0];
  const nic = ref ? world.resources.get(keyOf(ref.id)) : undefined;
  if (!nic) return { ok: false, reason: `virtual machine '${vm.name}' has no network interface` };
  return { ok: true, value: nic as NetworkInterface };
}
