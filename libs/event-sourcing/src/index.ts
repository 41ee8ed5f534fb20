export * from './lib/checkpointed-subscriber';
export * from './lib/projector';
export * from './lib/handle-command';
export * from './lib/replay';
