/**
 * The read model port: documents kept by projections and read by the query
 * API. Every adapter (MongoDB / FerretDB, SQLite) passes the same contract
 * suite (`@regicam/read-store/testing`), so a projection behaves the same on
 * both.
 */

/** Every stored document has a string id and the version of the change that produced it. */
export interface ReadDocument {
  readonly id: string;
  readonly version: number;
}

/** The values filters, sorts and cursors compare. Dates are ISO-8601 strings. */
export type Scalar = string | number | boolean | null;

export type SortDirection = 1 | -1;

/** A field path (`cameraId`, `region.x`) and a direction. */
export type FieldOrder = readonly [path: string, direction: SortDirection];

/**
 * An index, declared by the projection that owns the collection and ensured
 * idempotently. The fields of a unique index must be present and non-null in
 * every document (MongoDB would count every missing value as the same null,
 * SQLite as distinct values; the port refuses the case so both agree).
 */
export interface IndexSpec {
  readonly fields: readonly FieldOrder[];
  readonly unique?: boolean;
  /** Defaults to the MongoDB convention, e.g. `cameraId_1_occurredAt_-1`. */
  readonly name?: string;
}

export interface CollectionOptions {
  readonly indexes?: readonly IndexSpec[];
}

/** Operators on one field; several in one object must all hold. */
export interface FieldOperators {
  readonly $eq?: Scalar;
  readonly $ne?: Scalar;
  readonly $in?: readonly Scalar[];
  readonly $gt?: string | number | boolean;
  readonly $gte?: string | number | boolean;
  readonly $lt?: string | number | boolean;
  readonly $lte?: string | number | boolean;
  /** Case-insensitive substring of a string field; the text is literal, not a pattern. */
  readonly $contains?: string;
}

/**
 * Field paths to a value (equality) or to operators, all of which must hold;
 * `$and` / `$or` combine filters. See docs/read-store.md for the exact
 * semantics of null, missing fields and types.
 */
export interface Filter {
  readonly $and?: readonly Filter[];
  readonly $or?: readonly Filter[];
  readonly [path: string]: Scalar | FieldOperators | readonly Filter[] | undefined;
}

export interface FindOptions {
  /** Sort keys; `id` is always added as the final tiebreaker. */
  readonly sort?: readonly FieldOrder[];
  /** Page size, 1 to 1000; 100 when not given. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page, for the same sort. */
  readonly cursor?: string | null;
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque; null when this page is the last. */
  readonly nextCursor: string | null;
}

/** `stale`: the stored document is at the same or a newer version and was kept. */
export type UpsertOutcome = 'applied' | 'stale';
/** `absent`: nothing was removed (no such document, or it is at the given version or newer). */
export type DeleteOutcome = 'deleted' | 'absent';

export interface Collection<T extends ReadDocument> {
  readonly name: string;
  /** Stores the document unless the stored one has the same or a newer version. */
  upsert(doc: T): Promise<UpsertOutcome>;
  get(id: string): Promise<T | null>;
  /** With a version, removes the document only if it is older than that version. */
  delete(id: string, options?: { readonly version?: number }): Promise<DeleteOutcome>;
  /** Keyset paging: stable under inserts and deletes between pages. */
  find(filter?: Filter, options?: FindOptions): Promise<Page<T>>;
  count(filter?: Filter): Promise<number>;
}

export type Write =
  | { readonly collection: string; readonly op: 'upsert'; readonly doc: ReadDocument }
  | { readonly collection: string; readonly op: 'delete'; readonly id: string; readonly version?: number };

/** A projection's position in its source: an opaque string (e.g. a bigint as text). */
export interface Checkpoint {
  readonly name: string;
  readonly position: string;
}

export interface CommitRequest {
  /** Applied in order; each collection must have been opened with `collection()` on this store. */
  readonly writes: readonly Write[];
  readonly checkpoint: Checkpoint;
}

export interface ReadStore {
  /** Opens a collection, ensuring its declared indexes (idempotent; a conflicting redeclaration throws). */
  collection<T extends ReadDocument>(name: string, options?: CollectionOptions): Promise<Collection<T>>;
  /**
   * Applies the writes and saves the checkpoint they stand for. The checkpoint
   * is never saved before its writes; whether they become visible at once
   * depends on the adapter (see docs/read-store.md). Returns one outcome per write.
   */
  commit(request: CommitRequest): Promise<Array<UpsertOutcome | DeleteOutcome>>;
  /** The last committed position of a projection, or null before its first commit. */
  checkpoint(name: string): Promise<string | null>;
  close(): Promise<void>;
}
