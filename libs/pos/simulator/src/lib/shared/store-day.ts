/**
 * A deterministic store day, the same for a given seed: sales on several
 * registers, with cancels, modifications and deletions among them, in the
 * vendor-neutral shape each simulated POS turns into its own API's rows.
 */
export type SimSale = {
  /** Sequential from 1 within the day. */
  seq: number;
  storeId: string;
  terminalId: string;
  /** The register's clock, ISO 8601 with the store's zone (+09:00). */
  at: string;
  receiptNo: string;
  kind: 'payment' | 'cancel' | 'modify' | 'delete';
  total: number;
  deposit: number;
  change: number;
  staff: { id: string; name: string };
  /** For cancel / modify / delete: the seq of the sale it acts on. */
  refersTo: number | null;
};

export type StoreDayOptions = {
  seed: number;
  /** The day, YYYY-MM-DD, Japan time. */
  date: string;
  storeId?: string;
  terminals?: string[];
  /** How many rows (default 60). */
  count?: number;
};

const STAFF = [
  { id: '1', name: '山田' },
  { id: '2', name: '佐藤' },
  { id: '3', name: '鈴木' },
];

/** mulberry32: a small seeded generator, so a day is reproducible. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateStoreDay(options: StoreDayOptions): SimSale[] {
  const rnd = random(options.seed);
  const terminals = options.terminals ?? ['1', '2', '3'];
  const storeId = options.storeId ?? '1';
  const count = options.count ?? 60;
  const open = Date.parse(`${options.date}T09:00:00+09:00`);
  const sales: SimSale[] = [];
  let t = open;
  for (let seq = 1; seq <= count; seq++) {
    t += Math.floor(60_000 + rnd() * 600_000);
    const terminalId = terminals[Math.floor(rnd() * terminals.length)];
    const staff = STAFF[Math.floor(rnd() * STAFF.length)];
    const payments = sales.filter((s) => s.kind === 'payment');
    const roll = rnd();
    const kind: SimSale['kind'] =
      payments.length > 3 && roll < 0.08
        ? 'cancel'
        : payments.length > 3 && roll < 0.12
          ? 'modify'
          : roll < 0.15
            ? 'delete'
            : 'payment';
    const target = kind === 'cancel' || kind === 'modify' ? payments[Math.floor(rnd() * payments.length)] : null;
    const total = kind === 'cancel' ? (target?.total ?? 0) : Math.round((100 + rnd() * 20_000) / 10) * 10;
    const deposit =
      kind === 'payment' || kind === 'modify' ? Math.ceil(total / 1000) * 1000 : kind === 'cancel' ? total : 0;
    sales.push({
      seq,
      storeId,
      terminalId: target?.terminalId ?? terminalId,
      at: toJst(t),
      receiptNo: String(1000 + seq).padStart(7, '0'),
      kind,
      total,
      deposit,
      change: deposit - total > 0 && kind !== 'cancel' ? deposit - total : 0,
      staff,
      refersTo: target?.seq ?? null,
    });
  }
  return sales;
}

/** ISO 8601 in Japan time (+09:00), as the registers' clocks show it. */
export function toJst(ms: number): string {
  return new Date(ms + 9 * 3_600_000)
    .toISOString()
    .replace('Z', '+09:00')
    .replace(/\.\d{3}/, '');
}
