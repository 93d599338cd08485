export * from './acl-cache';
export * from './authenticate';
export * from './check-permission';
export * from './digest';
export * from './fixup-acl';
export * from './get-acl';
export * from './ip-address';
export * from './schemes';
