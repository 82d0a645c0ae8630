import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CheckScheduler, DEFAULT_SCHEDULE, type Trigger } from '../../src/watch/schedule.js';

// Fake clock: time moves only when a test advances it, so every instant below is exact.
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

interface Run {
  trigger: Trigger;
  at: number;
}

/** A scheduler whose check records when it ran; each check takes `takesMs` and reports `changed()`. */
function setup(options: { takesMs?: number; changed?: (n: number) => boolean; throws?: boolean; pollMinMs?: number } = {}) {
  const runs: Run[] = [];
  const errors: unknown[] = [];
  let running = 0;
  let most = 0;
  const scheduler = new CheckScheduler(
    async (trigger) => {
      runs.push({ trigger, at: Date.now() });
      running += 1;
      most = Math.max(most, running);
      if (options.takesMs) await new Promise((resolve) => setTimeout(resolve, options.takesMs));
      running -= 1;
      if (options.throws) throw new Error('boom');
      return options.changed?.(runs.length) ?? false;
    },
    (e) => errors.push(e),
    undefined,
    { ...DEFAULT_SCHEDULE, ...(options.pollMinMs !== undefined ? { pollMinMs: options.pollMinMs } : {}) },
  );
  return { scheduler, runs, errors, most: () => most };
}

const at = (runs: Run[]) => runs.map((r) => `${r.trigger}@${r.at}`);

describe('CheckScheduler', () => {
  it('checks everything at start, then sleeps until the slow timer', async () => {
    const { scheduler, runs } = setup();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(9999);
    expect(at(runs)).toEqual(['start@0']);
    // Idle: one timer armed (the slow one), nothing ticking.
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(at(runs)).toEqual(['start@0', 'poll@10000']);
    scheduler.stop();
  });

  it('the slow timer doubles while nothing changes, up to a minute, and is brisk again after a change', async () => {
    const { scheduler, runs } = setup({ changed: (n) => n === 5 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000 + 20_000 + 40_000 + 60_000 + 10_000);
    expect(at(runs)).toEqual(['start@0', 'poll@10000', 'poll@30000', 'poll@70000', 'poll@130000', 'poll@140000']);
    scheduler.stop();
  });

  it('no slow timer when its period is 0: idle means no timer at all', async () => {
    const { scheduler, runs } = setup({ pollMinMs: 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(at(runs)).toEqual(['start@0']);
    scheduler.changed('event');
    await vi.advanceTimersByTimeAsync(100 + 1500);
    expect(at(runs)).toEqual(['start@0', 'event@600100', 'settle@601600']);
    expect(vi.getTimerCount()).toBe(0);
    scheduler.stop();
  });

  it('debounces a burst of events into one check after the last is quiet', async () => {
    const { scheduler, runs } = setup();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    for (let i = 0; i < 3; i++) {
      scheduler.changed('event');
      await vi.advanceTimersByTimeAsync(50);
    }
    // Last event at 1100; quiet for 100 ms → 1200.
    await vi.advanceTimersByTimeAsync(200);
    expect(at(runs)).toEqual(['start@0', 'event@1200']);
    scheduler.stop();
  });

  it('a stream of events that never goes quiet still gets a check within maxWait of its first', async () => {
    const { scheduler, runs } = setup();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    for (let i = 0; i < 10; i++) {
      scheduler.changed('event');
      await vi.advanceTimersByTimeAsync(80);
    }
    expect(at(runs).slice(0, 2)).toEqual(['start@0', `event@${1000 + DEFAULT_SCHEDULE.maxWaitMs}`]);
    scheduler.stop();
  });

  it('after an event check, one more look when things have settled', async () => {
    const { scheduler, runs } = setup();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    scheduler.changed('file');
    await vi.advanceTimersByTimeAsync(100 + 1500);
    expect(at(runs)).toEqual(['start@0', 'file@1100', 'settle@2600']);
    // The settle look does not ask for another.
    await vi.advanceTimersByTimeAsync(9999);
    expect(runs).toHaveLength(3);
    scheduler.stop();
  });

  it('one check at a time: events during one ask for exactly one more, after it', async () => {
    const { scheduler, runs, most } = setup({ takesMs: 1000 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    for (let i = 0; i < 5; i++) scheduler.changed('event');
    scheduler.now('key');
    await vi.advanceTimersByTimeAsync(900 + 100 + 1000);
    expect(at(runs)).toEqual(['start@0', 'event@1100']);
    expect(most()).toBe(1);
    scheduler.stop();
  });

  it('Enter or r checks at once, without the debounce', async () => {
    const { scheduler, runs } = setup();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3000);
    scheduler.now('key');
    await vi.advanceTimersByTimeAsync(0);
    expect(at(runs)).toEqual(['start@0', 'key@3000']);
    scheduler.stop();
  });

  it('paused (engine gone): no check, no timer; resumed: everything checked at once', async () => {
    const { scheduler, runs } = setup();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    scheduler.pause();
    expect(vi.getTimerCount()).toBe(0);
    scheduler.changed('event');
    scheduler.now('key');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(at(runs)).toEqual(['start@0']);
    scheduler.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(at(runs)).toEqual(['start@0', 'reconnect@121000']);
    scheduler.stop();
  });

  it('stopped: nothing more runs and no timer is left', async () => {
    const { scheduler, runs } = setup();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    scheduler.changed('event');
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(at(runs)).toEqual(['start@0']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a check that throws goes to onError and watching goes on', async () => {
    const { scheduler, runs, errors } = setup({ throws: true });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(errors).toHaveLength(2);
    expect(at(runs)).toEqual(['start@0', 'poll@10000']);
    scheduler.stop();
  });

  it('counts the checks by what triggered them', async () => {
    const { scheduler } = setup();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    scheduler.changed('event');
    await vi.advanceTimersByTimeAsync(2000);
    expect(scheduler.counts).toMatchObject({ start: 1, event: 1, settle: 1, poll: 0 });
    scheduler.stop();
  });
});
