// A JSON document store over SQLite. Every write() is one transaction in the write-ahead log: once write()
// returns, the change is in the WAL file, so it survives kill -9 of the process; with synchronous=FULL it is
// also fsynced, and survives power loss (https://sqlite.org/wal.html, https://sqlite.org/pragma.html#pragma_synchronous).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface StoreBatch {
  readonly puts?: ReadonlyArray<readonly [kind: string, key: string, value: unknown]>;
  readonly deletes?: ReadonlyArray<readonly [kind: string, key: string]>;
}

export interface Store {
  /** Where the database lives; undefined for an in-memory store. */
  readonly file: string | undefined;
  get(kind: string, key: string): unknown;
  /** Every value of a kind, in key order. */
  all(kind: string): { key: string; value: unknown }[];
  /** Applies the whole batch in one transaction, or nothing when it throws. */
  write(batch: StoreBatch): void;
  /**
   * Whether another connection (another process: `vnetlab import`) committed since the last call; SQLite's
   * data_version changes with every commit of another connection (https://sqlite.org/pragma.html#pragma_data_version).
   */
  changedElsewhere(): boolean;
  close(): void;
}

export interface StoreOptions {
  /**
   * 'NORMAL' (default) is durable across a crash of the process (kill -9) but may lose the last commits on power
   * loss; 'FULL' fsyncs the WAL at every commit, durable across power loss, and costs an fsync per change.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

const SCHEMA_VERSION = 1;

/** Opens (creating if needed) the store in `dir`, or an in-memory one when `dir` is undefined. */
export function openStore(dir: string | undefined, options: StoreOptions = {}): Store {
  let file: string | undefined;
  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true });
    file = join(dir, 'vnetlab.db');
  }
  const db = new Database(file ?? ':memory:');
  if (file) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS documents (
    kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID`);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  else if (version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`${file}: store schema version ${version}, this vnetlab reads version ${SCHEMA_VERSION}`);
  }

  const get = db.prepare<[string, string], { value: string }>(
    'SELECT value FROM documents WHERE kind = ? AND key = ?',
  );
  const all = db.prepare<[string], { key: string; value: string }>(
    'SELECT key, value FROM documents WHERE kind = ? ORDER BY key',
  );
  const put = db.prepare('INSERT OR REPLACE INTO documents (kind, key, value) VALUES (?, ?, ?)');
  const del = db.prepare('DELETE FROM documents WHERE kind = ? AND key = ?');
  const write = db.transaction((batch: StoreBatch) => {
    for (const [kind, key] of batch.deletes ?? []) del.run(kind, key);
    for (const [kind, key, value] of batch.puts ?? []) put.run(kind, key, JSON.stringify(value));
  });

  const dataVersion = (): number => db.pragma('data_version', { simple: true }) as number;
  let seen = dataVersion();

  return {
    file,
    get(kind, key) {
      const row = get.get(kind, key);
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    all: (kind) => all.all(kind).map((row) => ({ key: row.key, value: JSON.parse(row.value) as unknown })),
    write(batch) {
      if (batch.puts?.length || batch.deletes?.length) write(batch);
    },
    changedElsewhere() {
      const now = dataVersion();
      if (now === seen) return false;
      seen = now;
      return true;
    },
    close: () => db.close(),
  };
}
