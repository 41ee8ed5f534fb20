export * from './lib/region/region';
