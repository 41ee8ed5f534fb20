import type { TransactionKind } from '@regicam/domain';
import { ReadStoreError, type Collection, type Filter, type ReadStore } from '@regicam/read-store';
import {
  TRANSACTIONS,
  TRANSACTION_DAY_TOTALS,
  TRANSACTION_INDEXES,
  TerminalNames,
  addTotals,
  cameraDayId,
  emptyTotals,
  storeDayRange,
  unlinkedDayId,
  type DayTotals,
  type TotalsByKind,
  type TransactionDocument,
} from '@regicam/transactions';
import { createHash } from 'node:crypto';
import { DashboardInputError, DashboardNotFound } from '../errors';
import { TRANSACTION_PICTURES, type PictureDocument } from '../projections/picture-projection';
import { transactionView, type TransactionView } from './views';

/** What the list needs to know of cameras: whose they are. */
export type CameraOwners = {
  get(cameraId: string): Promise<{ id: string; ownerId: string } | null>;
  listByOwner(ownerId: string): Promise<{ id: string }[]>;
};

/** The contracts (`<provider>:<contractId>`) whose registers are the owner's: linked by the owner, or connected (Ubiregi). */
export type OwnerContracts = (ownerId: string) => Promise<string[]>;

/** A day list query, its parameters checked (see `parseTransactionQuery`). */
export type TransactionQuery = {
  ownerId: string;
  /** One camera of the owner; every camera of the owner when absent. */
  cameraId?: string;
  /** The registers of the owner's contracts that no camera covered. */
  unlinked?: boolean;
  /** The store day, `YYYY-MM-DD` in Japan time. */
  day: string;
  kinds?: TransactionKind[];
  /** Matches the receipt number, the register (terminal id or name) or the staff name, ignoring case. */
  q?: string;
  cursor?: string;
  limit: number;
};

export type TransactionPage = {
  day: string;
  cameraId: string | null;
  unlinked: boolean;
  transactions: TransactionView[];
  nextCursor: string | null;
  /** The whole day's totals per kind (whatever the kind filter, the search or the page). */
  totals: TotalsByKind;
};

type Scope = { filter: Filter; totalsIds: string[]; contractKeys: string[] };

/**
 * The dashboard's day list, on the transactions read model and the
 * pictures read model, for one owner:
 * 1. the scope: one of the owner's cameras (another owner's is not found),
 *    all of them, or the unlinked registers of the owner's contracts;
 * 2. one page of the day, newest first (keyset paging on the index of the
 *    scope), filtered by kind and the search;
 * 3. the page's pictures and register names (one `$in` query each);
 * 4. the day's totals per kind from the day documents.
 */
export class TransactionList {
  private constructor(
    private readonly transactions: Collection<TransactionDocument>,
    private readonly pictures: Collection<PictureDocument>,
    private readonly totals: Collection<DayTotals>,
    private readonly names: TerminalNames,
    private readonly cameras: CameraOwners,
    private readonly ownerContracts: OwnerContracts,
  ) {}

  static async open(store: ReadStore, cameras: CameraOwners, ownerContracts: OwnerContracts): Promise<TransactionList> {
    return new TransactionList(
      await store.collection<TransactionDocument>(TRANSACTIONS, { indexes: TRANSACTION_INDEXES }),
      await store.collection<PictureDocument>(TRANSACTION_PICTURES),
      await store.collection<DayTotals>(TRANSACTION_DAY_TOTALS),
      await TerminalNames.open(store),
      cameras,
      ownerContracts,
    );
  }

  async list(query: TransactionQuery): Promise<TransactionPage> {
    // 1. The scope.
    const scope = await this.scope(query);
    const range = storeDayRange(query.day);
    const conditions: Filter[] = [scope.filter, { occurredAt: { $gte: range.from, $lt: range.to } }];
    if (query.kinds?.length) conditions.push({ kind: { $in: query.kinds } });
    if (query.q) conditions.push(await this.search(query.q, scope.contractKeys));
    // 2. One page.
    const signature = querySignature(query);
    const cursor = query.cursor ? openCursor(query.cursor, signature) : null;
    const page = await this.transactions
      .find({ $and: conditions }, { sort: [['occurredAt', -1]], limit: query.limit, cursor })
      .catch((error: unknown) => {
        if (cursor && error instanceof ReadStoreError)
          throw new DashboardInputError('cursor', 'cursor is not one this API gave out');
        throw error;
      });
    // 3. Pictures and names; 4. totals.
    const [transactions, totals] = await Promise.all([this.views(page.items), this.dayTotals(scope.totalsIds)]);
    return {
      day: query.day,
      cameraId: query.cameraId ?? null,
      unlinked: query.unlinked ?? false,
      transactions,
      nextCursor: page.nextCursor ? sealCursor(page.nextCursor, signature) : null,
      totals,
    };
  }

  /** The owner's transaction, or null (another owner's or unlinked ones are not the owner's). */
  async ownersTransaction(ownerId: string, transactionKey: string): Promise<TransactionDocument | null> {
    const doc = await this.transactions.get(transactionKey);
    return doc && doc.ownerId === ownerId ? doc : null;
  }

  /** Rows as the portal shows them, with their pictures and register names. */
  async views(docs: readonly TransactionDocument[]): Promise<TransactionView[]> {
    if (docs.length === 0) return [];
    const keys = docs.map((d) => d.id);
    const [pictures, names] = await Promise.all([
      this.pictures.find({ id: { $in: keys } }, { limit: Math.min(1000, keys.length) }),
      this.names.namesOf(docs.map((d) => d.terminalKey)),
    ]);
    const byKey = new Map(pictures.items.map((p) => [p.id, p]));
    return docs.map((d) => {
      const picture = byKey.get(d.id);
      // A picture decided for another owner's link is not this row's to show.
      const own = picture && (picture.ownerId === d.ownerId || picture.state === 'not_linked') ? picture : null;
      return transactionView(d, own, names.get(d.terminalKey) ?? null);
    });
  }

  private async scope(query: TransactionQuery): Promise<Scope> {
    if (query.unlinked) {
      if (query.cameraId)
        throw new DashboardInputError(
          'unlinked',
          'unlinked=true lists registers no camera covered: leave cameraId out',
        );
      const contractKeys = await this.ownerContracts(query.ownerId);
      return {
        filter: { contractKey: { $in: contractKeys }, linked: false },
        totalsIds: contractKeys.map((k) => unlinkedDayId(k, query.day)),
        contractKeys,
      };
    }
    const contractKeys = await this.ownerContracts(query.ownerId);
    if (query.cameraId) {
      const camera = await this.cameras.get(query.cameraId);
      if (!camera || camera.ownerId !== query.ownerId)
        throw new DashboardNotFound(`camera ${query.cameraId} was not found`);
      return {
        filter: { cameraId: query.cameraId, ownerId: query.ownerId },
        totalsIds: [cameraDayId(query.cameraId, query.day)],
        contractKeys,
      };
    }
    const cameras = await this.cameras.listByOwner(query.ownerId);
    return {
      filter: { ownerId: query.ownerId },
      totalsIds: cameras.map((c) => cameraDayId(c.id, query.day)),
      contractKeys,
    };
  }

  /** The search box: receipt number, register (terminal id or its name) or staff name. */
  private async search(q: string, contractKeys: string[]): Promise<Filter> {
    const named = await this.names.matching(contractKeys, q);
    const any: Filter[] = [
      { receiptNo: { $contains: q } },
      { terminalId: { $contains: q } },
      { 'staff.name': { $contains: q } },
    ];
    if (named.length > 0) any.push({ terminalKey: { $in: named } });
    return { $or: any };
  }

  private async dayTotals(ids: string[]): Promise<TotalsByKind> {
    if (ids.length === 0) return emptyTotals();
    const found = await this.totals.find({ id: { $in: ids } }, { limit: Math.min(1000, ids.length) });
    return addTotals(found.items.map((d) => d.totals));
  }
}

/** What a cursor belongs to: the same scope, day, kinds and search. */
function querySignature(q: TransactionQuery): string {
  const what = [q.ownerId, q.cameraId ?? null, q.unlinked ?? false, q.day, [...(q.kinds ?? [])].sort(), q.q ?? null];
  return createHash('sha256').update(JSON.stringify(what)).digest('base64url').slice(0, 16);
}

function sealCursor(storeCursor: string, signature: string): string {
  return Buffer.from(JSON.stringify({ c: storeCursor, s: signature })).toString('base64url');
}

function openCursor(cursor: string, signature: string): string {
  let body: { c?: unknown; s?: unknown };
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; s?: unknown };
  } catch {
    throw new DashboardInputError('cursor', 'cursor is not one this API gave out');
  }
  if (typeof body?.c !== 'string' || typeof body.s !== 'string') {
    throw new DashboardInputError('cursor', 'cursor is not one this API gave out');
  }
  if (body.s !== signature) {
    throw new DashboardInputError(
      'cursor',
      'cursor belongs to another query: pass the same cameraId, date, kind and q',
    );
  }
  return body.c;
}
