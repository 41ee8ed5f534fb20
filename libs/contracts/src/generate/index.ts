export * from './asyncapi';
export * from './json-schemas';
export * from './generated-files';
