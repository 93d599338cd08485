import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/index';

describe('ManualClock', () => {
  it('fires due timers in time order, ties in the order they were set, and skips cleared ones', async () => {
    const clock = new ManualClock({ startTime: 0 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 20);
    const cleared = clock.setTimeout(() => fired.push('cleared'), 15);
    clock.clearTimeout(cleared);
    clock.setTimeout(() => fired.push('later'), 31);

    await clock.advance(30);

    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(30);
    expect(clock.pendingTimers).toBe(1);
    expect(clock.nextTimerAt).toBe(31);
  });

  it('fires a timer set by a timer within the same advance when it falls due', async () => {
    const clock = new ManualClock({ startTime: 0 });
    const fired: number[] = [];
    const every10 = () => {
      fired.push(clock.now());
      clock.setTimeout(every10, 10);
    };
    clock.setTimeout(every10, 10);
    await clock.advance(35);
    expect(fired).toEqual([10, 20, 30]);
  });

  it('lets promises and event-loop work settle between timers', async () => {
    const clock = new ManualClock({ startTime: 0 });
    const order: string[] = [];
    clock.setTimeout(() => {
      order.push('first');
      setImmediate(() => order.push('work of first'));
    }, 1);
    clock.setTimeout(() => order.push('second'), 2);
    await clock.advance(2);
    expect(order).toEqual(['first', 'work of first', 'second']);
  });

  it('draws the same random sequence from the same seed', () => {
    const draw = (seed: number) => {
      const clock = new ManualClock({ seed });
      return Array.from({ length: 5 }, () => clock.random());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const value of draw(3)) expect(value >= 0 && value < 1).toBe(true);
  });

  it('refuses to go back in time', async () => {
    await expect(new ManualClock().advance(-1)).rejects.toThrow(RangeError);
  });
});
