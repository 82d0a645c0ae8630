// Which TCP ports a container's app listens on, from the kernel's own tables (/proc/net/tcp{,6}):
// how labcheck tells "listens on 3000" or "on its loopback only" from "crashed" or "still starting".
import { readFile } from 'node:fs/promises';
import type { Docker } from '../src/docker/api.js';
import { demuxFrames } from '../src/docker/logs.js';
import type { ContainerInfo } from './containers.js';

export interface Listener {
  port: number;
  /** Bound to 127.0.0.1 or ::1 only: reachable from inside the container alone, out of reach of -p. */
  loopback: boolean;
}

// /proc/net/tcp writes each 32-bit word in host (little-endian) order: 127.x.x.x ends in 7F.
const isLoopbackHex = (hex: string): boolean =>
  (hex.length === 8 && /7F$/i.test(hex)) || /^0{24}01000000$/i.test(hex) || /^0{16}FFFF0000[0-9A-F]{6}7F$/i.test(hex);

/** Sockets in LISTEN state (st 0A) in the text of /proc/net/tcp and /proc/net/tcp6, by port, once each. */
export function parseListeners(procNetTcp: string): Listener[] {
  const byPort = new Map<number, boolean>();
  for (const line of procNetTcp.split('\n')) {
    const m = /^\s*\d+:\s+([0-9A-F]+):([0-9A-F]{4})\s+[0-9A-F]+:[0-9A-F]{4}\s+0A\s/i.exec(line);
    if (!m) continue;
    const port = parseInt(m[2]!, 16);
    // One socket on all interfaces is enough for the port to be reachable.
    byPort.set(port, (byPort.get(port) ?? true) && isLoopbackHex(m[1]!));
  }
  return [...byPort].sort(([a], [b]) => a - b).map(([port, loopback]) => ({ port, loopback }));
}

/** True when something listens on `port` where a published port leads (not the container's loopback). */
export const listensOn = (listeners: readonly Listener[] | undefined, port: number): boolean => Boolean(listeners?.some((l) => l.port === port && !l.loopback));

export const describeListeners = (listeners: readonly Listener[]): string =>
  listeners.map((l) => (l.loopback ? `${l.port} (loopback only)` : String(l.port))).join(', ') || 'nothing';

/**
 * Read from /proc/<pid>/net on the engine's host: no process started in the container. Undefined where
 * the engine is not on this machine (Docker Desktop, a remote engine) or the files cannot be read. The
 * container's own /etc/hostname proves the pid is the container's, not a process of another pid namespace.
 */
export async function listenersOnHost(info: ContainerInfo): Promise<Listener[] | undefined> {
  const pid = info.State.Pid;
  if (process.platform !== 'linux' || !pid) return undefined;
  try {
    const hostname = (await readFile(`/proc/${pid}/root/etc/hostname`, 'utf8')).trim();
    if (hostname !== info.Config.Hostname) return undefined;
    const tables = await Promise.all(['tcp', 'tcp6'].map((f) => readFile(`/proc/${pid}/net/${f}`, 'utf8').catch(() => '')));
    return parseListeners(tables.join('\n'));
  } catch {
    return undefined;
  }
}

/**
 * Read inside the container with the node binary its app runs on (works with any engine, local or
 * not); undefined when that cannot be done.
 */
export async function listenersInContainer(docker: Docker, id: string, signal: AbortSignal): Promise<Listener[] | undefined> {
  const script = "const fs=require('fs');for(const f of ['/proc/net/tcp','/proc/net/tcp6']){try{process.stdout.write(fs.readFileSync(f,'utf8'))}catch(e){}}";
  try {
    const exec = await docker.getContainer(id).exec({ Cmd: ['node', '-e', script], AttachStdout: true, AttachStderr: false });
    const stream = await exec.start({ hijack: true, stdin: false });
    const onAbort = () => stream.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    let raw = Buffer.alloc(0);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        // /proc/net/tcp of one small app is a few lines; anything huge is not worth keeping.
        if (raw.length < 256 * 1024) raw = Buffer.concat([raw, chunk]);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    return parseListeners(demuxFrames(raw).text);
  } catch {
    return undefined;
  }
}
