import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { type ClientOptions, createClient, type ZooKeeperClient } from '../../src/index';
import { defineArgumentTests } from './arguments';
import { defineAuthTests } from './auth';
import { defineChrootTests } from './chroot';
import { defineCreateModeTests } from './create-modes';
import { defineErrorTests } from './errors';
import { defineMultiTests } from './multi';
import { defineOperationTests } from './operations';
import { definePersistentWatchTests } from './persistent-watches';
import { defineSessionTests } from './session';
import type { ConformanceContext, ConformanceTarget, SuiteOptions, TargetFactory } from './target';
import { defineTreeOperationTests } from './tree-operations';
import { defineWatchTests } from './watches';

let scratchCounter = 0;

/**
 * The client conformance suite, written once: call it with one more factory to run it against
 * another ZooKeeper implementation or transport.
 */
export function defineConformanceSuite(
  name: string,
  factory: TargetFactory,
  options: SuiteOptions = {},
): void {
  const knownIssues = new Map(Object.entries(options.knownIssues ?? {}));
  describe(`client conformance: ${name}`, () => {
    let target: ConformanceTarget | undefined;
    let admin: ZooKeeperClient | undefined;
    const clients: ZooKeeperClient[] = [];

    beforeAll(async () => {
      target = await factory();
      admin = createClient(target.connectString, { ...target.clientOptions, sessionTimeout: 10_000 });
      await admin.connected();
    }, 60_000);

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });

    afterAll(async () => {
      await admin?.close();
      await target?.stop();
    });

    const context: ConformanceContext = {
      target: () => {
        if (!target) throw new Error('the target did not start');
        return target;
      },
      async client(options: ClientOptions & { chroot?: string } = {}) {
        const { chroot = '', ...rest } = options;
        const running = context.target();
        const client = createClient(running.connectString + chroot, {
          sessionTimeout: 10_000,
          ...running.clientOptions,
          ...rest,
        });
        clients.push(client);
        await client.connected();
        return client;
      },
      it(testName, fn, timeout) {
        const issue = knownIssues.get(testName);
        if (issue === undefined) it(testName, fn, timeout);
        else it.fails(`${testName} [known issue: ${issue}]`, fn, timeout);
      },
      async scratch() {
        const path = `/conformance-${process.pid}-${++scratchCounter}`;
        await admin!.create(path);
        return path;
      },
    };

    defineOperationTests(context);
    defineCreateModeTests(context);
    defineErrorTests(context);
    defineWatchTests(context);
    definePersistentWatchTests(context);
    defineMultiTests(context);
    defineAuthTests(context);
    defineChrootTests(context);
    defineArgumentTests(context);
    defineTreeOperationTests(context);
    defineSessionTests(context);
  });
}
