export * from './lib/store-config';
export * from './lib/open-stores';
