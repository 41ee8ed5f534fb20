export * from './lib/region/region';
export * from './lib/shared/domain-error';
export * from './lib/shared/command';
export * from './lib/shared/pos';
export * from './lib/terminal-link/terminal-link';
export * from './lib/terminal-link/terminal-link.decider';
export * from './lib/transaction/transaction';
export * from './lib/transaction/transaction.decider';
