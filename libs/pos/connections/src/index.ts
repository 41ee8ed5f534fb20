export * from './lib/pos-config';
export * from './lib/credentials';
export * from './lib/ubiregi-grants';
export * from './lib/pos-connectors';
export * from './lib/poll-targets';
export * from './lib/smaregi-receiver';
