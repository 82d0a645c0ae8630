// What an app printed because of one request, told apart from what it printed anyway: read its log,
// wait a little without asking anything, make the request, read again. Timestamps are the engine's
// own (docker logs --timestamps), so no clock but the engine's is trusted.
import type { Docker } from '../src/docker/api.js';
import { readLogs } from '../src/docker/logs.js';
import { pause, timeoutSignal } from '../src/engine/deadline.js';
import { getOnce, type HttpOutcome } from './http.js';

export interface LogLine {
  /** The engine's time of the line, in nanoseconds since the epoch. */
  at: bigint;
  text: string;
}

export interface RequestLog {
  /** What the app printed before labcheck's request: start-up output and any earlier requests'. */
  before: string[];
  /** Bytes of the log before the request that a bounded read did not keep. */
  beforeDropped: number;
  /** What it printed while labcheck waited and asked nothing. */
  unasked: string[];
  /** What labcheck's GET of / got. */
  request: HttpOutcome;
  /** What it printed after the request, in order. */
  after: string[];
  /** Bytes printed after the request that the bounded reads did not keep (a flood). */
  afterDropped: number;
  /** The lines of `after` written because of the request: none of a kind it also printed unasked. */
  forRequest: string[];
}

export interface ObserveOptions {
  signal: AbortSignal;
  /** Where the published port is reached (AppHost.address); 127.0.0.1 by default. */
  host?: string;
  tty?: boolean;
  /** Done between the first read and the request (the run's docker ps and inspect); asks the app nothing. */
  between?: () => Promise<void>;
  /** How long, at least, to wait asking nothing (with `between`, counting its time). */
  quietMs?: number;
  /** How long the request's lines may take to reach the log. */
  logWaitMs?: number;
  /** Told just before the request is made (a progress line). */
  onRequest?: () => void;
}

const LOG_BYTES = 256 * 1024;
/**
 * The engine copies an app's output into its log a little after the app writes it (more under load),
 * so a line of an earlier request can show up after the first read. The quiet window starts once two
 * reads this far apart agree, within SETTLE_BUDGET_MS: an app that keeps printing never settles, and
 * what it prints in the window is then its own, unasked.
 */
const SETTLE_MS = 50;
const SETTLE_BUDGET_MS = 1000;
/** Long enough to catch an app that prints request-like lines on a timer; longer than an app takes to log a request. */
const QUIET_MS = 150;
const LOG_WAIT_MS = 2000;
const POLL_MS = 25;
const REQUEST_MS = 5000;

const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) ?(.*)$/;

/** The engine's RFC 3339 time of a `docker logs --timestamps` line, in nanoseconds; undefined when it has none. */
export function parseStamped(line: string): LogLine | undefined {
  const m = STAMPED.exec(line);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}${m[3]}`) / 1000;
  if (!Number.isFinite(seconds)) return undefined;
  return { at: BigInt(seconds) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0')), text: m[4] ?? '' };
}

/** What a bounded read puts where it left bytes out (src/docker/bounded.ts). */
const LEFT_OUT = /\n… \[\d+ bytes not kept\] …\n/;

/**
 * Lines of a timestamped log, without the engine's stamps. Where a bounded read left bytes out, the
 * line cut at the end of what it kept is left out too (a piece of a line is not a line the app
 * wrote), as are lines without a stamp (the piece after the cut, the marker).
 */
export function stampedLines(text: string): LogLine[] {
  const cut = LEFT_OUT.exec(text);
  const whole = cut ? `${text.slice(0, text.lastIndexOf('\n', cut.index - 1) + 1)}${text.slice(cut.index + cut[0].length)}` : text;
  return whole
    .split(/\r?\n/)
    .map(parseStamped)
    .filter((l): l is LogLine => l !== undefined);
}

/** The `since` argument of the logs API for a time in nanoseconds: seconds with a nine-digit fraction. */
export const sinceArg = (at: bigint): string => `${at / 1_000_000_000n}.${String(at % 1_000_000_000n).padStart(9, '0')}`;

/** A line's kind, with numbers, ids and addresses masked: `tick 5` and `tick 6` are one kind. */
export const kindOf = (line: string): string =>
  line
    .trim()
    .toLowerCase()
    .replace(/[0-9a-f]{8,}/g, '#')
    .replace(/\d+/g, '#');

/** The lines written for the request: those of a kind the app did not also print while nobody asked. */
export function linesForRequest(after: readonly string[], unasked: readonly string[]): string[] {
  const anyway = new Set(unasked.map(kindOf));
  return after.filter((l) => l.trim() && !anyway.has(kindOf(l)));
}

/**
 * Where a read of the log ended: the time of the last line read and how many lines of exactly that time
 * were read. Podman stamps lines to the second only (its compat logs API, where Docker gives nanoseconds),
 * so several lines share a time and a later read must skip only those already seen.
 */
export interface LogMark {
  at: bigint;
  seen: number;
}

/** The mark after reading `lines` (all after `mark`, in order). */
export function advance(mark: LogMark | undefined, lines: readonly LogLine[]): LogMark | undefined {
  const last = lines.at(-1);
  if (!last) return mark;
  const same = lines.filter((l) => l.at === last.at).length;
  return { at: last.at, seen: same + (mark?.at === last.at ? mark.seen : 0) };
}

/** The lines after the mark, of a read that started at its time (both engines include lines of exactly `since`). */
export function linesAfter(lines: readonly LogLine[], mark: LogMark | undefined): LogLine[] {
  if (!mark) return [...lines];
  let skip = mark.seen;
  return lines.filter((l) => {
    if (l.at < mark.at) return false;
    if (l.at > mark.at) return true;
    return skip-- <= 0;
  });
}

async function readSince(docker: Docker, id: string, mark: LogMark | undefined, options: ObserveOptions): Promise<{ lines: LogLine[]; dropped: number }> {
  const { text, droppedBytes } = await readLogs(docker, id, {
    maxBytes: LOG_BYTES,
    signal: options.signal,
    tty: options.tty,
    timestamps: true,
    ...(mark !== undefined ? { since: sinceArg(mark.at) } : {}),
  });
  return { lines: linesAfter(stampedLines(text), mark), dropped: droppedBytes };
}

/**
 * Reads the log, waits asking nothing (or does `between`), reads what came meanwhile, GETs / on
 * host:port (127.0.0.1 for a local engine), then reads what the app added until it stops adding (within logWaitMs). Every
 * wait is bounded by the signal.
 */
export async function observeRequest(docker: Docker, id: string, port: number, options: ObserveOptions): Promise<RequestLog> {
  const first = await readSince(docker, id, undefined, options);
  let seen = advance(undefined, first.lines);
  await options.between?.();
  // Output of earlier requests still on its way into the log belongs before the window, not in it.
  const settleUntil = performance.now() + SETTLE_BUDGET_MS;
  let late: LogLine[] = [];
  for (;;) {
    await pause(SETTLE_MS, options.signal);
    const more = await readSince(docker, id, seen, options);
    if (more.lines.length === 0 || performance.now() >= settleUntil) break;
    late = [...late, ...more.lines];
    seen = advance(seen, more.lines);
  }
  const settled = [...first.lines, ...late];
  await pause(options.quietMs ?? QUIET_MS, options.signal);
  const quiet = await readSince(docker, id, seen, options);
  const mark = advance(seen, quiet.lines);

  options.onRequest?.();
  const request = await getOnce({ ...(options.host ? { host: options.host } : {}), port, path: '/', signal: timeoutSignal(options.signal, REQUEST_MS) });

  // The app's lines reach the log a little after it writes them: read until two reads agree.
  const waitUntil = performance.now() + (options.logWaitMs ?? LOG_WAIT_MS);
  let after = await readSince(docker, id, mark, options);
  let firstSeen = after.lines.length > 0 ? performance.now() : undefined;
  while (performance.now() < waitUntil && !options.signal.aborted) {
    try {
      await pause(POLL_MS, options.signal);
    } catch {
      break;
    }
    const next = await readSince(docker, id, mark, options);
    const settled = next.lines.length > 0 && next.lines.length === after.lines.length;
    after = next;
    firstSeen ??= after.lines.length > 0 ? performance.now() : undefined;
    // A log that keeps growing (a flood) is read for a while, not until the wait runs out.
    if (settled || (firstSeen !== undefined && performance.now() - firstSeen >= 5 * POLL_MS)) break;
  }
  const afterText = after.lines.map((l) => l.text);
  const unasked = quiet.lines.map((l) => l.text);
  return {
    before: [...settled, ...quiet.lines].map((l) => l.text).filter((l) => l.trim()),
    beforeDropped: first.dropped + quiet.dropped,
    unasked,
    request,
    after: afterText,
    afterDropped: after.dropped,
    forRequest: linesForRequest(afterText, unasked),
  };
}
