/** Curator's guaranteed delete, step by step against a scripted server on a manual clock. */
import { OpCode } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { ConnectionLossError, createClient } from '../src/index';
import { ManualEnvironment, settle } from './support/manual-environment';
import { ScriptedTransport } from './support/scripted-server';

function setup() {
  const env = new ManualEnvironment([]);
  const transport = new ScriptedTransport();
  const client = createClient('a:1', {
    transport,
    environment: env,
    sessionTimeout: 6000,
    reconnectDelay: 100,
  });
  return { env, transport, client };
}

describe('delete(path, { guaranteed: true })', () => {
  it('after a connection loss, deletes again on the next connection until the server says done', async () => {
    const { env, transport, client } = setup();
    const first = await transport.connection(0);
    first.accept({ timeOut: 6000, sessionId: 0x42n });
    await client.connected();
    const deleting = client.delete('/lock', { guaranteed: true }).catch((e: unknown) => e);
    const [sent] = await first.received(1);
    expect(sent?.request).toMatchObject({ type: OpCode.delete, path: '/lock' });
    first.close(); // the reply never comes: was it applied? the caller cannot know
    expect(ConnectionLossError.isInstance(await deleting)).toBe(true);
    await env.advance(200);
    const second = await transport.connection(1);
    second.accept({ timeOut: 6000, sessionId: 0x42n });
    const [again] = await second.received(1);
    expect(again?.request).toMatchObject({ type: OpCode.delete, path: '/lock', version: -1 });
    second.reply(again!.xid, 7, -101); // NONODE: the first one had been applied; done
    await settle();
    await env.advance(1000);
    expect(second.requests.filter((r) => r.request.type === OpCode.delete)).toHaveLength(1);
    const closing = client.close();
    await env.advance(3000); // nothing answers the closeSession
    await closing;
  });

  it('without guaranteed, nothing is re-sent', async () => {
    const { env, transport, client } = setup();
    const first = await transport.connection(0);
    first.accept({ timeOut: 6000, sessionId: 0x42n });
    await client.connected();
    const deleting = client.delete('/lock').catch((e: unknown) => e);
    await first.received(1);
    first.close();
    expect(ConnectionLossError.isInstance(await deleting)).toBe(true);
    await env.advance(200);
    const second = await transport.connection(1);
    second.accept({ timeOut: 6000, sessionId: 0x42n });
    await settle();
    await env.advance(1000);
    expect(second.requests.filter((r) => r.request.type === OpCode.delete)).toHaveLength(0);
  });
});
