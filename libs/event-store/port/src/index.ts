export * from './lib/event-store';
export * from './lib/append-input';
export * from './lib/read-input';
export * from './lib/subscription';
