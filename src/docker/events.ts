import type { Docker } from './api.js';

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

/** JSON lines of the events stream; a line cut at the size limit is no evidence of anything. */
export function parseEvents(text: string): EngineEvent[] {
  const events: EngineEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as EngineEvent);
    } catch {
      // cut or foreign: skipped
    }
  }
  return events;
}

const MAX_BYTES = 4 * 1024 * 1024;

/**
 * The engine's recent events matching filters, oldest first, up to this very moment, within the
 * signal. The engine keeps only its last 256 in memory: evidence of what state alone cannot show
 * (a container run with --rm, a stop undone by a start), never proof that something did not happen.
 */
export async function recentEvents(docker: Docker, filters: Record<string, string[]>, signal: AbortSignal): Promise<EngineEvent[]> {
  const now = Date.now();
  const stream = (await docker.getEvents({
    since: Math.floor(now / 1000) - 7 * 24 * 3600,
    until: eventTime(now) as unknown as number,
    filters: JSON.stringify(filters),
  })) as NodeJS.ReadableStream & { destroy(): void };
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
  return parseEvents(text);
}

/** The engine's own words for how long it remembers events, for messages. */
export const EVENTS_NOTE = { en: "the engine's recent events (it keeps only its last 256)", zh: '引擎最近的事件（引擎只保留最近 256 条）' };
