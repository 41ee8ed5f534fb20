import { SLICE_MS, announcements, sliceStart } from './announcements';

const t = (hms: string) => new Date(`2026-12-01T${hms}Z`);
const range = (from: string, to: string) => ({ from: t(from), to: t(to) });
const seg = (from: string, to: string) => ({ from: t(from), to: t(to) });
const recording = (from: string, to: string) => ({
  type: 'RecordingAvailable',
  cameraId: 'cam',
  from: t(from).toISOString(),
  to: t(to).toISOString(),
});

describe('announcements of a listed range', () => {
  it('announces each whole minute of a continuous recording once, however the files are cut', () => {
    const records = announcements(
      'cam',
      range('09:00:00', '09:03:00'),
      [seg('08:50:00', '09:01:30'), seg('09:01:30', '09:20:00')],
      [],
    );
    expect(records).toEqual([
      recording('09:00:00', '09:01:00'),
      recording('09:01:00', '09:02:00'),
      recording('09:02:00', '09:03:00'),
    ]);
  });

  it('gives the same records for a slice whether it is listed alone or in a longer range', () => {
    const segments = [seg('08:00:00', '10:00:00')];
    const alone = announcements('cam', range('09:01:00', '09:02:00'), segments, []);
    const within = announcements('cam', range('09:00:00', '09:05:00'), segments, []);
    expect(within).toEqual(expect.arrayContaining(alone));
  });

  it('leaves out what was not recorded: a gap inside a slice splits it', () => {
    const records = announcements(
      'cam',
      range('09:00:00', '09:02:00'),
      [seg('08:59:00', '09:00:20'), seg('09:00:45', '09:01:10')],
      [],
    );
    expect(records).toEqual([
      recording('09:00:00', '09:00:20'),
      recording('09:00:45', '09:01:00'),
      recording('09:01:00', '09:01:10'),
    ]);
  });

  it('merges overlapping segments and ignores those outside the range', () => {
    const records = announcements(
      'cam',
      range('09:00:00', '09:01:00'),
      [
        seg('09:00:30', '09:00:50'),
        seg('09:00:10', '09:00:40'),
        seg('08:00:00', '08:59:00'),
        seg('09:01:00', '09:05:00'),
      ],
      [],
    );
    expect(records).toEqual([recording('09:00:10', '09:00:50')]);
  });

  it('announces connects and disconnects in the range once each, in time order, and no other event', () => {
    const events = [
      { type: 'disconnect', at: t('09:00:30') },
      { type: 'motion', at: t('09:00:40') },
      { type: 'disconnect', at: t('09:00:30') },
      { type: 'connect', at: t('09:01:00') },
      { type: 'connect', at: t('09:02:00') },
    ];
    const records = announcements(
      'cam',
      range('09:00:00', '09:02:00'),
      [seg('08:00:00', '09:00:30'), seg('09:01:00', '10:00:00')],
      events,
    );
    expect(records).toEqual([
      { type: 'CameraDisconnected', cameraId: 'cam', at: t('09:00:30').toISOString() },
      recording('09:00:00', '09:00:30'),
      { type: 'CameraConnected', cameraId: 'cam', at: t('09:01:00').toISOString() },
      recording('09:01:00', '09:02:00'),
    ]);
  });

  it('announces nothing for an empty range and refuses a range off the minute grid', () => {
    expect(announcements('cam', range('09:00:00', '09:00:00'), [seg('08:00:00', '10:00:00')], [])).toEqual([]);
    expect(() => announcements('cam', range('09:00:30', '09:01:00'), [], [])).toThrow(/minute grid/);
    expect(() => announcements('cam', range('09:02:00', '09:01:00'), [], [])).toThrow(RangeError);
  });

  it('puts a time on the grid', () => {
    expect(sliceStart(t('09:00:59.999').getTime())).toBe(t('09:00:00').getTime());
    expect(sliceStart(t('09:01:00').getTime())).toBe(t('09:01:00').getTime());
    expect(SLICE_MS).toBe(60_000);
  });
});
