export * from './lib/picture/make-thumbnails';
export * from './lib/partition-progress';
export * from './lib/recorded-picture';
export * from './lib/thumbnail-blobs';
export * from './lib/process-job';
export * from './lib/work-slots';
export * from './lib/thumbnailer-role';
export * from './lib/thumbnailer-config';
