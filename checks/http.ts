// GET an app on 127.0.0.1 with a deadline, and say in plain words what happened: answered, refused, closed, silent.
import { request } from 'node:http';
import type { Text } from '../src/engine/types.js';
import { t } from '../src/engine/lang.js';
import { pause } from '../src/engine/deadline.js';

export type HttpOutcome =
  /** The app answered: its status and (up to maxBodyBytes of) its body. */
  | { kind: 'answered'; status: number; body: string; truncated: boolean; complete: boolean; attempts: number }
  /** Nothing accepted the connection (ECONNREFUSED). */
  | { kind: 'refused'; attempts: number }
  /** The connection was accepted, then closed or reset before any answer (what Docker's port proxy does when nothing listens behind it). */
  | { kind: 'closed'; attempts: number; detail: string }
  /** The connection was accepted, but no answer came before the signal aborted. */
  | { kind: 'silent'; attempts: number; waitedMs: number }
  /** No connection was made for another reason (a connect that never completed, host unreachable). */
  | { kind: 'unreachable'; attempts: number; detail: string };

export interface GetOptions {
  port: number;
  path?: string;
  /** Ends the attempt (and any retries); the outcome says how far it got. */
  signal: AbortSignal;
  /** The body is cut here, so an app that floods costs at most this much memory. */
  maxBodyBytes?: number;
}

export interface RetryOptions extends GetOptions {
  retryEveryMs?: number;
  /** Asked after each attempt that found nobody answering; true stops retrying (e.g. the container exited). */
  stop?: (last: HttpOutcome) => boolean | Promise<boolean>;
}

// The only host labcheck talks to: never `localhost`, which may resolve to ::1 first.
export const HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY = 64 * 1024;

/** One GET of http://127.0.0.1:<port><path>, within the signal. Never rejects. */
export function getOnce(options: GetOptions, attempts = 1): Promise<HttpOutcome> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const started = performance.now();
  return new Promise<HttpOutcome>((resolve) => {
    let connected = false;
    let settled = false;
    let answer: { status: number; chunks: Buffer[]; size: number; truncated: boolean } | undefined;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(outcome);
    };
    const answered = (complete: boolean): HttpOutcome => {
      const a = answer!;
      const body = Buffer.concat(a.chunks).subarray(0, maxBody).toString('utf8');
      return { kind: 'answered', status: a.status, body, truncated: a.truncated, complete, attempts };
    };
    const onAbort = () => {
      if (answer) finish(answered(false));
      else if (connected) finish({ kind: 'silent', attempts, waitedMs: Math.round(performance.now() - started) });
      else finish({ kind: 'unreachable', attempts, detail: 'no connection before the deadline' });
    };

    const req = request({ host: HOST, port: options.port, path: options.path ?? '/', method: 'GET', agent: false, headers: { connection: 'close' } });
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        connected = true;
      });
    });
    req.on('response', (res) => {
      answer = { status: res.statusCode ?? 0, chunks: [], size: 0, truncated: false };
      res.on('data', (chunk: Buffer) => {
        const a = answer!;
        a.chunks.push(chunk);
        a.size += chunk.length;
        if (a.size > maxBody) {
          a.truncated = true;
          finish(answered(false));
        }
      });
      res.on('end', () => finish(answered(true)));
      // The app may drop the connection half-way through its body: what came is still its answer.
      res.on('error', () => finish(answered(false)));
      res.on('aborted', () => finish(answered(false)));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (answer) return finish(answered(false));
      if (e.code === 'ECONNREFUSED') return finish({ kind: 'refused', attempts });
      if (connected || e.code === 'ECONNRESET' || e.message === 'socket hang up') {
        return finish({ kind: 'closed', attempts, detail: e.code ?? e.message });
      }
      finish({ kind: 'unreachable', attempts, detail: e.code ?? e.message });
    });
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/** Nothing (yet) behind the port: worth another try while the app starts. */
export const isRetryable = (o: HttpOutcome): boolean => o.kind !== 'answered' && o.kind !== 'silent';

/**
 * GETs until the app answers, or accepts and stays silent until the signal aborts, or `stop` says
 * so; retries refused, closed and unreachable connections (an app still starting). Returns the last outcome.
 */
export async function getUntil(options: RetryOptions): Promise<HttpOutcome> {
  const every = options.retryEveryMs ?? 200;
  for (let attempts = 1; ; attempts++) {
    const outcome = await getOnce(options, attempts);
    if (!isRetryable(outcome) || options.signal.aborted) return outcome;
    if (await options.stop?.(outcome)) return outcome;
    try {
      await pause(every, options.signal);
    } catch {
      return outcome;
    }
  }
}

const quoted = (s: string, max = 200): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/** What happened, in the student's terms: `where` names the address as they know it (e.g. "port 8080"). */
export function describeOutcome(outcome: HttpOutcome, where: string): Text {
  const tries = outcome.attempts > 1 ? { en: ` (${outcome.attempts} tries)`, zh: `（尝试 ${outcome.attempts} 次）` } : { en: '', zh: '' };
  switch (outcome.kind) {
    case 'answered': {
      const cut = outcome.truncated ? { en: ' (cut)', zh: '（已截断）' } : !outcome.complete ? { en: ' (the body never ended)', zh: '（响应体没有结束）' } : { en: '', zh: '' };
      return t(
        `${where} answered with status ${outcome.status} and the body ${quoted(outcome.body)}${cut.en}`,
        `${where} 以状态码 ${outcome.status} 应答，响应体为 ${quoted(outcome.body)}${cut.zh}`,
      );
    }
    case 'refused':
      return t(`nothing accepted a connection on ${where}${tries.en}`, `${where} 上没有程序接受连接${tries.zh}`);
    case 'closed':
      return t(
        `the connection to ${where} was closed without an answer (${outcome.detail})${tries.en}`,
        `到 ${where} 的连接在没有应答的情况下被关闭（${outcome.detail}）${tries.zh}`,
      );
    case 'silent':
      return t(
        `${where} accepted the connection but never answered within ${outcome.waitedMs} ms`,
        `${where} 接受了连接，但在 ${outcome.waitedMs} 毫秒内一直没有应答`,
      );
    case 'unreachable':
      return t(`no connection to ${where} could be made (${outcome.detail})${tries.en}`, `无法连接到 ${where}（${outcome.detail}）${tries.zh}`);
  }
}
