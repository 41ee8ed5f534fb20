const JST_MS = 9 * 3_600_000;
const LEGACY_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds of a Smaregi time: the legacy API's `YYYY-MM-DD HH:mm:ss`
 * (Japan time, no zone) or the Platform API's ISO 8601 with its zone.
 * NaN for anything else, so a malformed row is caught, not guessed.
 */
export function parseSmaregiTime(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const legacy = LEGACY_TIME.exec(value);
  if (legacy) return Date.parse(`${legacy[1]}T${legacy[2]}+09:00`);
  return ISO_TIME.test(value) ? Date.parse(value) : NaN;
}

/** `YYYY-MM-DD HH:mm:ss` in Japan time, as the legacy API's conditions take it. */
export function jstText(ms: number): string {
  return new Date(ms + JST_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO 8601 in Japan time with its +09:00 offset (the register's wall clock kept readable). */
export function isoJst(ms: number): string {
  return `${jstText(ms).replace(' ', 'T')}+09:00`;
}
