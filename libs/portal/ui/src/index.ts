export * from './lib/region-picker/region-geometry';
export * from './lib/region-picker/region-picker';
export * from './lib/audit-filters/audit-filter';
export * from './lib/audit-filters/audit-filters';
export * from './lib/confirm-dialog/confirm-dialog';
