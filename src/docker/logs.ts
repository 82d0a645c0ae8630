import { HeadTail } from './bounded.js';
import type { Docker } from './api.js';

export interface BoundedLogs {
  text: string;
  /** Bytes the container wrote that were not kept. */
  droppedBytes: number;
}

/**
 * Splits Docker's multiplexed log stream (8-byte frame headers: stream, 0, 0, 0, size u32 BE)
 * into text. Exported for unit tests; a TTY container sends raw bytes, which `tty` passes through.
 */
export function demuxFrames(buffer: Buffer, tty = false): { text: string; rest: Buffer } {
  if (tty) return { text: buffer.toString('utf8'), rest: Buffer.alloc(0) };
  let text = '';
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    if (offset + 8 + size > buffer.length) break;
    text += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return { text, rest: buffer.subarray(offset) };
}

/**
 * Reads a container's logs (stdout and stderr) as a bounded stream: keeps the first and last
 * maxBytes/2, so a flooding app costs labcheck at most maxBytes of memory and the start-up
 * lines a check looks for are still there. `timestamps` prefixes each line with the engine's
 * RFC 3339 time; `since` (UNIX seconds, with a fraction) starts at that time.
 */
export async function readLogs(
  docker: Docker,
  id: string,
  options: { maxBytes?: number; signal?: AbortSignal; tty?: boolean; timestamps?: boolean; since?: string } = {},
): Promise<BoundedLogs> {
  const kept = new HeadTail(options.maxBytes ?? 256 * 1024);
  type LogStream = NodeJS.ReadableStream & { destroy(): void };
  const stream = await new Promise<LogStream>((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(id)}/logs?`,
        method: 'GET',
        options: { stdout: true, stderr: true, follow: false, ...(options.timestamps ? { timestamps: true } : {}), ...(options.since ? { since: options.since } : {}) },
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      },
      (err: unknown, s: unknown) => (err ? reject(err) : resolve(s as LogStream)),
    );
  });

  let pending: Buffer = Buffer.alloc(0);
  const onAbort = () => stream.destroy();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Frames are at most 16 KiB (the engine splits longer lines), so `pending` stays small.
      const { text, rest } = demuxFrames(Buffer.concat([pending, chunk]), options.tty);
      pending = Buffer.from(rest);
      kept.push(text);
    }
  } catch (e) {
    if (!options.signal?.aborted) throw e;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return { text: kept.toString(), droppedBytes: kept.droppedBytes };
}

/** The last n non-empty lines of a log, for messages that say why an app stopped. */
export const lastLines = (text: string, n = 5): string =>
  text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(-n)
    .join('\n');
