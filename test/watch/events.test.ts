import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventFeed, WATCHED, type OpenStream } from '../../src/watch/events.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const event = (Action: string, ID = 'c1') => `${JSON.stringify({ Type: 'container', Action, Actor: { ID }, time: 1 })}\n`;

/** An engine whose event stream can be opened, ended, or refused, as a test says. */
function fakeEngine() {
  const streams: PassThrough[] = [];
  let refuse: Error | undefined;
  const open: OpenStream = async () => {
    if (refuse) throw refuse;
    const stream = new PassThrough();
    streams.push(stream);
    return stream;
  };
  const log: string[] = [];
  const feed = new EventFeed(open, {
    onEvent: (e) => log.push(`event ${e.Action} ${e.Actor.ID}`),
    onUp: () => log.push('up'),
    onDown: (why, retryInMs, attempt) => log.push(`down ${attempt} retry ${retryInMs} (${why})`),
  });
  return {
    feed,
    log,
    streams,
    refuse: (e: Error | undefined) => {
      refuse = e;
    },
  };
}

describe('EventFeed', () => {
  it('subscribes to container and image events that change state, not exec or attach', () => {
    expect(WATCHED.type).toEqual(['container', 'image']);
    expect(WATCHED.event).toEqual(expect.arrayContaining(['create', 'start', 'die', 'destroy', 'tag', 'untag', 'delete', 'pull', 'push']));
    expect(WATCHED.event.filter((e) => /^(exec_|attach|detach|resize|top$|health_status|export|copy|save)/.test(e))).toEqual([]);
  });

  it('parses JSON lines however the chunks cut them, and skips a line that is not JSON', async () => {
    const { feed, log, streams } = fakeEngine();
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    const text = `${event('create')}not json\n${event('start')}${event('die', 'c2')}`;
    // Cut mid-line and mid-character (a multi-byte name) to show nothing is lost or garbled.
    const bytes = Buffer.from(text.replace('c2', 'c2-容器'));
    streams[0]!.write(bytes.subarray(0, 30));
    streams[0]!.write(bytes.subarray(30, bytes.length - 20));
    streams[0]!.write(bytes.subarray(bytes.length - 20));
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['up', 'event create c1', 'event start c1', 'event die c2-容器']);
    feed.stop();
  });

  it('passes on only events with Type, Action and Actor.ID (API 1.52 has no legacy status/id/from), in Docker\'s words', async () => {
    const { feed, log, streams } = fakeEngine();
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    const legacy = '{"status":"die","id":"c9","from":"kubia"}\n';
    const noActor = '{"Type":"container","Action":"die","time":1}\n';
    // Podman's compat stream says `remove` where Docker says `destroy`.
    const podmanRemove = `${JSON.stringify({ Type: 'container', Action: 'remove', Actor: { ID: 'c3', Attributes: { name: 'kubia-container' } }, time: 1 })}\n`;
    streams[0]!.write(`${legacy}${noActor}${event('die', 'c1')}${podmanRemove}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['up', 'event die c1', 'event destroy c3']);
    feed.stop();
  });

  it('the stream ending (engine stopped): down, reconnect with back-off, up again, events again', async () => {
    const { feed, log, streams, refuse } = fakeEngine();
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    refuse(Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' }));
    streams[0]!.end();
    await vi.advanceTimersByTimeAsync(250 + 500 + 1000);
    expect(log).toEqual([
      'up',
      'down 1 retry 250 (the event stream ended)',
      'down 2 retry 500 (connect ECONNREFUSED /var/run/docker.sock)',
      'down 3 retry 1000 (connect ECONNREFUSED /var/run/docker.sock)',
      'down 4 retry 2000 (connect ECONNREFUSED /var/run/docker.sock)',
    ]);
    refuse(undefined);
    await vi.advanceTimersByTimeAsync(2000);
    expect(log.slice(5)).toEqual(['up']);
    streams[1]!.write(event('start'));
    await vi.advanceTimersByTimeAsync(0);
    expect(log.slice(6)).toEqual(['event start c1']);
    // Back-off starts over after a good connection.
    streams[1]!.destroy(new Error('socket hang up'));
    await vi.advanceTimersByTimeAsync(0);
    expect(log.slice(7)).toEqual(['down 1 retry 250 (socket hang up)']);
    feed.stop();
  });

  it('an engine not there at start is retried the same way', async () => {
    const { feed, log, refuse } = fakeEngine();
    refuse(new Error('connect ENOENT /var/run/docker.sock'));
    feed.start();
    await vi.advanceTimersByTimeAsync(250);
    refuse(undefined);
    await vi.advanceTimersByTimeAsync(500);
    expect(log).toEqual(['down 1 retry 250 (connect ENOENT /var/run/docker.sock)', 'down 2 retry 500 (connect ENOENT /var/run/docker.sock)', 'up']);
    feed.stop();
  });

  it('stopped: the stream is closed, no retry is left, and its end is no "down"', async () => {
    const { feed, log, streams } = fakeEngine();
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    feed.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(streams[0]!.destroyed).toBe(true);
    expect(log).toEqual(['up']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
