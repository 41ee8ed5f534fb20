import express, { type Request, type Response } from 'express';
import { matches, pageOf, sortRows, type Condition, type Operator, type Order } from './row-query';
import type { SmaregiContract, SmaregiState } from './contract-state';

/**
 * The legacy スマレジAPI: one form-encoded POST with `proc_name` and `params`
 * (a JSON string), credentials in `X_contract_id` / `X_access_token`.
 *
 * Error answers are `{error_code, error, error_description}`. The real codes
 * and statuses are not public; the simulator's choice (assumption), which the
 * connector reads by HTTP status first:
 * | status | error_code | when                                             |
 * | 401    | 1          | unknown contract or wrong access token           |
 * | 403    | 2          | 受信機能 is off                                   |
 * | 403    | 3          | the feature the proc needs (取引情報参照, 店舗情報参照) is off |
 * | 400    | 4          | unknown proc_name                                |
 * | 400    | 5          | params not JSON, unsupported table, limit > 1000 |
 */
const MAX_LIMIT = 1000;
/** Rows per page when `limit` is absent (assumption: the documented default is not public). */
const DEFAULT_LIMIT = 100;

type Fail = { status: number; code: number; error: string; description: string };
const fail = (status: number, code: number, error: string, description: string): Fail => ({
  status,
  code,
  error,
  description,
});

type Params = {
  table_name?: unknown;
  fields?: unknown;
  conditions?: unknown;
  order?: unknown;
  limit?: unknown;
  page?: unknown;
};

export function legacyRouter(sim: SmaregiState): express.Router {
  const router = express.Router();
  router.post('/', express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    const answer = handle(sim, req);
    if ('status' in answer) {
      res.status(answer.status).json({
        error_code: answer.code,
        error: answer.error,
        error_description: answer.description,
      });
      return;
    }
    res.json(answer);
  });
  return router;
}

function handle(sim: SmaregiState, req: Request): Fail | object {
  const contract = sim.contracts.get(req.get('X_contract_id') ?? '');
  if (!contract || req.get('X_access_token') !== contract.accessToken) {
    return fail(401, 1, 'Unauthorized', '契約IDまたはアクセストークンが正しくありません。');
  }
  if (!contract.receiveEnabled) return fail(403, 2, 'Forbidden', '受信機能を利用する設定になっていません。');
  const body = (req.body ?? {}) as Record<string, unknown>;
  let params: Params;
  try {
    params = JSON.parse(typeof body['params'] === 'string' ? body['params'] : '{}') as Params;
  } catch {
    return fail(400, 5, 'Bad Request', 'params が JSON ではありません。');
  }
  switch (body['proc_name']) {
    case 'transaction_ref':
      if (!contract.transactionsReadEnabled)
        return fail(403, 3, 'Forbidden', '取引情報参照 の利用が許可されていません。');
      if (params.table_name !== 'TransactionHead') {
        return fail(400, 5, 'Bad Request', 'table_name はこのシミュレーターでは TransactionHead のみです。');
      }
      return read([...contract.rows.values()], params, 'transactionHeadId');
    case 'store_ref':
      if (!contract.storesReadEnabled) return fail(403, 3, 'Forbidden', '店舗情報参照 の利用が許可されていません。');
      return read(stores(contract), params, 'storeId');
    // Assumption: the legacy API lists registers through `terminal_ref`
    // (terminalId, terminalName, storeId), gated like store_ref by 店舗情報参照.
    case 'terminal_ref':
      if (!contract.storesReadEnabled) return fail(403, 3, 'Forbidden', '店舗情報参照 の利用が許可されていません。');
      return read(contract.terminals, params, 'terminalId');
    default:
      return fail(400, 4, 'Bad Request', `proc_name ${String(body['proc_name'])} はありません。`);
  }
}

function stores(contract: SmaregiContract): Record<string, string>[] {
  const ids = [...new Set(contract.terminals.map((t) => t.storeId))];
  return ids.map((storeId) => ({ storeId, storeName: `店舗${storeId}` }));
}

/** One page of `rows` filtered by `conditions` (objects OR-ed, keys within one AND-ed: assumption). */
function read(rows: Record<string, string>[], params: Params, key: string): Fail | object {
  const limit = params.limit === undefined ? DEFAULT_LIMIT : Number(params.limit);
  const page = params.page === undefined ? 1 : Number(params.page);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return fail(400, 5, 'Bad Request', `limit は 1 から ${MAX_LIMIT} までです。`);
  }
  if (!Number.isInteger(page) || page < 1) return fail(400, 5, 'Bad Request', 'page は 1 以上です。');
  const groups = Array.isArray(params.conditions) ? (params.conditions as Record<string, unknown>[]) : [];
  const parsed = groups.map(conditionsOf);
  const found = rows.filter((row) => parsed.length === 0 || parsed.some((all) => matches(row, all)));
  const sorted = sortRows(found, ordersOf(params.order, key));
  const fields = Array.isArray(params.fields) ? (params.fields as string[]) : null;
  const result = pageOf(sorted, limit, page).map((row) =>
    fields ? Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]])) : { ...row },
  );
  return { total_count: String(found.length), result };
}

function conditionsOf(group: Record<string, unknown>): Condition[] {
  return Object.entries(group ?? {}).map(([key, value]) => {
    const m = /^(\w+)\s*(>=|<=|>|<|=)?$/.exec(key.trim());
    return { field: m?.[1] ?? key, op: (m?.[2] ?? '=') as Operator, value: String(value) };
  });
}

function ordersOf(order: unknown, key: string): Order[] {
  const list = Array.isArray(order) ? order.map(String) : [];
  const parsed = list.map((o) => {
    const [field, dir] = o.trim().split(/\s+/);
    return { field, desc: dir?.toLowerCase() === 'desc' };
  });
  return parsed.length ? parsed : [{ field: key, desc: false }];
}
