// What the slow path asks the compiler about a NIC on every new flow, kept with the NIC's port: its compiled
// security (with the engine's options resolved) and its subnet's IPv4 route look-up. Ports belong to one World's
// fabric (fabric.ts) and a World never changes; but a port of an older world can still reach the slow path after
// Engine.setWorld (a guest attached before the change sends through it), so every entry also remembers the world
// it was compiled for and is rebuilt for another.
import { routeLookupV4 } from '../compile/effective-routes.ts';
import type { RouteLookupV4 } from '../compile/effective-routes.ts';
import { resolveSecurityOptions, securityOfNic } from '../compile/security.ts';
import type { NicSecurity, SecurityOptions } from '../compile/security.ts';
import type { World } from '../model/index.ts';
import type { Port } from './fabric.ts';

export interface PortSecurity {
  readonly world: World;
  /** The options it was compiled with, as the engine gave them (compared by identity). */
  readonly given: SecurityOptions | undefined;
  readonly sec: NicSecurity;
  readonly options: Required<SecurityOptions>;
}

const security = new WeakMap<Port, PortSecurity>();
const routes = new WeakMap<Port, { readonly world: World; readonly lookup: RouteLookupV4 }>();

/** securityOfNic for a port of `world`'s fabric, without the per-call option and key work. */
export function portSecurity(world: World, port: Port, given: SecurityOptions | undefined): PortSecurity {
  const hit = security.get(port);
  // Engines with other options may share a world: the last options asked for are kept.
  if (hit?.world === world && hit.given === given) return hit;
  const entry: PortSecurity = {
    world,
    given,
    sec: securityOfNic(world, port.nic.id, given),
    options: resolveSecurityOptions(given),
  };
  security.set(port, entry);
  return entry;
}

/** The IPv4 route look-up of the port's subnet in `world`. */
export function portRoutes(world: World, port: Port): RouteLookupV4 {
  let r = routes.get(port);
  if (r?.world !== world) routes.set(port, (r = { world, lookup: routeLookupV4(world, port.subnetId) }));
  return r.lookup;
}
