// Where the ports an engine publishes are reached from where labcheck runs. A published port lives on
// the engine's host: 127.0.0.1 is right only when that host is this machine (a socket, or tcp:// to a
// loopback name). With DOCKER_HOST=tcp://docker:2376 (GitLab's Docker-in-Docker) or any other remote
// engine, 127.0.0.1 is the job's own loopback and every app would look "not answering".
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Endpoint } from './endpoint.js';

export const LOOPBACK = '127.0.0.1';
const LOOKUP_MS = 5_000;

/** Where the engine's published ports are reached: the address requested, and whether it is another host. */
export interface AppHost {
  /** An IP address, requested as is: `127.0.0.1`, `172.17.0.1`, `fd00::2`. */
  address: string;
  /** True when the engine is not on this machine: `run` then publishes on `address`, not on 127.0.0.1. */
  remote: boolean;
  /** The engine host's name as configured (`docker`), when it was a name rather than an address. */
  name?: string;
}

/** What the endpoint says before any lookup: the local loopback, or the engine's host name or address. */
export type AppHostRule = { kind: 'local' } | { kind: 'remote'; host: string; via: 'tcp' | 'ssh' };

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

/** True for a name or address that means this machine's loopback: `localhost`, `*.localhost`, 127.0.0.0/8, ::1. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(h) || /^::ffff:127\./.test(h);
  return false;
}

/**
 * unix:// and npipe:// (and fd://) are sockets of this machine, and tcp:// to a loopback name or address
 * reaches an engine here: its ports are on 127.0.0.1, as before. tcp://HOST: the engine's ports are on
 * HOST. ssh://HOST: they are on HOST too, and are reached only if HOST's ports are open to this machine
 * (ssh tunnels the API, not the published ports).
 */
export function appHostRule(endpoint: Pick<Endpoint, 'host'>): AppHostRule {
  const { host } = endpoint;
  const scheme = host.slice(0, Math.max(0, host.indexOf('://')));
  if (scheme !== 'tcp' && scheme !== 'ssh') return { kind: 'local' };
  let name: string;
  try {
    name = new URL(host).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return { kind: 'local' };
  }
  if (name === '' || isLoopback(name)) return { kind: 'local' };
  return { kind: 'remote', host: name, via: scheme };
}

export type Lookup = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

export class AppHostError extends Error {
  readonly code = 'APP_HOST';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppHostError';
  }
}

/** The address of the engine's host, its name looked up once within the deadline, an IPv4 address preferred (Docker publishes IPv4 by default). */
export async function resolveAppHost(endpoint: Pick<Endpoint, 'host'>, options: { lookup?: Lookup; timeoutMs?: number } = {}): Promise<AppHost> {
  const rule = appHostRule(endpoint);
  if (rule.kind === 'local') return { address: LOOPBACK, remote: false };
  if (isIP(rule.host)) return { address: rule.host, remote: true };
  const lookup = options.lookup ?? ((h: string, o: { all: true }) => dnsLookup(h, o));
  const timeoutMs = options.timeoutMs ?? LOOKUP_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppHostError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  let found: { address: string; family: number }[];
  try {
    found = await Promise.race([lookup(rule.host, { all: true }), deadline]);
  } catch (e) {
    throw new AppHostError(
      `the engine's host ${rule.host} (${endpoint.host}) could not be looked up to reach the ports it publishes: ${(e as Error).message}`,
      { cause: e },
    );
  } finally {
    clearTimeout(timer);
  }
  const chosen = found.find((a) => a.family === 4) ?? found[0];
  if (!chosen) throw new AppHostError(`the engine's host ${rule.host} (${endpoint.host}) has no address`);
  // A name that resolves to this machine's loopback (an /etc/hosts entry) is a local engine after all.
  if (isLoopback(chosen.address)) return { address: LOOPBACK, remote: false };
  return { address: chosen.address, remote: true, name: rule.host };
}

/** `host:port` as a URL and curl write it: an IPv6 address in brackets. */
export const hostPort = (address: string, port: number | string): string => `${isIP(address) === 6 ? `[${address}]` : address}:${port}`;

/** The `-p` value publishing 8080 on the app host (port '' = any free one): on 127.0.0.1 locally, on the engine host's address when remote. */
export const publishArg = (host: AppHost, port: number | string, containerPort: number): string => `${hostPort(host.address, port)}:${containerPort}`;

/** The engine's words when it cannot bind the address asked for (its host does not own it: NAT, a proxy, a forwarded port). */
export const CANNOT_BIND = /cannot assign requested address/i;

/** A local engine's: its published ports on this machine's loopback. */
export const LOCAL_APP_HOST: AppHost = { address: LOOPBACK, remote: false };

/** How a message names the host requested: `127.0.0.1`, or `172.17.0.1 (the engine's host docker)`. */
export const describeAppHost = (host: AppHost): { en: string; zh: string } =>
  host.remote
    ? { en: `${host.address} (the engine's host${host.name ? ` ${host.name}` : ''})`, zh: `${host.address}（引擎所在主机${host.name ? ` ${host.name}` : ''}）` }
    : { en: host.address, zh: host.address };

/** Why publishing failed when the engine's host does not own the address labcheck reaches it at, and what to do: said, never guessed around. */
export function cannotBindText(host: AppHost, error: string): { en: string; zh: string } {
  // The engine's own line, not the CLI's "Run 'docker run --help'" after it.
  const lines = error.trim().split('\n');
  const last = (lines.find((l) => CANNOT_BIND.test(l)) ?? lines.at(-1) ?? '').trim();
  return {
    en:
      `the engine could not publish the app on ${host.address}, the address labcheck reaches the engine's host at (${last}): that host does not own the address, as behind NAT or a port forward. ` +
      "Point DOCKER_HOST at an address the engine's host itself has (e.g. tcp://<its IP>:2376), or run labcheck on the engine's host",
    zh:
      `引擎无法在 ${host.address} 上发布应用，这是 labcheck 访问引擎所在主机所用的地址（${last}）：该主机并不拥有这个地址（例如位于 NAT 或端口转发之后）。` +
      '请让 DOCKER_HOST 指向引擎所在主机自己的地址（例如 tcp://<它的 IP>:2376），或在引擎所在主机上运行 labcheck',
  };
}
