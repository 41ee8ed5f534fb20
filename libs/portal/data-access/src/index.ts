export * from './lib/health-api';
