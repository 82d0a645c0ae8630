// GET an app on the engine's host (127.0.0.1 for a local engine) with a deadline, and say in plain words what happened: answered, refused, closed, silent.
import { request } from 'node:http';
import type { Text } from '../src/engine/types.js';
import { t } from '../src/engine/lang.js';
import { pause } from '../src/engine/deadline.js';

/**
 * How an answer's body came to an end: `ended` as HTTP ends it (curl returns); `stalled`: nothing
 * more came for bodyIdleMs and it never ended (a forgotten res.end(), curl waits forever); `dropped`:
 * the connection closed before the end; `deadline`: still coming when the signal aborted; `endless`:
 * more than maxDrainBytes without an end.
 */
export type BodyEnd = 'ended' | 'stalled' | 'dropped' | 'deadline' | 'endless';

export type HttpOutcome =
  /**
   * The app answered: its status, (up to maxBodyBytes of) its body, its headers, and how the body
   * ended; `complete` is `end === 'ended'`.
   */
  | {
      kind: 'answered';
      status: number;
      body: string;
      truncated: boolean;
      complete: boolean;
      end: BodyEnd;
      /** For `stalled`: how long nothing came before labcheck gave up on the end. */
      idleMs?: number;
      /** Name and value pairs, as sent (at most 64). */
      headers?: [string, string][];
      attempts: number;
    }
  /** Nothing accepted the connection (ECONNREFUSED). */
  | { kind: 'refused'; attempts: number }
  /** The connection was accepted, then closed or reset before any answer (what Docker's port proxy does when nothing listens behind it). */
  | { kind: 'closed'; attempts: number; detail: string }
  /** The connection was accepted, but no answer came before the signal aborted. */
  | { kind: 'silent'; attempts: number; waitedMs: number }
  /** No connection was made for another reason (a connect that never completed, host unreachable). */
  | { kind: 'unreachable'; attempts: number; detail: string };

export interface GetOptions {
  /** The address published ports are reached at (AppHost.address); 127.0.0.1 by default. */
  host?: string;
  port: number;
  path?: string;
  /** Ends the attempt (and any retries); the outcome says how far it got. */
  signal: AbortSignal;
  /** The body is cut here, so an app that floods costs at most this much memory. */
  maxBodyBytes?: number;
  /**
   * An answer whose body stays quiet this long without ending has stalled: decided in a few seconds,
   * not at the deadline. A slow body that keeps coming is waited for.
   */
  bodyIdleMs?: number;
  /** Past maxBodyBytes the body is read and dropped up to here, to see whether it ends at all. */
  maxDrainBytes?: number;
}

export interface RetryOptions extends GetOptions {
  retryEveryMs?: number;
  /** Asked after each attempt that found nobody answering; true stops retrying (e.g. the container exited). */
  stop?: (last: HttpOutcome) => boolean | Promise<boolean>;
}

// A local engine's ports are asked on 127.0.0.1, never `localhost`, which may resolve to ::1 first.
export const HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY = 64 * 1024;
export const DEFAULT_BODY_IDLE_MS = 2000;
export const DEFAULT_MAX_DRAIN = 4 * 1024 * 1024;
const MAX_HEADERS = 64;

/** One GET of http://<host>:<port><path>, within the signal. Never rejects. */
export function getOnce(options: GetOptions, attempts = 1): Promise<HttpOutcome> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const maxDrain = Math.max(maxBody, options.maxDrainBytes ?? DEFAULT_MAX_DRAIN);
  const idleMs = options.bodyIdleMs ?? DEFAULT_BODY_IDLE_MS;
  const started = performance.now();
  return new Promise<HttpOutcome>((resolve) => {
    let connected = false;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    let answer: { status: number; headers: [string, string][]; chunks: Buffer[]; kept: number; size: number } | undefined;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      options.signal.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(outcome);
    };
    const answered = (end: BodyEnd): HttpOutcome => {
      const a = answer!;
      const body = Buffer.concat(a.chunks).toString('utf8');
      return {
        kind: 'answered',
        status: a.status,
        body,
        truncated: a.size > a.kept,
        complete: end === 'ended',
        end,
        ...(end === 'stalled' ? { idleMs } : {}),
        headers: a.headers,
        attempts,
      };
    };
    // Restarted by every piece of the body: only a body that stops without ending stalls.
    const watchIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(answered('stalled')), idleMs);
    };
    const onAbort = () => {
      if (answer) finish(answered('deadline'));
      else if (connected) finish({ kind: 'silent', attempts, waitedMs: Math.round(performance.now() - started) });
      else finish({ kind: 'unreachable', attempts, detail: 'no connection before the deadline' });
    };

    const req = request({ host: options.host ?? HOST, port: options.port, path: options.path ?? '/', method: 'GET', agent: false, headers: { connection: 'close' } });
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        connected = true;
      });
    });
    req.on('response', (res) => {
      const raw = res.rawHeaders.slice(0, MAX_HEADERS * 2);
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
      answer = { status: res.statusCode ?? 0, headers, chunks: [], kept: 0, size: 0 };
      watchIdle();
      res.on('data', (chunk: Buffer) => {
        const a = answer!;
        a.size += chunk.length;
        if (a.kept < maxBody) {
          const piece = chunk.subarray(0, maxBody - a.kept);
          a.chunks.push(piece);
          a.kept += piece.length;
        }
        if (a.size > maxDrain) return finish(answered('endless'));
        watchIdle();
      });
      res.on('end', () => finish(answered('ended')));
      // The app may drop the connection half-way through its body: what came is still its answer.
      res.on('error', () => finish(answered('dropped')));
      res.on('aborted', () => finish(answered('dropped')));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (answer) return finish(answered('dropped'));
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

/** Why an answer's body did not end, in curl's terms; empty for one that ended. */
export function unended(answer: { end: BodyEnd; idleMs?: number }): Text {
  switch (answer.end) {
    case 'ended':
      return t('', '');
    case 'stalled':
      return t(
        `the response never ended: nothing more came for ${answer.idleMs ?? DEFAULT_BODY_IDLE_MS} ms and it was not ended, so curl would wait forever`,
        `响应一直没有结束：${answer.idleMs ?? DEFAULT_BODY_IDLE_MS} 毫秒内没有更多内容，响应也没有结束，curl 会一直等待`,
      );
    case 'dropped':
      return t('the connection closed before the response ended', '响应结束前连接就被关闭了');
    case 'deadline':
      return t('the response had not ended when the deadline came', '期限到达时响应仍未结束');
    case 'endless':
      return t('the response never ended: it kept sending without end', '响应一直没有结束：它不停地发送内容');
  }
}

const quoted = (s: string, max = 200): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/** What happened, in the student's terms: `where` names the address as they know it (e.g. "port 8080"). */
export function describeOutcome(outcome: HttpOutcome, where: string, options: { end?: boolean } = {}): Text {
  const tries = outcome.attempts > 1 ? { en: ` (${outcome.attempts} tries)`, zh: `（尝试 ${outcome.attempts} 次）` } : { en: '', zh: '' };
  switch (outcome.kind) {
    case 'answered': {
      const cut = outcome.truncated ? { en: ' (cut)', zh: '（已截断）' } : { en: '', zh: '' };
      // Left out where the message has already said why the response did not end.
      const end = outcome.complete || options.end === false ? { en: '', zh: '' } : unended(outcome);
      const endEn = end.en ? ` (${end.en})` : '';
      const endZh = end.zh ? `（${end.zh}）` : '';
      return t(
        `${where} answered with status ${outcome.status} and the body ${quoted(outcome.body)}${cut.en}${endEn}`,
        `${where} 以状态码 ${outcome.status} 应答，响应体为 ${quoted(outcome.body)}${cut.zh}${endZh}`,
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
