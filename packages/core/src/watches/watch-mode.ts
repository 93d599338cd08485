/**
 * How a watch behaves once it fires (ZooKeeper's WatcherMode). STANDARD watches are one-shot;
 * PERSISTENT ones stay and see their own path (and, in the child table, its children changing);
 * PERSISTENT_RECURSIVE ones stay and also see every descendant, but never NodeChildrenChanged.
 */
export const WatchMode = {
  STANDARD: 0,
  PERSISTENT: 1,
  PERSISTENT_RECURSIVE: 2,
} as const;
export type WatchMode = (typeof WatchMode)[keyof typeof WatchMode];
