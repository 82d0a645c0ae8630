// Every wait in labcheck has a deadline: a strategy with a limit, never a bare sleep.
export type DeadlineResult<T> =
  | { kind: 'done'; value: T }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'aborted' };

/**
 * Runs fn with a signal that aborts when ms pass or when parent aborts, and returns whichever
 * comes first. fn should honour the signal; if it does not, its late result is ignored.
 */
export async function withDeadline<T>(
  ms: number,
  parent: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<DeadlineResult<T>> {
  if (parent.aborted) return { kind: 'aborted' };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<DeadlineResult<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`deadline of ${ms} ms passed`));
      resolve({ kind: 'timeout', afterMs: ms });
    }, ms);
    onAbort = () => {
      controller.abort(parent.reason);
      resolve({ kind: 'aborted' });
    };
    parent.addEventListener('abort', onAbort, { once: true });
  });
  const work = fn(controller.signal).then((value): DeadlineResult<T> => ({ kind: 'done', value }));
  // A late rejection after the deadline won must not become an unhandled rejection.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) parent.removeEventListener('abort', onAbort);
  }
}

/** Resolves after ms, or rejects as soon as signal aborts: for retry loops that poll with a deadline. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** p, or a rejection as soon as signal aborts (p itself goes on; its result is then not waited for). */
export function orAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Calls probe until it returns a value (not undefined) or the signal aborts; waits `everyMs`
 * between tries. Returns the last undefined as undefined only when aborted.
 */
export async function poll<T>(
  probe: () => Promise<T | undefined>,
  signal: AbortSignal,
  everyMs = 100,
): Promise<T | undefined> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    try {
      await pause(everyMs, signal);
    } catch {
      return undefined;
    }
  }
}

/**
 * A signal that aborts when parent does or when ms pass: what `AbortSignal.any([parent,
 * AbortSignal.timeout(ms)])` promises, without its flaw in Node 20: a timeout signal held only by a
 * composite one may be garbage-collected before it fires, and then the deadline never comes
 * (nodejs/node#57736; 0 of 20 such signals fired after a GC here). A plain timer is held by Node's
 * timer list until it fires or the signal aborts. The timer is unref'd: it never keeps labcheck alive.
 */
export function timeoutSignal(parent: AbortSignal | undefined, ms: number): AbortSignal {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  timer.unref();
  controller.signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
    { once: true },
  );
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return controller.signal;
}
