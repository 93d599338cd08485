export * from './acl/index';
export * from './constants';
export * from './errors';
export * from './records';
export * from './sasl/digest-md5';
export * from './tree/index';
export * from './types';
export * from './watches/index';
