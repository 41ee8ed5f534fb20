import {
  type Collection,
  type DeleteOutcome,
  type Filter,
  type FindOptions,
  type NormalizedIndex,
  type Page,
  type ReadDocument,
  UniqueIndexError,
  type UpsertOutcome,
  checkId,
  parseFilter,
  planFind,
  prepareDelete,
  prepareUpsert,
  toPage,
} from '@regicam/read-store';
import { type ClientSession, type Filter as MongoFilter, type Collection as Native, MongoServerError } from 'mongodb';
import { sortOf, toMongo } from './mongo-condition';

/** A document as stored: the port's `id` is `_id`. */
export interface Stored {
  _id: string;
  version: number;
  [field: string]: unknown;
}

const fromStored = <T extends ReadDocument>({ _id, ...fields }: Stored): T => ({ id: _id, ...fields }) as unknown as T;

export const isDuplicateKey = (error: unknown): error is MongoServerError =>
  error instanceof MongoServerError && error.code === 11000;

/**
 * MongoDB names the index in its message; FerretDB 1.24 does not, so the
 * error then lists the unique indexes declared for the collection.
 */
export function uniqueIndexError(
  collection: string,
  id: string,
  error: MongoServerError,
  declared: Iterable<NormalizedIndex>,
): UniqueIndexError {
  const named = /index: (\S+) dup key/.exec(error.errmsg ?? error.message)?.[1];
  const candidates = named ? [named] : [...declared].filter((index) => index.unique).map((index) => index.name);
  return new UniqueIndexError(collection, id, candidates);
}

/**
 * Version guard without a transaction: the replacement matches only an older
 * stored version, so a newer or equal one makes the upsert try to insert a
 * second `_id` and fail with a duplicate key (11000), read here as 'stale'.
 * Works alike on MongoDB and FerretDB. A duplicate key on another unique
 * index, or a concurrent insert of the same id, is told apart by reading the
 * stored version; the write is retried once, as the latter resolves itself.
 */
export async function upsertGuarded(
  native: Native<Stored>,
  collection: string,
  doc: ReadDocument,
  indexes: Iterable<NormalizedIndex>,
): Promise<UpsertOutcome> {
  const { id, ...fields } = doc;
  for (let attempt = 0; ; attempt++) {
    try {
      await native.replaceOne({ _id: id, version: { $lt: doc.version } }, fields, { upsert: true });
      return 'applied';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await native.findOne({ _id: id }, { projection: { version: 1 } });
      if (stored && stored.version >= doc.version) return 'stale';
      if (attempt > 0) throw uniqueIndexError(collection, id, error, indexes);
    }
  }
}

/** With a version, removes only an older document; idempotent either way. */
export async function deleteGuarded(
  native: Native<Stored>,
  id: string,
  version: number | undefined,
  session?: ClientSession,
): Promise<DeleteOutcome> {
  const filter: MongoFilter<Stored> = version === undefined ? { _id: id } : { _id: id, version: { $lt: version } };
  const { deletedCount } = await native.deleteOne(filter, { session });
  return deletedCount === 1 ? 'deleted' : 'absent';
}

export class MongoCollection<T extends ReadDocument> implements Collection<T> {
  constructor(
    readonly name: string,
    /** The driver's collection; throws once the store is closed. */
    private readonly native: () => Native<Stored>,
    private readonly indexes: Map<string, NormalizedIndex>,
  ) {}

  async upsert(doc: T): Promise<UpsertOutcome> {
    const clean = prepareUpsert(this.name, doc, this.indexes.values());
    return upsertGuarded(this.native(), this.name, clean, this.indexes.values());
  }

  async get(id: string): Promise<T | null> {
    checkId(id, `collection '${this.name}', get`);
    const stored = await this.native().findOne({ _id: id });
    return stored ? fromStored<T>(stored) : null;
  }

  async delete(id: string, options: { version?: number } = {}): Promise<DeleteOutcome> {
    const checked = prepareDelete(this.name, id, options.version);
    return deleteGuarded(this.native(), checked.id, checked.version);
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Page<T>> {
    const where = `collection '${this.name}', find`;
    const plan = planFind(filter, options, where);
    const rows = await this.native()
      .find(toMongo(plan.where) as MongoFilter<Stored>)
      .sort(sortOf(plan.sort))
      .limit(plan.limit + 1)
      .toArray();
    return toPage(rows.map(fromStored<T>), plan, where);
  }

  async count(filter?: Filter): Promise<number> {
    const condition = parseFilter(filter, `collection '${this.name}', count`);
    return this.native().countDocuments(toMongo(condition) as MongoFilter<Stored>);
  }
}
