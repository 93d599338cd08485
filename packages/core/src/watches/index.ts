export * from './watch-manager';
export * from './watch-mode';
export * from './watch-table';
