// arm: the ARM-compatible HTTP API. Routes requests by resource ID, answers in ARM's shapes (long-running
// operations, error envelope, paged lists), and changes the world only through model.apply(); state is kept by
// store/. Holds no networking logic: answers come from diagnostics/ and dataplane/.
export { startServer } from './server.ts';
export type { RequestLogEntry, RunningServer, ServeOptions } from './server.ts';
export { ArmState } from './state.ts';
export { importChanges } from './import.ts';
export type { ImportResult } from './import.ts';
export { DEFAULT_SUBSCRIPTION_ID, TENANT_ID } from './identity.ts';
export { parseJsonBody } from './json-body.ts';
export { EXPORT_PATH, exportWorld, worldInDataDir } from './export.ts';
export type { ArmExport } from './export.ts';
export { isDeploymentTemplate, worldOfTemplate } from './template-world.ts';
