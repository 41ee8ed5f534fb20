import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { pageOf, sortRows, type Order } from './row-query';
import type { SmaregiContract, SmaregiState } from './contract-state';
import { isoJst, jstText, parseSmaregiTime, type TransactionHeadRow } from './transaction-head';

/** Seconds a Platform token lives (the vendor answers `expires_in`; 3600 assumed). */
const TOKEN_LIFETIME_S = 3600;
const MAX_RANGE_MS = 31 * 24 * 3_600_000;
const TIME_FIELDS = ['transactionDateTime', 'terminalTranDateTime', 'updDateTime', 'cancelDateTime'];

/** The Platform API's error shape `{type, title, detail, status}`. */
function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status).json({ type: 'about:blank', title, detail, status });
}

/** A row as the Platform API renders it: camelCase, `change` for `charge`, times ISO 8601 with +09:00. */
export function platformRow(row: TransactionHeadRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(row)) {
    const ms = TIME_FIELDS.includes(field) && value ? parseSmaregiTime(value) : NaN;
    out[field === 'charge' ? 'change' : field] = Number.isNaN(ms) ? value : isoJst(ms);
  }
  return out;
}

export function platformRouter(sim: SmaregiState): express.Router {
  const router = express.Router();

  router.post('/id/app/:contractId/token', express.urlencoded({ extended: false }), (req, res) => {
    const contract = sim.contracts.get(req.params.contractId);
    const [scheme, encoded] = (req.get('authorization') ?? '').split(' ');
    const [id, secret] = Buffer.from(encoded ?? '', 'base64')
      .toString()
      .split(':');
    if (!contract?.clientId || scheme !== 'Basic' || id !== contract.clientId || secret !== contract.clientSecret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Client authentication failed.' });
      return;
    }
    const body = (req.body ?? {}) as Record<string, string>;
    if (body['grant_type'] !== 'client_credentials') {
      res
        .status(400)
        .json({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials.' });
      return;
    }
    const token = randomBytes(24).toString('hex');
    const scopes = (body['scope'] ?? '').split(' ').filter(Boolean);
    sim.tokens.set(token, {
      contractId: contract.contractId,
      scopes,
      expiresAt: sim.now().getTime() + TOKEN_LIFETIME_S * 1000,
    });
    sim.tokensIssued++;
    res.json({ access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, scope: scopes.join(' ') });
  });

  /** The contract a valid Bearer token with `scope` stands for, or an answer already sent. */
  const authorize = (req: Request, res: Response, scope: string): SmaregiContract | null => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    const grant = sim.tokens.get(token);
    if (!grant || grant.contractId !== req.params['contractId'] || grant.expiresAt <= sim.now().getTime()) {
      problem(res, 401, 'Unauthorized', 'The access token is invalid or expired.');
      return null;
    }
    if (!grant.scopes.includes(scope)) {
      problem(res, 403, 'Forbidden', `The scope ${scope} is required.`);
      return null;
    }
    return sim.contract(grant.contractId);
  };

  router.get('/api/:contractId/pos/transactions', (req, res) => {
    const contract = authorize(req, res, 'pos.transactions:read');
    if (!contract) return;
    const query = req.query as Record<string, string | undefined>;
    const range = ['terminal_tran_date_time', 'upd_date_time']
      .map((name) => ({ name, from: query[`${name}-from`], to: query[`${name}-to`] }))
      .find((r) => r.from !== undefined || r.to !== undefined);
    const from = parseSmaregiTime(range?.from ?? '');
    const to = parseSmaregiTime(range?.to ?? '');
    if (!range || Number.isNaN(from) || Number.isNaN(to) || to < from) {
      problem(
        res,
        400,
        'Bad Request',
        'A date range (terminal_tran_date_time or upd_date_time, -from and -to) is required.',
      );
      return;
    }
    if (to - from > MAX_RANGE_MS) {
      problem(res, 400, 'Bad Request', 'The date range must be 31 days or less.');
      return;
    }
    const limit = query['limit'] === undefined ? 100 : Number(query['limit']);
    const page = query['page'] === undefined ? 1 : Number(query['page']);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(page) || page < 1) {
      problem(res, 400, 'Bad Request', 'limit must be 1 to 1000 and page 1 or more.');
      return;
    }
    const field = range.name === 'upd_date_time' ? 'updDateTime' : 'terminalTranDateTime';
    const [low, high] = [jstText(from), jstText(to)];
    const found = [...contract.rows.values()].filter((row) => {
      const value = row[field] ?? '';
      return value >= low && value <= high;
    });
    res.json(pageOf(sortRows(found, sortOf(query['sort'])), limit, page).map(platformRow));
  });

  router.get('/api/:contractId/pos/transactions/:id', (req, res) => {
    const contract = authorize(req, res, 'pos.transactions:read');
    if (!contract) return;
    const row = contract.rows.get(req.params.id);
    if (!row) problem(res, 404, 'Not Found', `Transaction ${req.params.id} does not exist.`);
    else res.json(platformRow(row));
  });

  // Assumption: registers are listed at /pos/terminals as {terminalId, terminalName, storeId}, scope pos.stores:read.
  router.get('/api/:contractId/pos/terminals', (req, res) => {
    const contract = authorize(req, res, 'pos.stores:read');
    if (contract) res.json(contract.terminals);
  });

  return router;
}

/** `sort=field` or `field:desc`, comma-separated; camelCase fields; default by id. */
function sortOf(sort: string | undefined): Order[] {
  const parsed = (sort ?? '')
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const [field, dir] = part.split(':');
      return { field: field === 'change' ? 'charge' : field, desc: dir === 'desc' };
    });
  return parsed.length ? parsed : [{ field: 'transactionHeadId', desc: false }];
}
