export * from './lib/checkout-mapping';
/** Kept for callers of the former Ubiregi-only type: the shared options now. */
export type { PosRetryOptions as RetryOptions } from '@regicam/pos';
export * from './lib/ubiregi-oauth';
export * from './lib/ubiregi-client';
export * from './lib/ubiregi-source';
