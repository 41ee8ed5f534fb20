export * from './lib/pipeline-world';
