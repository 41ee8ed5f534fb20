export * from './lib/role';
export * from './lib/status-board';
export * from './lib/claimed-role';
export * from './lib/projector-role';
export * from './lib/system-health';
export * from './lib/keyed-schedule';
