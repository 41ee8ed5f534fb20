import {
  type Collection,
  type CollectionOptions,
  type CommitRequest,
  type DeleteOutcome,
  type Filter,
  type FindOptions,
  type NormalizedIndex,
  type Page,
  type ReadDocument,
  type ReadStore,
  type UpsertOutcome,
  checkCheckpointName,
  checkCollectionName,
  checkId,
  normalizeIndexes,
  parseFilter,
  planFind,
  prepareCommit,
  prepareDelete,
  prepareUpsert,
  toPage,
} from '@regicam/read-store';
import { orderBy, toSql } from './sql-condition';
import { SqliteTables, table } from './sqlite-tables';

/**
 * The read store of the embedded default: one SQLite file (WAL), one table
 * per collection holding JSON documents, indexes on `json_extract` of the
 * declared fields. A commit is one transaction: its documents and its
 * checkpoint are stored together or not at all.
 */
export class SqliteReadStore implements ReadStore {
  private readonly tables: SqliteTables;
  /** The collections opened on this store, with their declared indexes by name. */
  private readonly opened = new Map<string, Map<string, NormalizedIndex>>();

  /** `path`: a file, created when missing, or ':memory:'. */
  constructor(path: string) {
    this.tables = new SqliteTables(path);
  }

  async collection<T extends ReadDocument>(name: string, options: CollectionOptions = {}): Promise<Collection<T>> {
    checkCollectionName(name);
    const wanted = normalizeIndexes(name, options.indexes);
    this.tables.ensure(name, wanted);
    const indexes = this.opened.get(name) ?? new Map<string, NormalizedIndex>();
    for (const index of wanted) indexes.set(index.name, index);
    this.opened.set(name, indexes);
    return new SqliteCollection<T>(this.tables, name, indexes);
  }

  async commit(request: CommitRequest): Promise<Array<UpsertOutcome | DeleteOutcome>> {
    const { writes, checkpoint } = prepareCommit(request, (name) => this.opened.get(name)?.values());
    return this.tables.transaction(() => {
      const outcomes = writes.map((w) =>
        w.op === 'upsert' ? this.tables.upsert(w.collection, w.doc) : this.tables.delete(w.collection, w.id, w.version),
      );
      this.tables.saveCheckpoint(checkpoint.name, checkpoint.position);
      return outcomes;
    });
  }

  async checkpoint(name: string): Promise<string | null> {
    return this.tables.checkpoint(checkCheckpointName(name));
  }

  async close(): Promise<void> {
    this.tables.close();
  }
}

class SqliteCollection<T extends ReadDocument> implements Collection<T> {
  constructor(
    private readonly tables: SqliteTables,
    readonly name: string,
    private readonly indexes: Map<string, NormalizedIndex>,
  ) {}

  async upsert(doc: T): Promise<UpsertOutcome> {
    return this.tables.upsert(this.name, prepareUpsert(this.name, doc, this.indexes.values()));
  }

  async get(id: string): Promise<T | null> {
    checkId(id, `collection '${this.name}', get`);
    const row = this.tables.statement(`SELECT doc FROM ${table(this.name)} WHERE id = ?`).get(id) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async delete(id: string, options: { version?: number } = {}): Promise<DeleteOutcome> {
    const checked = prepareDelete(this.name, id, options.version);
    return this.tables.delete(this.name, checked.id, checked.version);
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Page<T>> {
    const where = `collection '${this.name}', find`;
    const plan = planFind(filter, options, where);
    const condition = toSql(plan.where);
    const rows = this.tables
      .statement(`SELECT doc FROM ${table(this.name)} WHERE ${condition.text} ORDER BY ${orderBy(plan.sort)} LIMIT ?`)
      .all(...condition.params, plan.limit + 1) as Array<{ doc: string }>;
    return toPage(
      rows.map((row) => JSON.parse(row.doc) as T),
      plan,
      where,
    );
  }

  async count(filter?: Filter): Promise<number> {
    const condition = toSql(parseFilter(filter, `collection '${this.name}', count`));
    const row = this.tables
      .statement(`SELECT count(*) AS n FROM ${table(this.name)} WHERE ${condition.text}`)
      .get(...condition.params) as { n: number };
    return row.n;
  }
}
