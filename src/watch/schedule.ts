// When watch re-checks. Events only say "something happened": the verdict always comes from a
// whole check of the live state. One check at a time; what arrives during one asks for exactly one
// more. Timers are armed only for something due, so an idle watch sleeps (no ticking loop).
import { realTimers, type Timers } from './timers.js';

/** Why a check runs. */
export type Trigger = 'start' | 'event' | 'file' | 'key' | 'settle' | 'poll' | 'reconnect';

export interface ScheduleOptions {
  /** Quiet time after the last event before the check: one `docker run` makes several events. */
  debounceMs: number;
  /** A stream of events that never goes quiet (a build) still gets a check this soon after its first. */
  maxWaitMs: number;
  /** A second look after an event's check: an app that has just started may not answer yet. */
  settleMs: number;
  /** The slow timer, for what makes no event or was missed: its shortest period (0: no slow timer)... */
  pollMinMs: number;
  /** ...doubled after each timer check that changed nothing, up to this. */
  pollMaxMs: number;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = { debounceMs: 100, maxWaitMs: 500, settleMs: 1500, pollMinMs: 10_000, pollMaxMs: 60_000 };

const isChange = (t: Trigger): boolean => t === 'event' || t === 'file';

export class CheckScheduler {
  private running = false;
  /** A check asked for while one runs: exactly one more follows. */
  private again: Trigger | undefined;
  private due: { handle: unknown; trigger: Trigger; firstAt: number } | undefined;
  private settleTimer: unknown;
  private pollTimer: unknown;
  private pollMs: number;
  private paused = false;
  private stopped = false;
  /** How many checks ran, by trigger: for tests and the bench. */
  readonly counts: Record<Trigger, number> = { start: 0, event: 0, file: 0, key: 0, settle: 0, poll: 0, reconnect: 0 };

  /**
   * @param check one whole check; resolves true when what it shows changed. It should not throw:
   *   what it throws goes to onError, and scheduling goes on.
   */
  constructor(
    private readonly check: (trigger: Trigger) => Promise<boolean>,
    private readonly onError: (e: unknown) => void,
    private readonly timers: Timers = realTimers,
    private readonly options: ScheduleOptions = DEFAULT_SCHEDULE,
  ) {
    this.pollMs = options.pollMinMs;
  }

  get busy(): boolean {
    return this.running;
  }

  /** The first check, at once. */
  start(): void {
    this.request('start', 0);
  }

  /** An engine event or a changed file: a check after a quiet moment. */
  changed(trigger: 'event' | 'file'): void {
    this.request(trigger, this.options.debounceMs);
  }

  /** Enter or `r`: a check at once (after the running one, if any). */
  now(trigger: 'key' | 'reconnect' = 'key'): void {
    this.request(trigger, 0);
  }

  /** The engine is gone: no check until resume (the running one finishes). */
  pause(): void {
    this.paused = true;
    this.again = undefined;
    this.clearTimers();
  }

  /** The engine is back: everything is checked again, since events were missed meanwhile. */
  resume(): void {
    this.paused = false;
    this.request('reconnect', 0);
  }

  stop(): void {
    this.stopped = true;
    this.again = undefined;
    this.clearTimers();
  }

  private request(trigger: Trigger, delayMs: number): void {
    if (this.stopped || this.paused) return;
    if (this.running) {
      // An event outranks a key for what follows (the settle look), but either way one more check.
      if (this.again === undefined || isChange(trigger)) this.again = trigger;
      return;
    }
    const merged = this.due && isChange(this.due.trigger) && !isChange(trigger) ? this.due.trigger : trigger;
    if (this.due) this.timers.clear(this.due.handle);
    if (delayMs === 0) {
      this.due = undefined;
      void this.run(merged);
      return;
    }
    const now = this.timers.now();
    const firstAt = this.due?.firstAt ?? now;
    const at = Math.min(now + delayMs, firstAt + this.options.maxWaitMs);
    const handle = this.timers.set(() => void this.run(merged), Math.max(0, at - now));
    this.due = { handle, trigger: merged, firstAt };
  }

  private async run(trigger: Trigger): Promise<void> {
    this.due = undefined;
    this.running = true;
    this.clearTimer('settleTimer');
    this.clearTimer('pollTimer');
    this.counts[trigger] += 1;
    let changed = false;
    try {
      changed = await this.check(trigger);
    } catch (e) {
      this.onError(e);
    }
    this.running = false;
    if (this.stopped || this.paused) return;
    const again = this.again;
    this.again = undefined;
    if (again) return this.request(again, isChange(again) ? this.options.debounceMs : 0);
    // The slow timer slows down while nothing changes, and is brisk again after any activity.
    if (trigger === 'poll' || trigger === 'settle') {
      if (changed) this.pollMs = this.options.pollMinMs;
      else if (trigger === 'poll') this.pollMs = Math.max(this.options.pollMinMs, Math.min(this.pollMs * 2, this.options.pollMaxMs));
    } else {
      this.pollMs = this.options.pollMinMs;
    }
    if (isChange(trigger)) this.settleTimer = this.timers.set(() => this.request('settle', 0), this.options.settleMs);
    if (this.options.pollMinMs > 0) this.pollTimer = this.timers.set(() => this.request('poll', 0), this.pollMs);
  }

  private clearTimer(which: 'settleTimer' | 'pollTimer'): void {
    if (this[which] !== undefined) this.timers.clear(this[which]);
    this[which] = undefined;
  }

  private clearTimers(): void {
    if (this.due) this.timers.clear(this.due.handle);
    this.due = undefined;
    this.clearTimer('settleTimer');
    this.clearTimer('pollTimer');
  }
}
