/** The store's time zone is Japan's: UTC+9 all year (no daylight saving). */
export const STORE_UTC_OFFSET_MS = 9 * 3_600_000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The store day (Japan time, `YYYY-MM-DD`) of an ISO time. */
export function storeDayOf(iso: string): string {
  return new Date(Date.parse(iso) + STORE_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether the text is a real calendar day `YYYY-MM-DD` (not 2026-02-30). */
export function isStoreDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** The UTC instants a store day spans: `[from, to)`, ISO strings (which sort as times). */
export function storeDayRange(day: string): { from: string; to: string } {
  const start = Date.parse(`${day}T00:00:00.000Z`) - STORE_UTC_OFFSET_MS;
  return { from: new Date(start).toISOString(), to: new Date(start + 86_400_000).toISOString() };
}

/** An ISO time as the store's clock shows it: `2019/02/21 11:22:17` (Japan time). */
export function storeClockText(iso: string): string {
  const local = new Date(Date.parse(iso) + STORE_UTC_OFFSET_MS).toISOString();
  return `${local.slice(0, 10).replace(/-/g, '/')} ${local.slice(11, 19)}`;
}

/** An ISO time with Japan's offset: `2019-02-21T11:22:17.000+09:00`. */
export function storeIsoTime(iso: string): string {
  return new Date(Date.parse(iso) + STORE_UTC_OFFSET_MS).toISOString().replace('Z', '+09:00');
}
