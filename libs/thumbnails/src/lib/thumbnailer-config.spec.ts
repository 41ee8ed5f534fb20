import { availableParallelism } from 'node:os';
import { topicNames } from '@regicam/contracts';
import { loadThumbnailerConfig } from './thumbnailer-config';
import { thumbnailerGroupId } from './thumbnailer-role';

describe('loadThumbnailerConfig', () => {
  it('keeps thumbnails 400 days, asks for a recording over 2 minutes, makes four pictures at once per core', () => {
    expect(loadThumbnailerConfig({})).toEqual({
      retentionMs: 400 * 86_400_000,
      recordingRetry: { windowMs: 120_000, firstDelayMs: 2_000, maxDelayMs: 15_000 },
      concurrency: 4 * availableParallelism(),
      ioConcurrency: 8 * availableParallelism(),
      maxPending: 64,
      sweepIntervalMs: 600_000,
    });
  });

  it('reads the variables', () => {
    const config = loadThumbnailerConfig({
      THUMBNAIL_RETENTION_DAYS: '3650',
      THUMBNAIL_RECORDING_WINDOW_MS: '300000',
      THUMBNAIL_CONCURRENCY: '4',
      THUMBNAIL_MAX_PENDING: '200',
      BLOB_SWEEP_INTERVAL_MS: '60000',
    });
    expect(config).toMatchObject({
      retentionMs: 3650 * 86_400_000,
      concurrency: 4,
      ioConcurrency: 8,
      maxPending: 200,
    });
    expect(loadThumbnailerConfig({ THUMBNAIL_IO_CONCURRENCY: '3' }).ioConcurrency).toBe(3);
    expect(config.recordingRetry.windowMs).toBe(300_000);
  });

  it('names a wrong variable', () => {
    expect(() => loadThumbnailerConfig({ THUMBNAIL_RETENTION_DAYS: '0' })).toThrow(/THUMBNAIL_RETENTION_DAYS/);
    expect(() => loadThumbnailerConfig({ THUMBNAIL_CONCURRENCY: 'two' })).toThrow(/THUMBNAIL_CONCURRENCY/);
  });
});

describe('thumbnailerGroupId', () => {
  it("carries the installation's topic prefix, so that installations on one cluster never share the group", () => {
    expect(thumbnailerGroupId(topicNames(''))).toBe('regicam-thumbnailer');
    expect(thumbnailerGroupId(topicNames('staging.'))).toBe('staging.regicam-thumbnailer');
  });
});
