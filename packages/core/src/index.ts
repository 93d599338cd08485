export * from './constants';
export * from './errors';
export * from './records';
export * from './types';
