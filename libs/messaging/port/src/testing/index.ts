export { messageLogContract } from './message-log.contract';
export { type MessageLogHarness, until } from './context';
