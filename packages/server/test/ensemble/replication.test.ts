import { afterEach, describe, expect, it } from 'vitest';
import { TestEnsemble } from './in-process-ensemble';

describe('a 3-member in-process ensemble', () => {
  let ensemble: TestEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.close();
    ensemble = undefined;
  });

  it('elects one leader, and a write sent to a follower is readable on every member', async () => {
    ensemble = await TestEnsemble.start(3);
    const leader = await ensemble.settled();
    const followers = ensemble.ids.filter((id) => id !== leader.id);
    expect(followers.map((id) => ensemble!.member(id).host.role)).toEqual(['follower', 'follower']);

    const writer = ensemble.client([followers[0]!]);
    await writer.connected();
    await writer.create('/a', 'from a follower');
    for (const id of ensemble.ids) {
      const reader = ensemble.client([id]);
      await reader.connected();
      await reader.sync('/a');
      expect(await reader.getData('/a', { encoding: 'utf8' })).toMatchObject({ data: 'from a follower' });
    }
  });
});
