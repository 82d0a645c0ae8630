import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pause, poll, timeoutSignal, withDeadline } from '../../src/engine/deadline.js';

const never = () => new AbortController().signal;

describe('withDeadline', () => {
  it('returns the value when the work finishes first', async () => {
    expect(await withDeadline(1000, never(), async () => 42)).toEqual({ kind: 'done', value: 42 });
  });

  it('reports a timeout and aborts the signal it gave the work', async () => {
    let seen: AbortSignal | undefined;
    const result = await withDeadline(20, never(), (signal) => {
      seen = signal;
      return new Promise(() => undefined);
    });
    expect(result).toEqual({ kind: 'timeout', afterMs: 20 });
    expect(seen?.aborted).toBe(true);
  });

  it('reports an abort of the parent (Ctrl-C) as aborted', async () => {
    const parent = new AbortController();
    setTimeout(() => parent.abort(), 10);
    expect(await withDeadline(10_000, parent.signal, () => new Promise(() => undefined))).toEqual({ kind: 'aborted' });
  });

  it('passes a rejection through to the caller', async () => {
    await expect(withDeadline(1000, never(), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});

describe('poll and pause', () => {
  it('poll returns the first defined value', async () => {
    let n = 0;
    expect(await poll(async () => (++n >= 3 ? n : undefined), never(), 1)).toBe(3);
  });

  it('poll gives up with undefined when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(await poll(async () => undefined, controller.signal, 5)).toBeUndefined();
  });

  it('pause rejects at once on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(pause(10_000, controller.signal)).rejects.toThrow('stop');
  });
});

describe('timeoutSignal', () => {
  // The flaw it avoids shows only after a garbage collection: force some.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  it('aborts at its deadline even when nothing else holds it and the heap is collected', async () => {
    const parent = new AbortController().signal;
    let fired = 0;
    for (let i = 0; i < 20; i++) timeoutSignal(parent, 50).addEventListener('abort', () => fired++);
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fired).toBe(20);
  });

  it('says it timed out, as AbortSignal.timeout does', async () => {
    const signal = timeoutSignal(undefined, 10);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('aborts with the parent, at once and with its reason, and also when the parent had already aborted', () => {
    const controller = new AbortController();
    const signal = timeoutSignal(controller.signal, 60_000);
    expect(signal.aborted).toBe(false);
    controller.abort(new Error('Ctrl-C'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('Ctrl-C');
    expect(timeoutSignal(controller.signal, 60_000).aborted).toBe(true);
  });
});
