/** AbortSignal and per-call retry policies, step by step against a scripted server on a manual clock. */
import { OpCode } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { ConnectionLossError, createClient } from '../src/index';
import { backoffDelay } from '../src/session';
import { ManualEnvironment, settle } from './support/manual-environment';
import { SAMPLE_STAT, ScriptedTransport } from './support/scripted-server';

async function connectedClient() {
  const env = new ManualEnvironment([]);
  const transport = new ScriptedTransport();
  const client = createClient('a:1', {
    transport,
    environment: env,
    sessionTimeout: 6000,
    reconnectDelay: 100,
  });
  const first = await transport.connection(0);
  first.accept({ timeOut: 6000, sessionId: 0x42n });
  await client.connected();
  return { env, transport, client, first };
}

const sentTypes = (requests: { request: { type: number } }[]) => requests.map((r) => r.request.type);

describe('AbortSignal', () => {
  it('an already aborted signal rejects with its reason and sends nothing', async () => {
    const { client, first } = await connectedClient();
    const reason = new Error('not any more');
    await expect(client.getData('/a', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(client.create('/b', 'x', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const aborted = AbortSignal.abort(reason);
    await expect(client.transaction().delete('/a').commit({ signal: aborted })).rejects.toBe(reason);
    await expect(client.ensurePath('/a/b', { signal: aborted })).rejects.toBe(reason);
    await expect(client.put('/a', 'x', { signal: aborted })).rejects.toBe(reason);
    await expect(client.deleteAll('/a', { signal: aborted })).rejects.toBe(reason);
    await expect(client.delete('/a', { signal: aborted })).rejects.toBe(reason);
    await settle();
    expect(first.requests).toHaveLength(0);
  });

  it('a request waiting for a reconnect is dropped when aborted', async () => {
    const { env, transport, client, first } = await connectedClient();
    first.close();
    await settle();
    const controller = new AbortController();
    const queued = client.setData('/a', 'x', { signal: controller.signal }).catch((e: unknown) => e);
    const kept = client.exists('/b');
    controller.abort();
    expect(await queued).toMatchObject({ name: 'AbortError' });
    await env.advance(200);
    const second = await transport.connection(1);
    second.accept({ timeOut: 6000, sessionId: 0x42n });
    const [only] = await second.received(1);
    expect(sentTypes(second.requests)).toEqual([OpCode.exists]);
    second.reply(only!.xid, 5, 0, { type: OpCode.exists, stat: SAMPLE_STAT });
    expect(await kept).toEqual({ stat: SAMPLE_STAT });
  });

  it('a request in flight rejects at once; its late reply is ignored', async () => {
    const { client, first } = await connectedClient();
    const controller = new AbortController();
    const pending = client.getData('/a', { signal: controller.signal }).catch((e: unknown) => e);
    const [sent] = await first.received(1);
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    first.reply(sent!.xid, 5, 0, { type: OpCode.getData, data: new Uint8Array([1]), stat: SAMPLE_STAT });
    await settle();
    // the connection is still in order: the next request is answered as usual
    const next = client.exists('/b');
    const requests = await first.received(2);
    first.reply(requests[1]!.xid, 6, 0, { type: OpCode.exists, stat: SAMPLE_STAT });
    expect(await next).toEqual({ stat: SAMPLE_STAT });
  });
});

describe('per-call retry policy', () => {
  it('a read with retry: { retries: 1 } is re-sent on the next connection though the client has none', async () => {
    const { env, transport, client, first } = await connectedClient();
    const retried = client.getData('/a', { retry: { retries: 1 } });
    const plain = client.getData('/b').catch((e: unknown) => e);
    await first.received(2);
    first.close();
    expect(ConnectionLossError.isInstance(await plain)).toBe(true);
    await env.advance(200);
    const second = await transport.connection(1);
    second.accept({ timeOut: 6000, sessionId: 0x42n });
    const [again] = await second.received(1);
    expect(again?.request).toMatchObject({ type: OpCode.getData, path: '/a' });
    second.reply(again!.xid, 5, 0, { type: OpCode.getData, data: new Uint8Array([7]), stat: SAMPLE_STAT });
    expect([...(await retried).data]).toEqual([7]);
    expect(second.requests).toHaveLength(1);
  });
});

describe('retry backoff', () => {
  it('backoffDelay is exponential, jittered into [½, 1] of its ceiling, and bounded by maxDelay', () => {
    const policy = { baseDelay: 100, maxDelay: 1000 };
    expect(backoffDelay(policy, 0, () => 0)).toBe(50);
    expect(backoffDelay(policy, 0, () => 0.999_999)).toBeCloseTo(100, 3);
    expect(backoffDelay(policy, 3, () => 0)).toBe(400);
    expect(backoffDelay(policy, 10, () => 0.999_999)).toBeCloseTo(1000, 2);
  });

  it('with a baseDelay, a retried read waits out its backoff before it is re-sent', async () => {
    const env = new ManualEnvironment([]); // random() = 0.5: delay = ¾ of the ceiling
    const transport = new ScriptedTransport();
    const client = createClient('a:1', {
      transport,
      environment: env,
      sessionTimeout: 6000,
      reconnectDelay: 100,
      retry: { retries: 2, baseDelay: 1000, maxDelay: 5000 },
    });
    const first = await transport.connection(0);
    first.accept({ timeOut: 6000, sessionId: 0x42n });
    await client.connected();
    const read = client.getData('/a');
    await first.received(1);
    first.close();
    await env.advance(200);
    const second = await transport.connection(1);
    second.accept({ timeOut: 6000, sessionId: 0x42n });
    await settle();
    expect(second.requests).toHaveLength(0); // still backing off (750 ms)
    await env.advance(600);
    const [again] = await second.received(1);
    expect(again?.request).toMatchObject({ type: OpCode.getData, path: '/a' });
    second.reply(again!.xid, 5, 0, { type: OpCode.getData, data: new Uint8Array([3]), stat: SAMPLE_STAT });
    expect([...(await read).data]).toEqual([3]);
  });
});
