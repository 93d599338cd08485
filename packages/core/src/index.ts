export * from './acl/index';
export * from './constants';
export * from './errors';
export * from './records';
export * from './types';
export * from './watches/index';
export * from './tree/index';
