/**
 * Connection limits: with maxClientCnxns=3 the fourth and fifth connections from one address
 * are closed during the handshake; closing one frees a slot.
 */
import type { RawClient } from '../support/raw-client';
import type { Scenario } from './harness';
import { differentialSuite } from './suite';

const perAddressLimit: Scenario = {
  name: 'maxClientCnxns limits concurrent connections per client address',
  async run(ctx) {
    const opened: RawClient[] = [];
    for (let i = 0; i < 5; i++) {
      const outcome = await ctx.session(`c${i}`, { connectTimeoutMs: 5000, record: false }).then(
        (client) => {
          opened.push(client);
          return 'session';
        },
        () => 'closed during the handshake',
      );
      ctx.note(`connection ${i}`, outcome);
    }
    await opened[0]?.close();
    // The server may notice the close a moment later: retry briefly before giving up.
    let outcome = 'closed during the handshake';
    for (let attempt = 0; attempt < 20 && outcome !== 'session'; attempt++) {
      outcome = await ctx.session('after', { connectTimeoutMs: 5000, record: false }).then(
        () => 'session',
        () => 'closed during the handshake',
      );
      if (outcome !== 'session') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    ctx.note('after closing one', outcome);
  },
};

await differentialSuite('differential: limits (maxClientCnxns 3)', [perAddressLimit], { maxClientCnxns: 3 });
