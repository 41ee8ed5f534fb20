/** The portal's languages: Japanese first (the manual's), English second. */
export type Lang = 'ja' | 'en';

export const LANGS: readonly Lang[] = ['ja', 'en'];

export const isLang = (value: unknown): value is Lang => value === 'ja' || value === 'en';

const LOCALE: Record<Lang, string> = { ja: 'ja-JP', en: 'en-US' };

const dateTimes = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(lang: Lang, timeZone?: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone ?? ''}`;
  let format = dateTimes.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE[lang], {
      year: 'numeric',
      month: lang === 'ja' ? '2-digit' : 'short',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
      timeZone,
    });
    dateTimes.set(key, format);
  }
  return format;
}

/**
 * A time as the language writes it, to the second, in the browser's time
 * zone unless one is given: `2019/02/21(木) 11:22:17`, `Thu, Feb 21, 2019, 11:22:17`.
 * A text that is not a time is shown as it is.
 */
export function formatDateTime(iso: string, lang: Lang, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  if (lang === 'en') return dateTimeFormat(lang, timeZone).format(at);
  const parts = Object.fromEntries(
    dateTimeFormat(lang, timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}/${parts['month']}/${parts['day']}(${parts['weekday']}) ${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

const yen = new Map<Lang, Intl.NumberFormat>();

/**
 * An amount of yen as the manual writes it in either language: `¥35,000`,
 * `-¥550` (the half-width sign: ja-JP's own currency format would write
 * the full-width ￥).
 */
export function formatYen(amount: number, lang: Lang): string {
  let format = yen.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: 'JPY', maximumFractionDigits: 0 });
    yen.set(lang, format);
  }
  return format
    .formatToParts(amount)
    .map((p) => (p.type === 'currency' ? '¥' : p.value))
    .join('');
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;

/**
 * The half of a message in the language shown. The API writes what the
 * owner must change at the POS in both languages, `日本語 / English`; a
 * message in one language only is kept whole.
 */
export function localizedText(text: string, lang: Lang): string {
  const at = text.indexOf(' / ');
  if (at < 0) return text;
  const first = text.slice(0, at).trim();
  const rest = text.slice(at + 3).trim();
  if (!JAPANESE.test(first) || !rest) return text;
  return lang === 'ja' ? first : rest;
}

/** A share of 0..1 as a whole percent, for showing a region. */
export const percent = (share: number): number => Math.round(share * 1000) / 10;

/** The store's time zone: the POS registers' times and the dashboard's days are Japan's. */
export const STORE_TIME_ZONE = 'Asia/Tokyo';

const times = new Map<string, Intl.DateTimeFormat>();

/** A time of day to the second, `11:22:17`, in the given time zone (the browser's unless one is given). */
export function formatTime(iso: string, lang: Lang, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const key = `${lang}|${timeZone ?? ''}`;
  let format = times.get(key);
  if (!format) {
    const options = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone } as const;
    format = new Intl.DateTimeFormat(LOCALE[lang], options);
    times.set(key, format);
  }
  return format.format(at);
}

/** The day of a time in a time zone, as `<input type=date>` and the API write it: `2019-02-21`. */
export function dayOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);
}
