export * from './lib/safie-camera-source';
export { ownerMessages as safieOwnerMessages } from './lib/messages';
export { safieTime, readSafieTime, safieWindows } from './lib/time';
