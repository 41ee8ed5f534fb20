import { CameraSourceRequestError } from '@regicam/cameras/source';
import { readSafieTime, safieTime, safieWindows } from './time';

const NOW = Date.parse('2026-12-10T03:00:00Z');
const t = (iso: string) => new Date(iso);

describe('safieTime', () => {
  it('writes Japan time with its zone, milliseconds only when there are some', () => {
    expect(safieTime(t('2026-12-01T00:30:00Z'))).toBe('2026-12-01T09:30:00+09:00');
    expect(safieTime(t('2026-12-01T15:00:00.250Z'))).toBe('2026-12-02T00:00:00.250+09:00');
  });
});

describe('readSafieTime', () => {
  it('reads ISO 8601 with a zone and epoch seconds or milliseconds, and nothing else', () => {
    expect(readSafieTime('2026-12-01T09:30:00+09:00')).toEqual(t('2026-12-01T00:30:00Z'));
    expect(readSafieTime('2026-12-01T00:30:00.5Z')).toEqual(t('2026-12-01T00:30:00.500Z'));
    expect(readSafieTime(1_796_085_000)).toEqual(new Date(1_796_085_000_000));
    expect(readSafieTime(1_796_085_000_123)).toEqual(new Date(1_796_085_000_123));
    expect(readSafieTime('2026-12-01T09:30:00')).toBeNull();
    expect(readSafieTime('soon+09:00')).toBeNull();
    expect(readSafieTime(null)).toBeNull();
  });
});

describe('safieWindows', () => {
  it('splits a long range into days and widens a short rest to a minute', () => {
    const windows = safieWindows(t('2026-12-01T00:00:00Z'), t('2026-12-03T00:00:30Z'), NOW);

    expect(windows).toEqual([
      { start: t('2026-12-01T00:00:00Z'), end: t('2026-12-02T00:00:00Z') },
      { start: t('2026-12-02T00:00:00Z'), end: t('2026-12-03T00:00:00Z') },
      { start: t('2026-12-02T23:59:30Z'), end: t('2026-12-03T00:00:30Z') },
    ]);
  });

  it('asks for one window of a minute for a range of seconds', () => {
    expect(safieWindows(t('2026-12-01T00:00:10Z'), t('2026-12-01T00:00:15Z'), NOW)).toEqual([
      { start: t('2026-11-30T23:59:15Z'), end: t('2026-12-01T00:00:15Z') },
    ]);
  });

  it.each([
    ['2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', 'range', /must be after its start/],
    ['2026-12-01T00:01:00Z', '2026-12-01T00:00:00Z', 'range', /must be after its start/],
    ['2026-12-10T02:00:00Z', '2026-12-10T02:59:30Z', 'too-recent', /at least 1 minute before now/],
    ['not a time', '2026-12-01T00:00:00Z', 'argument', /start must be a valid time/],
  ])('refuses %s .. %s: %s', (start, end, reason, words) => {
    const refusal = (() => {
      try {
        safieWindows(new Date(start), new Date(end), NOW);
      } catch (error) {
        return error;
      }
      return undefined;
    })();

    expect(refusal).toBeInstanceOf(CameraSourceRequestError);
    expect(refusal).toMatchObject({ reason, message: expect.stringMatching(words) });
  });
});
