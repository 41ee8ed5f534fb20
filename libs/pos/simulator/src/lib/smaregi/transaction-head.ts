import type { SimSale } from '../shared/store-day';

/**
 * A TransactionHead row as the legacy スマレジAPI returns it: every value a
 * string, times in Japan time as `YYYY-MM-DD HH:mm:ss`, change named
 * `charge`. The Platform API renders the same row in its own shape
 * (`platformRow`). Tests may store malformed rows, so a row is a loose record.
 */
export type TransactionHeadRow = Record<string, string>;

/** A register as the simulator lists it (legacy `terminal_ref`, Platform `/pos/terminals`). */
export type SmaregiTerminal = { terminalId: string; terminalName: string; storeId: string };

const JST_MS = 9 * 3_600_000;
const LEGACY_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** `YYYY-MM-DD HH:mm:ss` in Japan time. */
export function jstText(ms: number): string {
  return new Date(ms + JST_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Milliseconds of a legacy time (Japan time) or of an ISO time with its zone; NaN when neither. */
export function parseSmaregiTime(text: string): number {
  const legacy = LEGACY_TIME.exec(text);
  return legacy ? Date.parse(`${legacy[1]}T${legacy[2]}+09:00`) : Date.parse(text);
}

/** ISO 8601 with +09:00, as the Platform API writes times. */
export function isoJst(ms: number): string {
  return `${jstText(ms).replace(' ', 'T')}+09:00`;
}

/** A complete normal-sale row with every documented field, values as strings. */
export function saleRow(fields: Partial<TransactionHeadRow> & { transactionHeadId: string }): TransactionHeadRow {
  return {
    transactionDateTime: '',
    terminalTranDateTime: '',
    transactionHeadDivision: '1',
    cancelDivision: '0',
    disposeDivision: '0',
    disposeServerTransactionHeadId: '',
    returnSales: '0',
    subtotal: '0',
    total: '0',
    deposit: '0',
    charge: '0',
    storeId: '1',
    terminalId: '1',
    terminalTranId: '',
    staffId: '',
    staffName: '',
    customerId: '',
    slipNumber: '',
    transactionUuid: `sim-${fields.transactionHeadId}`,
    updDateTime: '',
    cancelDateTime: '',
    memo: '',
    ...fields,
  } as TransactionHeadRow;
}

const negate = (value: string | undefined): string => String(-Number(value ?? 0));

/**
 * Writes the neutral store day into a contract's rows (keyed by id),
 * modelled on how Smaregi keeps them:
 * - payment: one row, transactionHeadDivision 1;
 * - cancel (取消): no new row; the original is flagged cancelDivision 1 with
 *   cancelDateTime, and its updDateTime moves;
 * - modify (取引の打消し and re-entry): the original is flagged disposeDivision 1
 *   (updDateTime moves), a reversing row with the negated amounts is added
 *   (disposeDivision 2, disposeServerTransactionHeadId = the original), and the
 *   corrected sale follows as a normal row;
 * - delete: a sale abandoned before it was closed never reaches Smaregi's
 *   server (registers send completed transactions only): no row.
 * The server receives a row 2 seconds after the register's time.
 * Returns the ids of the rows added, in order.
 */
export function applyDay(rows: Map<string, TransactionHeadRow>, sales: SimSale[], nextId: () => string): string[] {
  const rowOfSeq = new Map<number, TransactionHeadRow>();
  const added: string[] = [];
  for (const sale of sales) {
    const at = Date.parse(sale.at);
    const server = jstText(at + 2_000);
    const insert = (extra: Partial<TransactionHeadRow>): TransactionHeadRow => {
      const row = saleRow({
        transactionHeadId: nextId(),
        transactionDateTime: server,
        terminalTranDateTime: jstText(at),
        subtotal: String(sale.total),
        total: String(sale.total),
        deposit: String(sale.deposit),
        charge: String(sale.change),
        storeId: sale.storeId,
        terminalId: sale.terminalId,
        terminalTranId: sale.receiptNo,
        staffId: sale.staff.id,
        staffName: sale.staff.name,
        slipNumber: sale.receiptNo,
        updDateTime: server,
        ...extra,
      });
      rows.set(row['transactionHeadId'], row);
      added.push(row['transactionHeadId']);
      return row;
    };
    const target = sale.refersTo === null ? undefined : rowOfSeq.get(sale.refersTo);
    switch (sale.kind) {
      case 'payment':
        rowOfSeq.set(sale.seq, insert({}));
        break;
      case 'cancel':
        if (target) Object.assign(target, { cancelDivision: '1', cancelDateTime: jstText(at), updDateTime: server });
        break;
      case 'modify':
        if (!target) break;
        Object.assign(target, { disposeDivision: '1', updDateTime: server });
        insert({
          disposeDivision: '2',
          disposeServerTransactionHeadId: target['transactionHeadId'],
          subtotal: negate(target['subtotal']),
          total: negate(target['total']),
          deposit: negate(target['deposit']),
          charge: negate(target['charge']),
        });
        insert({});
        break;
      case 'delete':
        break;
      default: {
        const unknown: never = sale.kind;
        throw new Error(`unknown sale kind ${String(unknown)}`);
      }
    }
  }
  return added;
}
