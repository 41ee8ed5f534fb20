export * from './lib/call-vendor';
