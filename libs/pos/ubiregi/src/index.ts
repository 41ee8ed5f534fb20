export * from './lib/checkout-mapping';
export * from './lib/ubiregi-oauth';
export * from './lib/ubiregi-client';
export * from './lib/ubiregi-source';
