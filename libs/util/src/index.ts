export * from './lib/zod-issues';
