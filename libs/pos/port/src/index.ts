export * from './lib/pos';
