import {
  type DeleteOutcome,
  type ExistingIndex,
  type NormalizedIndex,
  type ReadDocument,
  ReadStoreError,
  UniqueIndexError,
  type UpsertOutcome,
  escapeRegExp,
  indexesToCreate,
} from '@regicam/read-store';
import Database from 'better-sqlite3';
import { valueOf } from './sql-condition';

export const table = (collection: string) => `"doc_${collection}"`;
const indexName = (collection: string, index: string) => `doc_${collection}__${index}`;
const indexOn = (collection: string, index: NormalizedIndex) =>
  `ON ${table(collection)} (${index.fields.map(([path, dir]) => `${valueOf(path)} ${dir === 1 ? 'ASC' : 'DESC'}`).join(', ')})`;

/**
 * The SQLite file behind the store: one table per collection, `(id, version,
 * doc)` with the document as JSON, and a table of checkpoints. Kept apart
 * from SqliteReadStore so that the store shows only the port.
 */
export class SqliteTables {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash; a power cut may lose the
    // last commits, documents and checkpoint alike, so the projection replays them.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.function('rs_contains', { deterministic: true }, containsIgnoringCase());
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS read_store_checkpoints (name TEXT PRIMARY KEY NOT NULL, position TEXT NOT NULL)',
    );
  }

  /** A prepared statement, kept for reuse (up to a bound: `$in` lists of every length are distinct SQL). */
  statement(sql: string): Database.Statement {
    if (!this.db.open) throw new ReadStoreError('the read store is closed');
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one IMMEDIATE transaction: all of it is stored, or none. */
  transaction<T>(work: () => T): T {
    if (!this.db.open) throw new ReadStoreError('the read store is closed');
    return this.db.transaction(work).immediate();
  }

  /** Creates the table and the declared indexes that are missing (see indexesToCreate). */
  ensure(collection: string, wanted: readonly NormalizedIndex[]): void {
    this.transaction(() => {
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${table(collection)} ` +
          '(id TEXT PRIMARY KEY NOT NULL, version REAL NOT NULL, doc TEXT NOT NULL)',
      );
      const keyOf = (index: NormalizedIndex) => indexOn(collection, index);
      for (const index of indexesToCreate(collection, wanted, this.existingIndexes(collection), keyOf)) {
        const unique = index.unique ? 'UNIQUE ' : '';
        this.db.exec(`CREATE ${unique}INDEX "${indexName(collection, index.name)}" ${indexOn(collection, index)}`);
      }
    });
  }

  /** Version guard: the row changes only when the stored version is older. */
  upsert(collection: string, doc: ReadDocument): UpsertOutcome {
    const t = table(collection);
    try {
      const { changes } = this.statement(
        `INSERT INTO ${t} (id, version, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE ` +
          `SET version = excluded.version, doc = excluded.doc WHERE excluded.version > ${t}.version`,
      ).run(doc.id, doc.version, JSON.stringify(doc));
      return changes === 1 ? 'applied' : 'stale';
    } catch (error) {
      // By code, not instanceof: better-sqlite3's native part keeps the SqliteError class of the first
      // module instance that loaded it, so a second instance (another jest module registry) sees a stranger.
      if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      // "UNIQUE constraint failed: index 'doc_<collection>__<name>'"
      const named = /index '([^']+)'/.exec((error as Error).message)?.[1] ?? '';
      const prefix = indexName(collection, '');
      throw new UniqueIndexError(collection, doc.id, named.startsWith(prefix) ? [named.slice(prefix.length)] : []);
    }
  }

  delete(collection: string, id: string, version?: number): DeleteOutcome {
    const guard = version === undefined ? '' : ' AND version < ?';
    const params = version === undefined ? [id] : [id, version];
    const { changes } = this.statement(`DELETE FROM ${table(collection)} WHERE id = ?${guard}`).run(...params);
    return changes === 1 ? 'deleted' : 'absent';
  }

  saveCheckpoint(name: string, position: string): void {
    this.statement(
      'INSERT INTO read_store_checkpoints (name, position) VALUES (?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    ).run(name, position);
  }

  checkpoint(name: string): string | null {
    const row = this.statement('SELECT position FROM read_store_checkpoints WHERE name = ?').get(name) as
      { position: string } | undefined;
    return row?.position ?? null;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * The indexes this adapter made on the table. SQLite keeps a CREATE
   * statement as it was written, so its `ON ...` part compares exactly with `indexOn`.
   */
  private existingIndexes(collection: string): ExistingIndex[] {
    const prefix = indexName(collection, '');
    const rows = this.db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(`doc_${collection}`) as Array<{ name: string; sql: string }>;
    return rows
      .filter((row) => row.name.startsWith(prefix))
      .map((row) => ({
        name: row.name.slice(prefix.length),
        key: row.sql.slice(row.sql.indexOf(' ON ') + 1),
        unique: row.sql.startsWith('CREATE UNIQUE'),
      }));
  }
}

/**
 * Case-insensitive substring match with Unicode simple case folding (a JS
 * regular expression with the `iu` flags), which is how MongoDB's and
 * FerretDB's `$regex` with the `i` option compare. SQLite's LIKE folds ASCII only.
 */
function containsIgnoringCase(): (value: unknown, text: unknown) => number {
  let lastText: string | null = null;
  let pattern = /(?:)/iu;
  return (value, text) => {
    if (typeof value !== 'string' || typeof text !== 'string') return 0;
    if (text !== lastText) {
      pattern = new RegExp(escapeRegExp(text), 'iu');
      lastText = text;
    }
    return pattern.test(value) ? 1 : 0;
  };
}
