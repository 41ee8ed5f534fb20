export * from './lib/picture/make-thumbnails';
