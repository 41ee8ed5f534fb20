import { dayOf, formatDateTime, formatTime, formatYen, localizedText, percent } from './format';

describe('formats of the languages', () => {
  it('writes yen as the manual does, with the half-width sign in both languages', () => {
    expect(formatYen(35000, 'ja')).toBe('¥35,000');
    expect(formatYen(35000, 'en')).toBe('¥35,000');
    expect(formatYen(0, 'ja')).toBe('¥0');
    expect(formatYen(-550, 'ja')).toBe('-¥550');
  });

  it('writes a time to the second with the weekday, in the time zone asked', () => {
    const at = '2019-02-21T02:22:17.000Z';
    expect(formatDateTime(at, 'ja', 'Asia/Tokyo')).toBe('2019/02/21(木) 11:22:17');
    expect(formatDateTime(at, 'en', 'Asia/Tokyo')).toBe('Thu, Feb 21, 2019, 11:22:17');
    expect(formatDateTime('not a time', 'ja')).toBe('not a time');
  });

  it('takes the half of a two-language message in the language shown', () => {
    const both = 'アクセストークンが正しくありません。 / The access token is not accepted.';
    expect(localizedText(both, 'ja')).toBe('アクセストークンが正しくありません。');
    expect(localizedText(both, 'en')).toBe('The access token is not accepted.');
    expect(localizedText('contractId is required', 'ja')).toBe('contractId is required');
    expect(localizedText('a / b', 'ja')).toBe('a / b');
  });

  it('shows shares as percents with one decimal', () => {
    expect(percent(0.12345)).toBe(12.3);
    expect(percent(1)).toBe(100);
  });

  it('writes a time of day to the second, and the day of a time, in the store time zone', () => {
    expect(formatTime('2019-02-21T02:22:17.000Z', 'ja', 'Asia/Tokyo')).toBe('11:22:17');
    expect(formatTime('2019-02-21T15:00:00.000Z', 'en', 'Asia/Tokyo')).toBe('00:00:00');
    expect(formatTime('not a time', 'en')).toBe('not a time');
    expect(dayOf(new Date('2019-02-21T14:59:59.000Z'), 'Asia/Tokyo')).toBe('2019-02-21');
    expect(dayOf(new Date('2019-02-21T15:00:00.000Z'), 'Asia/Tokyo')).toBe('2019-02-22');
  });
});
