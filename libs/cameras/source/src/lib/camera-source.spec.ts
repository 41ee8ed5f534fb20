import { coveringSegment } from './camera-source';

describe('coveringSegment', () => {
  const t = (iso: string) => new Date(`2026-12-01T${iso}Z`);
  const segments = [
    { from: t('09:00:00'), to: t('09:10:00') },
    { from: t('09:10:00'), to: t('09:12:00') },
    { from: t('09:15:00'), to: t('09:20:00') },
  ];

  it('finds the segment holding a time, its start included and its end not', () => {
    expect(coveringSegment(segments, t('09:00:00'))).toBe(segments[0]);
    expect(coveringSegment(segments, t('09:10:00'))).toBe(segments[1]);
    expect(coveringSegment(segments, t('09:19:59.999'))).toBe(segments[2]);
  });

  it('finds none in a gap, before or after the recording', () => {
    for (const at of ['09:12:00', '09:14:59', '08:59:59', '09:20:00']) {
      expect(coveringSegment(segments, t(at))).toBeUndefined();
    }
    expect(coveringSegment([], t('09:00:00'))).toBeUndefined();
  });
});
