export * from './lib/relay';
