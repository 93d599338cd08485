// forceSync off hands log writes to the OS without fsync, so a power cut may lose acknowledged
// writes; but it must still lose only a suffix. Each sealed segment is fsynced once when the log
// rolls to the next one, so an older segment can never be torn while a newer one survived
// (which recovery would have to refuse as mid-log damage).
import { describe, expect, it } from 'vitest';
import { createFaultyStorage, seededRandom } from '../src/index';
import { collect, entry, payloadFor, testSeed } from './helpers';

const quiet = () => {};

describe('forceSync off and a power cut', () => {
  it('loses at most a suffix of the log, never an older segment under a surviving newer one', async () => {
    const { random: seeds } = testSeed('force-sync-off');
    // rounds in which entries of the third segment survived: the case that used to fail
    let newestSurvived = 0;
    for (let round = 0; round < 60; round++) {
      const seed = Math.floor(seeds() * 2 ** 31);
      const random = seededRandom(seed);
      const storage = await createFaultyStorage({
        random,
        forceSync: false,
        faultRates: { 'crash-torn-write': 0.5 },
        warn: quiet,
      });
      let zxid = 0;
      // three segments, several group writes each
      for (let segment = 0; segment < 3; segment++) {
        for (let batch = 0; batch < 4; batch++) {
          for (let i = 0; i < 5; i++) storage.log.append(entry(++zxid, 200));
          await storage.log.flush();
        }
        storage.log.roll();
      }
      storage.disk.crash();
      const reopened = await createFaultyStorage({
        random,
        disk: storage.disk,
        forceSync: false,
        warn: quiet,
      });
      const recovered = await collect(reopened.log.readAfter(0));
      const zxids = recovered.map((e) => e.zxid);
      expect(zxids, `seed ${seed}`).toEqual(Array.from({ length: zxids.length }, (_, i) => i + 1));
      for (const e of recovered) expect(e.data).toEqual(payloadFor(e.zxid, 200));
      if (zxids.length > 40) newestSurvived++;
      await reopened.close();
    }
    expect(newestSurvived).toBeGreaterThan(0);
  });
});
