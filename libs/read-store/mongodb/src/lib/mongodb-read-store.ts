import {
  type CollectionOptions,
  type CommitRequest,
  type DeleteOutcome,
  type NormalizedIndex,
  type PreparedWrite,
  type ReadDocument,
  type ReadStore,
  ReadStoreError,
  type UpsertOutcome,
  checkCheckpointName,
  checkCollectionName,
  indexesToCreate,
  normalizeIndexes,
  prepareCommit,
} from '@regicam/read-store';
import { type ClientSession, type Collection as Native, type Db, MongoClient, MongoServerError } from 'mongodb';
import { keyText, fieldOf } from './mongo-condition';
import {
  MongoCollection,
  type Stored,
  deleteGuarded,
  isDuplicateKey,
  uniqueIndexError,
  upsertGuarded,
} from './mongo-collection';

/** Checkpoints live beside the collections; no collection the port accepts starts with `_`. */
const CHECKPOINTS = '_read_store_checkpoints';

export interface MongoReadStoreOptions {
  /** The database; when not given, the one named in the URL (the driver's default otherwise). */
  readonly database?: string;
}

/**
 * The read store on MongoDB 5+ or FerretDB 1.24, with the official driver.
 * Documents are stored with the port's `id` as `_id`.
 *
 * A commit runs in a transaction when the server has them (a replica set or
 * a sharded cluster, as `hello` tells). Otherwise, as on FerretDB 1.24 or a
 * standalone server, the writes go first and the checkpoint last: a crash in
 * between leaves the checkpoint behind the writes, and the projection replays
 * them, which is harmless because every upsert is version-guarded and every
 * delete idempotent. Readers may then see part of a batch for a moment.
 */
export class MongoReadStore implements ReadStore {
  private readonly db: Db;
  private readonly opened = new Map<string, Map<string, NormalizedIndex>>();
  private transactions: Promise<boolean> | undefined;
  private closed = false;

  /** Connects and owns the client: `close()` disconnects it. */
  static async connect(url: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    const client = await MongoClient.connect(url);
    return new MongoReadStore(client, options.database ?? client.options.dbName, true);
  }

  /** On a client owned by the caller, unless `ownsClient`. */
  constructor(
    private readonly client: MongoClient,
    database: string,
    private readonly ownsClient = false,
  ) {
    this.db = client.db(database);
  }

  async collection<T extends ReadDocument>(name: string, options: CollectionOptions = {}): Promise<MongoCollection<T>> {
    checkCollectionName(name);
    const wanted = normalizeIndexes(name, options.indexes);
    const native = this.native(name);
    const listed = await native
      .listIndexes()
      .toArray()
      .catch((error) => {
        if (error instanceof MongoServerError && error.code === 26) return []; // NamespaceNotFound: no collection yet
        throw error;
      });
    const existing = listed.map((index) => ({
      name: String(index['name']),
      key: keyText(Object.entries(index['key'] as Record<string, unknown>)),
      unique: index['unique'] === true,
    }));
    const keyOf = (index: NormalizedIndex) => keyText(index.fields.map(([path, dir]) => [fieldOf(path), dir]));
    for (const index of indexesToCreate(name, wanted, existing, keyOf)) {
      const key = Object.fromEntries(index.fields.map(([path, dir]) => [fieldOf(path), dir]));
      await native.createIndex(key, { name: index.name, unique: index.unique });
    }
    const indexes = this.opened.get(name) ?? new Map<string, NormalizedIndex>();
    for (const index of wanted) indexes.set(index.name, index);
    this.opened.set(name, indexes);
    return new MongoCollection<T>(name, () => this.native(name), indexes);
  }

  async commit(request: CommitRequest): Promise<Array<UpsertOutcome | DeleteOutcome>> {
    const { writes, checkpoint } = prepareCommit(request, (name) => this.opened.get(name)?.values());
    this.live();
    const saveCheckpoint = (session?: ClientSession) =>
      this.db
        .collection<{ _id: string; position: string }>(CHECKPOINTS)
        .updateOne({ _id: checkpoint.name }, { $set: { position: checkpoint.position } }, { upsert: true, session });
    if (await this.hasTransactions()) {
      const session = this.client.startSession();
      try {
        return await session.withTransaction(async () => {
          const outcomes: Array<UpsertOutcome | DeleteOutcome> = [];
          for (const write of writes) outcomes.push(await this.applyInTransaction(write, session));
          await saveCheckpoint(session);
          return outcomes;
        });
      } finally {
        await session.endSession();
      }
    }
    // 1. The writes, in order; each is version-guarded or idempotent, so a replay is harmless.
    const outcomes: Array<UpsertOutcome | DeleteOutcome> = [];
    for (const write of writes) {
      const native = this.native(write.collection);
      const indexes = this.opened.get(write.collection)?.values() ?? [];
      outcomes.push(
        write.op === 'upsert'
          ? await upsertGuarded(native, write.collection, write.doc, indexes)
          : await deleteGuarded(native, write.id, write.version),
      );
    }
    // 2. Then the checkpoint: it never claims a write that is not stored.
    await saveCheckpoint();
    return outcomes;
  }

  async checkpoint(name: string): Promise<string | null> {
    checkCheckpointName(name);
    this.live();
    const row = await this.db.collection<{ _id: string; position: string }>(CHECKPOINTS).findOne({ _id: name });
    return row?.position ?? null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await this.client.close();
  }

  /**
   * Inside a transaction a duplicate key aborts the whole transaction, so
   * the version guard reads first; a concurrent change of the same document
   * is a write conflict, and withTransaction retries the batch.
   */
  private async applyInTransaction(
    write: PreparedWrite,
    session: ClientSession,
  ): Promise<UpsertOutcome | DeleteOutcome> {
    const native = this.native(write.collection);
    if (write.op === 'delete') return deleteGuarded(native, write.id, write.version, session);
    const { id, ...fields } = write.doc;
    const stored = await native.findOne({ _id: id }, { projection: { version: 1 }, session });
    if (stored && stored.version >= write.doc.version) return 'stale';
    try {
      await native.replaceOne({ _id: id }, fields, { upsert: true, session });
    } catch (error) {
      if (isDuplicateKey(error))
        throw uniqueIndexError(write.collection, id, error, this.opened.get(write.collection)?.values() ?? []);
      throw error;
    }
    return 'applied';
  }

  /** Transactions need a replica set (`setName`) or a sharded cluster (`isdbgrid`); asked once. */
  private hasTransactions(): Promise<boolean> {
    this.transactions ??= this.db.command({ hello: 1 }).then(
      (hello) => typeof hello['setName'] === 'string' || hello['msg'] === 'isdbgrid',
      (error) => {
        this.transactions = undefined;
        throw error;
      },
    );
    return this.transactions;
  }

  private live(): void {
    if (this.closed) throw new ReadStoreError('the read store is closed');
  }

  private native(name: string): Native<Stored> {
    this.live();
    return this.db.collection<Stored>(name);
  }
}
