/** The clock watch schedules with: the real one, or a fake in tests. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

/** Waits before the attempt-th reconnection (0-based): 250 ms doubling up to 5 s, so a restarting engine is found within seconds and a gone one costs nothing. */
export function reconnectDelay(attempt: number, firstMs = 250, maxMs = 5000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 20));
}
