export * from './backoff';
export * from './contracts';
export * from './event';
export * from './point';
export * from './sample';
export * from './score';
export * from './series-key';
