export * from './lib/checkout-mapping';
export type { RetryOptions } from './lib/http';
export * from './lib/ubiregi-oauth';
export * from './lib/ubiregi-client';
export * from './lib/ubiregi-source';
