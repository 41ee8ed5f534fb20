import express from 'express';
import { addTo, emptySummary, japanDay, type DaySummary } from '../shared/day-summary';
import type { Faults } from '../shared/faults';
import type { SimSale } from '../shared/store-day';
import { legacyRouter } from './legacy-routes';
import { platformRouter } from './platform-routes';
import { pushRows, sendWebhook, type SentAnswer } from './senders';
import type { SmaregiContract, SmaregiContractSettings, SmaregiState } from './contract-state';
import {
  applyDay,
  jstText,
  parseSmaregiTime,
  saleRow,
  type SmaregiTerminal,
  type TransactionHeadRow,
} from './transaction-head';

export type { SmaregiContract, SmaregiContractSettings } from './contract-state';

const DEFAULT_TERMINALS: SmaregiTerminal[] = ['1', '2', '3'].map((id) => ({
  terminalId: id,
  terminalName: `レジ${id}`,
  storeId: '1',
}));

/**
 * Smaregi as seen from outside: the legacy スマレジAPI (`/webapi/access/`),
 * the Platform API's token endpoint (`/id/app/:contractId/token`) and API
 * (`/api/:contractId/pos/...`), and the two ways Smaregi calls us (API送信設定
 * push, Platform webhooks). State and clock are plain methods for tests and
 * the embedded default; `faults` applies to every route.
 */
export class SmaregiSimulator implements SmaregiState {
  readonly contracts = new Map<string, SmaregiContract>();
  /** Platform tokens issued: token → contract, scopes and expiry. */
  readonly tokens = new Map<string, { contractId: string; scopes: string[]; expiresAt: number }>();
  /** `METHOD path?query` of every request received, in order (never a credential). */
  readonly requests: string[] = [];
  tokensIssued = 0;
  private clock: Date | null = null;

  constructor(readonly faults: Faults) {}

  router(): express.Router {
    const router = express.Router();
    router.use((req, _res, next) => {
      this.requests.push(`${req.method} ${req.originalUrl.replace(/^\/smaregi/, '')}`);
      next();
    });
    router.use(this.faults.middleware());
    router.use('/webapi/access', legacyRouter(this));
    router.use(platformRouter(this));
    return router;
  }

  /** The simulator's time: real time unless set. */
  now(): Date {
    return this.clock ? new Date(this.clock) : new Date();
  }

  setClock(at: Date | null): void {
    this.clock = at ? new Date(at) : null;
  }

  addContract(settings: SmaregiContractSettings): SmaregiContract {
    const contract: SmaregiContract = {
      receiveEnabled: true,
      transactionsReadEnabled: true,
      storesReadEnabled: true,
      terminals: DEFAULT_TERMINALS,
      ...settings,
      rows: new Map(),
      nextId: 1,
    };
    this.contracts.set(settings.contractId, contract);
    return contract;
  }

  contract(contractId: string): SmaregiContract {
    const contract = this.contracts.get(contractId);
    if (!contract) throw new Error(`no simulated Smaregi contract ${contractId}`);
    return contract;
  }

  /** Writes a generated store day as Smaregi keeps it (see `applyDay`); returns the ids of the rows added. */
  loadDay(contractId: string, sales: SimSale[]): string[] {
    const contract = this.contract(contractId);
    return applyDay(contract.rows, sales, () => String(contract.nextId++));
  }

  /**
   * Stores rows as given over a complete sale at the simulator's time: a
   * missing id is allocated, an empty one kept (a malformed row for tests).
   */
  addRows(contractId: string, rows: Partial<TransactionHeadRow>[]): string[] {
    const contract = this.contract(contractId);
    const now = jstText(this.now().getTime());
    return rows.map((fields) => {
      const id = fields['transactionHeadId'] ?? String(contract.nextId++);
      const times = { transactionDateTime: now, terminalTranDateTime: now, updDateTime: now };
      contract.rows.set(id || `blank-${contract.rows.size}`, saleRow({ ...times, ...fields, transactionHeadId: id }));
      return id;
    });
  }

  /** 取消 of an existing row: flagged in place, its updDateTime moves to `at`. */
  cancel(contractId: string, transactionHeadId: string, at: Date = this.now()): TransactionHeadRow {
    const row = this.contract(contractId).rows.get(transactionHeadId);
    if (!row) throw new Error(`no transaction ${transactionHeadId} in contract ${contractId}`);
    Object.assign(row, {
      cancelDivision: '1',
      cancelDateTime: jstText(at.getTime()),
      updDateTime: jstText(at.getTime()),
    });
    return row;
  }

  /**
   * The day as Smaregi's own report adds it up, for some registers: sales
   * (取引区分 1, not a reversing row) at their register time, cancels
   * (取消区分 1) at their cancel time with the sale's amounts, reversing rows
   * (打消し, 返品) at their register time. Smaregi has no deleted sales.
   */
  daySummary(contractId: string, day: string, terminalIds?: string[]): DaySummary {
    const summary = emptySummary();
    for (const row of this.contract(contractId).rows.values()) {
      if (row['transactionHeadDivision'] !== '1') continue;
      if (terminalIds && !terminalIds.includes(row['terminalId'])) continue;
      const amounts = [Number(row['total']), Number(row['deposit']), Number(row['charge'])] as const;
      const reversal = row['disposeDivision'] === '2' || row['returnSales'] === '1';
      if (japanDay(parseSmaregiTime(row['terminalTranDateTime'])) === day) {
        addTo(reversal ? summary.reversals : summary.sales, ...amounts);
      }
      const cancelledAt = parseSmaregiTime(row['cancelDateTime'] || row['updDateTime']);
      if (row['cancelDivision'] === '1' && japanDay(cancelledAt) === day) addTo(summary.cancels, ...amounts);
    }
    return summary;
  }

  /** API送信設定: POSTs rows to `url` the way Smaregi pushes them. */
  pushTo(url: string, contractId: string, rows: TransactionHeadRow[]): Promise<SentAnswer> {
    return pushRows(url, contractId, rows);
  }

  /** A Platform webhook `pos:transactions` / `created` for these ids. */
  webhookTo(url: string, contractId: string, ids: string[]): Promise<SentAnswer> {
    return sendWebhook(url, contractId, ids);
  }
}
