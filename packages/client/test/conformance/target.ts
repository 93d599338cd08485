import type { ClientOptions, ZooKeeperClient } from '../../src/index';

/**
 * A ZooKeeper service the conformance suite runs against: the real Apache ZooKeeper, our TCP
 * server, or our server through the in-process transport. A factory starts one; the suite
 * only talks to it through this interface.
 */
export interface ConformanceTarget {
  readonly name: string;
  /** host:port[,host:port...] without chroot. */
  readonly connectString: string;
  /** Client options the target needs (e.g. `transport` for the in-process one). */
  readonly clientOptions?: ClientOptions;
  /** Server-side introspection, when the target has it. */
  readonly controls: {
    /** The number of watches the server holds for all sessions (4lw `wchs`). */
    serverWatchCount?(): Promise<number>;
  };
  stop(): Promise<void>;
}

export type TargetFactory = () => Promise<ConformanceTarget>;

export interface SuiteOptions {
  /**
   * Tests this target is known to fail, by name, with the reason: they run as `it.fails`, so
   * the suite stays green while the divergence is tracked, and turns red once it is fixed.
   */
  knownIssues?: Record<string, string>;
}

/** What every suite file receives: the running target and a way to make clients it closes after each test. */
export interface ConformanceContext {
  target(): ConformanceTarget;
  /** A connected client (connect-string suffix e.g. '/chroot'), closed after the test. */
  client(options?: ClientOptions & { chroot?: string }): Promise<ZooKeeperClient>;
  /** Declares a test (marked as an expected failure when the target lists it in knownIssues). */
  it(name: string, fn: () => Promise<void>, timeout?: number): void;
  /** A fresh path prefix for the test, created, unique across the run. */
  scratch(): Promise<string>;
}
