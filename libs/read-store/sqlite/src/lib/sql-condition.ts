import type { Condition, FieldOrder, Scalar } from '@regicam/read-store';

/**
 * Conditions as SQL over a table `(id TEXT, version REAL, doc TEXT)` holding
 * JSON documents. Paths are validated by the port (letters, digits, `_` and
 * dots), so embedding them as JSON path literals is safe, and it must be
 * literal: SQLite uses an expression index only for the very same expression.
 *
 * Every comparison is guarded by the JSON type of the stored value, so it
 * compares like MongoDB: a number never equals a string or a boolean
 * (json_extract gives 1 / 0 for true / false), and a range on numbers never
 * matches strings. Null and missing both read as SQL NULL, as both are null
 * to MongoDB.
 */
export interface Sql {
  readonly text: string;
  readonly params: unknown[];
}

export const valueOf = (path: string): string => (path === 'id' ? 'id' : `json_extract(doc, '$.${path}')`);
const typeOf = (path: string): string => (path === 'id' ? `'text'` : `json_type(doc, '$.${path}')`);

const GUARD: Record<'string' | 'number' | 'boolean', string> = {
  string: `= 'text'`,
  number: `IN ('integer', 'real')`,
  boolean: `IN ('true', 'false')`,
};
const OPERATOR = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** better-sqlite3 binds no booleans; JSON true / false read back as 1 / 0. */
const bind = (value: Exclude<Scalar, null>) => (typeof value === 'boolean' ? Number(value) : value);

function equals(path: string, value: Scalar): Sql {
  if (value === null) return { text: `${valueOf(path)} IS NULL`, params: [] };
  const guard = GUARD[typeof value as keyof typeof GUARD];
  return { text: `(${typeOf(path)} ${guard} AND ${valueOf(path)} = ?)`, params: [bind(value)] };
}

const join = (parts: Sql[], glue: string, empty: string): Sql =>
  parts.length === 0
    ? { text: empty, params: [] }
    : { text: `(${parts.map((p) => p.text).join(glue)})`, params: parts.flatMap((p) => p.params) };

export function toSql(condition: Condition): Sql {
  switch (condition.kind) {
    case 'and':
      return join(condition.all.map(toSql), ' AND ', '1');
    case 'or':
      return join(condition.any.map(toSql), ' OR ', '0');
    case 'in':
      return join(
        condition.values.map((value) => equals(condition.path, value)),
        ' OR ',
        '0',
      );
    case 'contains':
      // rs_contains: Unicode case-insensitive substring (see sqlite-read-store.ts).
      return {
        text: `(${typeOf(condition.path)} = 'text' AND rs_contains(${valueOf(condition.path)}, ?))`,
        params: [condition.text],
      };
    case 'compare': {
      const { path, op, value } = condition;
      if (op === 'eq') return equals(path, value);
      if (op === 'ne') {
        if (value === null) return { text: `${valueOf(path)} IS NOT NULL`, params: [] };
        // ifnull: a missing field makes the equality NULL, and NOT NULL would drop the row MongoDB keeps.
        const eq = equals(path, value);
        return { text: `NOT ifnull(${eq.text}, 0)`, params: eq.params };
      }
      if (value === null) throw new Error(`range comparison with null on '${path}' (the port refuses it)`);
      const guard = GUARD[typeof value as keyof typeof GUARD];
      return { text: `(${typeOf(path)} ${guard} AND ${valueOf(path)} ${OPERATOR[op]} ?)`, params: [bind(value)] };
    }
    default:
      return unreachable(condition);
  }
}

const unreachable = (condition: never): never => {
  throw new Error(`unknown condition ${JSON.stringify(condition)}`);
};

export const orderBy = (sort: readonly FieldOrder[]): string =>
  sort.map(([path, dir]) => `${valueOf(path)} ${dir === 1 ? 'ASC' : 'DESC'}`).join(', ');
