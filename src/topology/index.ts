// topology: reads YAML topology files (schemas/topology.schema.json, docs/topology-format.md) and ARM JSON
// exports into Change[] for model.apply(), plus the flows a file expects, the software in its VMs and the
// traffic it runs. May import net, model, diagnostics (for the Expectation type) and dataplane (guest specs
// and the TrafficStep type). Loading never throws: failures are one-line reasons with a place.
export type { Topology, Defaults } from './types.ts';
export { DEFAULT_RESOURCE_GROUP, DEFAULT_SUBSCRIPTION } from './types.ts';
export { loadTopologyFile, parseTopology, loadWorld, worldOfTopology, LOAD_TIME } from './load.ts';
export type { LoadedWorld } from './load.ts';
export { completeId, completeIds } from './short-ids.ts';
export { orderChanges } from './order.ts';
