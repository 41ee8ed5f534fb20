import { DEFAULT_JOIN_SETTINGS, loadJoinSettings } from './join-settings';

describe('loadJoinSettings', () => {
  it('defaults to ±2 s, a 10 s grace and a 10 minute buffer', () => {
    expect(loadJoinSettings({})).toEqual(DEFAULT_JOIN_SETTINGS);
    expect(DEFAULT_JOIN_SETTINGS).toMatchObject({ toleranceMs: 2000, graceMs: 10_000, bufferWindowMs: 600_000 });
  });

  it('reads the JOIN_ variables', () => {
    expect(
      loadJoinSettings({
        JOIN_TOLERANCE_MS: '1500',
        JOIN_GRACE_MS: '20000',
        JOIN_BUFFER_WINDOW_MS: '300000',
        JOIN_MAX_FRAMES_PER_CAMERA: '600',
        JOIN_MAX_PENDING_PER_CAMERA: '50',
      }),
    ).toEqual({
      toleranceMs: 1500,
      graceMs: 20_000,
      bufferWindowMs: 300_000,
      maxFramesPerCamera: 600,
      maxPendingPerCamera: 50,
    });
  });

  it('refuses a wrong value, naming the variable', () => {
    expect(() => loadJoinSettings({ JOIN_GRACE_MS: 'soon' })).toThrow(/JOIN_GRACE_MS/);
    expect(() => loadJoinSettings({ JOIN_TOLERANCE_MS: '-1' })).toThrow(/JOIN_TOLERANCE_MS/);
    expect(() => loadJoinSettings({ JOIN_BUFFER_WINDOW_MS: '1000' })).toThrow(/JOIN_BUFFER_WINDOW_MS/);
  });
});
