export * from './lib/zod-issues';
export * from './lib/sleep';
