export * from './lib/shared/store-day';
export * from './lib/shared/faults';
export * from './lib/shared/day-summary';
export * from './lib/smaregi/smaregi-simulator';
export * from './lib/ubiregi/ubiregi-simulator';
export * from './lib/pos-simulator';
