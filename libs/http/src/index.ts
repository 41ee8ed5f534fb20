export * from './lib/call-vendor';
export * from './lib/server';
