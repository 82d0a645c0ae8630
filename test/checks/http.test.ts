import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOutcome, getOnce, getUntil, type HttpOutcome } from '../../checks/http.js';
import { closedPort } from '../support/net.js';

const servers: Array<{ close(): void }> = [];
const sockets: Socket[] = [];

afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

async function listen(server: Server | ReturnType<typeof createNetServer>, port = 0): Promise<number> {
  server.on('connection', (s: Socket) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

const http = (handler: RequestListener) => listen(createHttpServer(handler));

const within = (ms: number) => AbortSignal.timeout(ms);

describe('getOnce', () => {
  it('returns the status and body of an answer', async () => {
    const port = await http((_, res) => res.end('this is box1'));
    const outcome = await getOnce({ port, signal: within(2000) });
    expect(outcome).toMatchObject({ kind: 'answered', status: 200, body: 'this is box1', truncated: false, complete: true, end: 'ended', attempts: 1 });
    expect((outcome as { headers: [string, string][] }).headers.map(([name]) => name.toLowerCase())).toContain('content-length');
  });

  it('returns a status other than 200 as it is, with the path asked for', async () => {
    const port = await http((req, res) => {
      res.writeHead(404);
      res.end(`no ${req.url}`);
    });
    expect(await getOnce({ port, path: '/x', signal: within(2000) })).toMatchObject({ kind: 'answered', status: 404, body: 'no /x' });
  });

  it('says refused when nothing listens', async () => {
    expect(await getOnce({ port: await closedPort(), signal: within(2000) })).toEqual({ kind: 'refused', attempts: 1 });
  });

  it('says closed when the connection is accepted and dropped without an answer', async () => {
    const port = await listen(createNetServer((socket) => socket.destroy()));
    expect(await getOnce({ port, signal: within(2000) })).toMatchObject({ kind: 'closed' });
  });

  it('says silent when the connection is accepted and nothing comes before the deadline', async () => {
    const port = await listen(createNetServer(() => undefined));
    const outcome = await getOnce({ port, signal: within(300) });
    expect(outcome.kind).toBe('silent');
    expect((outcome as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(250);
  });

  it('keeps what came of a body that never ends, as not complete, and says it stalled once the body stays quiet', async () => {
    const port = await http((_, res) => res.write('this is half'));
    // Decided by the body's silence (100 ms), long before the deadline (10 s).
    expect(await getOnce({ port, signal: within(10_000), bodyIdleMs: 100 })).toEqual({
      kind: 'answered', status: 200, body: 'this is half', truncated: false, complete: false, end: 'stalled', idleMs: 100, headers: expect.any(Array), attempts: 1,
    });
  });

  it('says deadline when the signal aborts while the body is still quiet', async () => {
    const port = await http((_, res) => res.write('this is half'));
    expect(await getOnce({ port, signal: within(200), bodyIdleMs: 5000 })).toMatchObject({ kind: 'answered', body: 'this is half', complete: false, end: 'deadline' });
  });

  it('waits for a slow body that keeps coming, and gets its last piece', async () => {
    const port = await http((_, res) => {
      res.write('Hey there, ');
      setTimeout(() => res.write('this is '), 600);
      setTimeout(() => res.end('box1.\n'), 1200);
    });
    // Each pause (600 ms) is well within the idle limit, the whole body longer than it.
    expect(await getOnce({ port, signal: within(10_000), bodyIdleMs: 1000 })).toMatchObject({ kind: 'answered', body: 'Hey there, this is box1.\n', complete: true, end: 'ended' });
  });

  it('says dropped when the connection closes in the middle of the body', async () => {
    const port = await http((_, res) => {
      res.write('this is half');
      setTimeout(() => res.destroy(), 50);
    });
    expect(await getOnce({ port, signal: within(5000) })).toMatchObject({ kind: 'answered', body: 'this is half', complete: false, end: 'dropped' });
  });

  it('keeps the headers of an answer', async () => {
    const port = await http((_, res) => {
      res.setHeader('X-Served-By', 'box1');
      res.end('hi');
    });
    const outcome = await getOnce({ port, signal: within(2000) });
    expect((outcome as { headers: [string, string][] }).headers).toContainEqual(['X-Served-By', 'box1']);
  });

  it('cuts a flood at maxBodyBytes', async () => {
    const port = await http((_, res) => {
      const chunk = 'x'.repeat(16 * 1024);
      const flood = () => {
        while (res.write(chunk));
        res.once('drain', flood);
      };
      flood();
    });
    const outcome = await getOnce({ port, signal: within(5000), maxBodyBytes: 1000, maxDrainBytes: 200_000 });
    // Read on past the cut to see whether it ends: it does not.
    expect(outcome).toMatchObject({ kind: 'answered', truncated: true, complete: false, end: 'endless' });
    expect((outcome as { body: string }).body).toHaveLength(1000);
  });

  it('reads a long body that ends to its end, keeping its start', async () => {
    const port = await http((_, res) => res.end('x'.repeat(50_000)));
    const outcome = await getOnce({ port, signal: within(5000), maxBodyBytes: 1000 });
    expect(outcome).toMatchObject({ kind: 'answered', truncated: true, complete: true, end: 'ended' });
    expect((outcome as { body: string }).body).toHaveLength(1000);
  });

  it('gives up at once on a signal that already aborted', async () => {
    const port = await http((_, res) => res.end('ok'));
    expect(await getOnce({ port, signal: AbortSignal.abort() })).toMatchObject({ kind: 'unreachable' });
  });
});

describe('getUntil', () => {
  it('retries while nothing listens, and gets the answer of an app that starts late', async () => {
    const port = await closedPort();
    const server = createHttpServer((_, res) => res.end('late'));
    const timer = setTimeout(() => void listen(server, port), 400);
    try {
      const outcome = await getUntil({ port, signal: within(5000), retryEveryMs: 50 });
      expect(outcome).toMatchObject({ kind: 'answered', body: 'late' });
      expect(outcome.attempts).toBeGreaterThan(1);
    } finally {
      clearTimeout(timer);
    }
  });

  it('returns the last refusal when the signal aborts', async () => {
    const outcome = await getUntil({ port: await closedPort(), signal: within(300), retryEveryMs: 50 });
    expect(outcome.kind).toBe('refused');
    expect(outcome.attempts).toBeGreaterThan(1);
  });

  it('stops retrying when stop says so', async () => {
    let asked = 0;
    const outcome = await getUntil({ port: await closedPort(), signal: within(5000), retryEveryMs: 10, stop: () => ++asked === 3 });
    expect(outcome).toEqual({ kind: 'refused', attempts: 3 });
  });

  it('does not retry an app that accepted and stayed silent', async () => {
    const port = await listen(createNetServer(() => undefined));
    expect(await getUntil({ port, signal: within(300), retryEveryMs: 10 })).toMatchObject({ kind: 'silent', attempts: 1 });
  });
});

describe('describeOutcome', () => {
  it.each<[HttpOutcome, string]>([
    [{ kind: 'answered', status: 500, body: 'oops', truncated: false, complete: true, end: 'ended', attempts: 1 }, 'port 8080 answered with status 500 and the body "oops"'],
    [
      { kind: 'answered', status: 200, body: 'half', truncated: false, complete: false, end: 'stalled', idleMs: 2000, attempts: 1 },
      'port 8080 answered with status 200 and the body "half" (the response never ended: nothing more came for 2000 ms and it was not ended, so curl would wait forever)',
    ],
    [{ kind: 'answered', status: 200, body: 'half', truncated: false, complete: false, end: 'dropped', attempts: 1 }, 'port 8080 answered with status 200 and the body "half" (the connection closed before the response ended)'],
    [{ kind: 'answered', status: 200, body: 'half', truncated: false, complete: false, end: 'deadline', attempts: 1 }, 'port 8080 answered with status 200 and the body "half" (the response had not ended when the deadline came)'],
    [{ kind: 'answered', status: 200, body: 'xxx', truncated: true, complete: true, end: 'ended', attempts: 1 }, 'port 8080 answered with status 200 and the body "xxx" (cut)'],
    [{ kind: 'answered', status: 200, body: 'xxx', truncated: true, complete: false, end: 'endless', attempts: 1 }, 'port 8080 answered with status 200 and the body "xxx" (cut) (the response never ended: it kept sending without end)'],
    [{ kind: 'refused', attempts: 7 }, 'nothing accepted a connection on port 8080 (7 tries)'],
    [{ kind: 'closed', attempts: 1, detail: 'ECONNRESET' }, 'the connection to port 8080 was closed without an answer (ECONNRESET)'],
    [{ kind: 'silent', attempts: 1, waitedMs: 2400 }, 'port 8080 accepted the connection but never answered within 2400 ms'],
    [{ kind: 'unreachable', attempts: 2, detail: 'EHOSTUNREACH' }, 'no connection to port 8080 could be made (EHOSTUNREACH) (2 tries)'],
  ])('%j', (outcome, en) => {
    const text = describeOutcome(outcome, 'port 8080');
    expect(text.en).toBe(en);
    expect(text.zh).toContain('port 8080');
  });

  it('leaves out why the response did not end when asked to (the message says it already)', () => {
    const text = describeOutcome({ kind: 'answered', status: 200, body: 'half', truncated: false, complete: false, end: 'stalled', idleMs: 2000, attempts: 1 }, 'p', { end: false });
    expect(text.en).toBe('p answered with status 200 and the body "half"');
  });

  it('shortens a long body', () => {
    const text = describeOutcome({ kind: 'answered', status: 200, body: 'y'.repeat(500), truncated: false, complete: true, end: 'ended', attempts: 1 }, 'p');
    expect(text.en).toContain(`"${'y'.repeat(200)}…"`);
  });
});
