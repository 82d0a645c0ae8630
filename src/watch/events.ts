// The engine's live event stream (GET /events without `until`), kept open across engine restarts.
// dockerode opens the stream but neither parses it nor reconnects, so both are done here.
import { StringDecoder } from 'node:string_decoder';
import type { Docker } from '../docker/api.js';
import { eventOf, type EngineEvent } from '../docker/events.js';
import { realTimers, reconnectDelay, type Timers } from './timers.js';

/**
 * The actions that change what a check reads. The rest (exec_*, attach, resize, top, health_status,
 * export, save...) change nothing the labs judge and would only wake watch up.
 */
export const WATCHED = {
  type: ['container', 'image'],
  event: [
    'create', 'start', 'restart', 'stop', 'kill', 'die', 'oom', 'pause', 'unpause', 'rename', 'update', 'destroy',
    'pull', 'push', 'tag', 'untag', 'delete', 'import', 'load',
  ],
};

export interface EventStream {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
  destroy(): unknown;
}

/** Opens the stream; rejects when the engine cannot be reached. */
export type OpenStream = () => Promise<EventStream>;

export function openEngineEvents(docker: Docker): OpenStream {
  return async () => (await docker.getEvents({ filters: JSON.stringify(WATCHED) })) as unknown as EventStream;
}

export interface FeedHandlers {
  onEvent(event: EngineEvent): void;
  /** Connected: at start, and after each reconnection. */
  onUp(): void;
  /** Lost (or never reached): why, and when the next attempt is (attempt counts from 1). */
  onDown(why: string, retryInMs: number, attempt: number): void;
}

const reasonOf = (e: unknown): string => {
  const { code, message } = (e ?? {}) as { code?: string; message?: string };
  return code && message && !message.includes(code) ? `${code}: ${message}` : (message ?? String(e));
};

/** One live subscription: parses the JSON lines, and reconnects with back-off when the stream ends. */
export class EventFeed {
  private stream: EventStream | undefined;
  private retry: unknown;
  private attempt = 0;
  private stopped = false;

  constructor(
    private readonly open: OpenStream,
    private readonly handlers: FeedHandlers,
    private readonly timers: Timers = realTimers,
  ) {}

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry !== undefined) this.timers.clear(this.retry);
    this.retry = undefined;
    const stream = this.stream;
    this.stream = undefined;
    stream?.destroy();
  }

  private async connect(): Promise<void> {
    this.retry = undefined;
    if (this.stopped) return;
    let stream: EventStream;
    try {
      stream = await this.open();
    } catch (e) {
      return this.lost(reasonOf(e));
    }
    if (this.stopped) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    this.attempt = 0;
    const decoder = new StringDecoder('utf8');
    let rest = '';
    stream.on('data', (chunk) => {
      rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        let event: EngineEvent | undefined;
        try {
          event = eventOf(JSON.parse(line));
        } catch {
          event = undefined;
        }
        // Not an event (a proxy's noise, a line without Type/Action/Actor): no evidence of anything, and the timer still checks.
        if (event) this.handlers.onEvent(event);
      }
    });
    const ended = (why: string) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      stream.destroy();
      this.lost(why);
    };
    stream.on('end', () => ended('the event stream ended'));
    stream.on('close', () => ended('the event stream closed'));
    stream.on('error', (e) => ended(reasonOf(e)));
    this.handlers.onUp();
  }

  private lost(why: string): void {
    if (this.stopped) return;
    const delay = reconnectDelay(this.attempt);
    this.attempt += 1;
    this.handlers.onDown(why, delay, this.attempt);
    this.retry = this.timers.set(() => void this.connect(), delay);
  }
}
