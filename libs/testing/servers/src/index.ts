export * from './lib/servers';
export * from './lib/child-process';
