/** A bad input to the read store: the message names the collection, field or value at fault. */
export class ReadStoreError extends Error {
  override readonly name: string = 'ReadStoreError';
}

/** A write would give two documents the same values in a unique index. */
export class UniqueIndexError extends ReadStoreError {
  override readonly name = 'UniqueIndexError';

  constructor(
    readonly collection: string,
    readonly id: string,
    /** The index at fault; the candidates when the server does not say which (FerretDB), or none when unknown. */
    readonly indexes: readonly string[],
  ) {
    super(
      `collection '${collection}': document '${id}' has the same values as another document in ` +
        (indexes.length === 0
          ? 'a unique index'
          : indexes.length === 1
            ? `unique index '${indexes[0]}'`
            : `one of the unique indexes '${indexes.join("', '")}'`),
    );
  }
}
