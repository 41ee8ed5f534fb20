import type Database from 'better-sqlite3';

/**
 * Creates the log's tables, or brings a file written by an earlier version
 * up to date:
 * - `topics`: partition count and config per topic (files without the
 *   config columns get them, their topics kept forever as before);
 * - `records`: per topic, partition and offset; indexed by timestamp for
 *   retention and for looking offsets up by time;
 * - `partition_ends`: the offset the next record of a partition gets, so
 *   that offsets are never handed out again after the sweep deleted the
 *   newest records (seeded from the records of files without it);
 * - `group_offsets`: the next offset per group and partition.
 */
export function openSchema(db: Database.Database): void {
  db.transaction(() => {
    const hadEnds = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'partition_ends'").get();
    db.exec(`
      CREATE TABLE IF NOT EXISTS topics (name TEXT PRIMARY KEY, partitions INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS records (
        topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
        key TEXT, value BLOB NOT NULL, headers TEXT NOT NULL, timestamp INTEGER NOT NULL,
        PRIMARY KEY (topic, partition, offset)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS records_by_time ON records (topic, partition, timestamp);
      CREATE TABLE IF NOT EXISTS partition_ends (
        topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
        PRIMARY KEY (topic, partition)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS group_offsets (
        group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
        PRIMARY KEY (group_id, topic, partition)
      ) WITHOUT ROWID;
    `);
    const columns = new Set(
      db
        .prepare<[], { name: string }>('PRAGMA table_info(topics)')
        .all()
        .map((c) => c.name),
    );
    if (!columns.has('retention_ms')) db.exec('ALTER TABLE topics ADD COLUMN retention_ms INTEGER');
    if (!columns.has('cleanup_policy')) {
      db.exec("ALTER TABLE topics ADD COLUMN cleanup_policy TEXT NOT NULL DEFAULT 'delete'");
    }
    if (!columns.has('delete_retention_ms')) {
      db.exec('ALTER TABLE topics ADD COLUMN delete_retention_ms INTEGER NOT NULL DEFAULT 86400000');
    }
    if (!hadEnds) {
      db.exec(`INSERT INTO partition_ends (topic, partition, next_offset)
               SELECT topic, partition, MAX(offset) + 1 FROM records GROUP BY topic, partition`);
    }
  }).immediate();
  // Per connection: the sweep's scratch table of the newest offset of each key.
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS latest_of_key (key TEXT PRIMARY KEY, offset INTEGER NOT NULL) WITHOUT ROWID',
  );
}
