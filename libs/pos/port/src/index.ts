export * from './lib/pos';
export * from './lib/http';
