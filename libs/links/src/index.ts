export * from './lib/link-read-model';
export * from './lib/link-projection';
export * from './lib/link-queries';
