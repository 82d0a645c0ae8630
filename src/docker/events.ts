import type { Docker } from './api.js';
import { kindOf, type EngineKind } from './engine-info.js';

/** One engine event (GET /events), in the fields every API version since 1.22 has. */
export interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  /** Seconds since the epoch. */
  time: number;
  timeNano?: number;
}

/** Docker's events API wants "seconds.nanoseconds": a whole-second `until` would leave out the current second. */
export function eventTime(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1e6).padStart(9, '0')}`;
}

/**
 * An event in Docker's words. Podman's compatible API calls a container's removal `remove` where Docker
 * says `destroy` (podman libpod/events: events.Remove), and names images by ID without `sha256:`.
 */
export function dockerEvent(event: EngineEvent): EngineEvent {
  if (event.Type === 'container' && event.Action === 'remove') return { ...event, Action: 'destroy' };
  return event;
}

/**
 * A parsed JSON value as an event in Docker's words, or undefined when it lacks the fields every version
 * since API 1.22 has (Type, Action, Actor.ID): Engine API 1.52 dropped the legacy status/id/from, so those
 * are never read, and a value with only them is no event.
 */
export function eventOf(value: unknown): EngineEvent | undefined {
  const event = value as Partial<EngineEvent> | null;
  if (typeof event?.Type !== 'string' || typeof event.Action !== 'string' || typeof event.Actor?.ID !== 'string') return undefined;
  return dockerEvent(event as EngineEvent);
}

/** JSON lines of the events stream, in Docker's words; a line cut at the size limit is no evidence of anything. */
export function parseEvents(text: string): EngineEvent[] {
  const events: EngineEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const event = eventOf(JSON.parse(line));
      if (event) events.push(event);
    } catch {
      // cut or foreign: skipped
    }
  }
  return events;
}

/**
 * The filters as the engine understands them. Podman names events its own way inside (`died`, `remove`) and
 * its compat filter matches those names, not Docker's, where its stream writes Docker's `die`: there the
 * events are filtered by name after they are read, in Docker's words.
 */
export function engineFilters(filters: Record<string, string[]>, kind: EngineKind): Record<string, string[]> {
  if (kind !== 'podman' || !filters.event) return filters;
  const { event: _byName, ...rest } = filters;
  return rest;
}

/**
 * The query of a read of past events. Docker ends the stream at `until`; Podman 4.3 answers nothing when
 * `until` is set (its compat handler, measured here) and ends the stream with `stream=false` instead.
 */
export function eventsQuery(filters: Record<string, string[]>, kind: EngineKind, nowMs: number): Record<string, string | number | boolean> {
  const since = Math.floor(nowMs / 1000) - 7 * 24 * 3600;
  const query = { since, filters: JSON.stringify(engineFilters(filters, kind)) };
  return kind === 'podman' ? { ...query, stream: false } : { ...query, until: eventTime(nowMs) };
}

const MAX_BYTES = 4 * 1024 * 1024;

/**
 * The engine's recent events matching filters, oldest first, up to this very moment, within the
 * signal. The engine keeps only its last 256 in memory: evidence of what state alone cannot show
 * (a container run with --rm, a stop undone by a start), never proof that something did not happen.
 */
export async function recentEvents(docker: Docker, filters: Record<string, string[]>, signal: AbortSignal): Promise<EngineEvent[]> {
  const now = Date.now();
  const kind = await kindOf(docker);
  const stream = (await docker.getEvents(eventsQuery(filters, kind, now) as object)) as NodeJS.ReadableStream & { destroy(): void };
  const onAbort = () => stream.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  let text = '';
  try {
    for await (const chunk of stream) {
      text += chunk.toString();
      if (text.length > MAX_BYTES) break;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    stream.destroy();
  }
  const events = parseEvents(text);
  const names = filters.event;
  return kind === 'podman' && names ? events.filter((e) => names.includes(e.Action)) : events;
}

/** The engine's own words for how long it remembers events, for messages. */
export const EVENTS_NOTE = { en: "the engine's recent events (it keeps only its last 256)", zh: '引擎最近的事件（引擎只保留最近 256 条）' };
