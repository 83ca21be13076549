// store: durable state in SQLite (better-sqlite3, WAL). A small document store: values are JSON, grouped by kind
// (resources, resource groups, operations, deployments...) and keyed by a case-insensitive key. A batch of
// writes is one transaction, so a change is on disk whole or not at all. Knows nothing of Azure; imports nothing
// of vnetlab.
export { openStore } from './store.ts';
export type { Store, StoreBatch, StoreOptions } from './store.ts';
