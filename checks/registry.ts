// Registry references, a throwaway registry:2 of the run's own, and manifest reads over HTTP with deadlines.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CheckContext, StepContext } from '../src/engine/context.js';
import { EnvironmentError } from '../src/engine/errors.js';
import { poll, timeoutSignal, withDeadline } from '../src/engine/deadline.js';
import { inspectContainer } from '../src/docker/api.js';
import type { CliResult } from '../src/docker/cli.js';
import { hostPort, isLoopback as isLoopbackName, publishArg } from '../src/docker/app-host.js';

// The index types too: the containerd image store (Engine 29, Docker Desktop) pushes an image's index as it
// is, attestations and all, and its digest is the image's Id and RepoDigest; asked for a manifest only,
// a registry would answer with another digest (or not at all).
export const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
] as const;

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `--registry HOST[:PORT][/NAMESPACE]` split in two. */
export interface RegistryTarget {
  host: string;
  namespace?: string;
}

export function parseRegistry(spec: string): RegistryTarget {
  const slash = spec.indexOf('/');
  if (slash < 0) return { host: spec };
  const namespace = spec.slice(slash + 1).replace(/\/+$/, '');
  return namespace ? { host: spec.slice(0, slash), namespace } : { host: spec.slice(0, slash) };
}

/** The host without its port: `127.0.0.1:5000` → `127.0.0.1`, `[::1]:5000` → `::1`. */
export function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1] ?? host;
  return host.replace(/:\d+$/, '');
}

/** Registries on this machine: the only ones labcheck queries in check mode, and plain HTTP as the daemon allows. */
export const isLoopback = (host: string): boolean => isLoopbackName(hostnameOf(host));

export const isDockerHub = (host: string): boolean => DOCKER_HUB_ALIASES.has(host.toLowerCase());

/**
 * Splits an image reference as the docker CLI does: the first component is a registry host when it
 * has a dot or a port or is `localhost`; otherwise the image lives on Docker Hub.
 */
export function splitReference(ref: string): { host: string; path: string; tag: string } {
  const at = ref.indexOf('@');
  const withoutDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : 'latest';
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const isHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let host = isHost ? first : DOCKER_HUB;
  let path = isHost ? name.slice(slash + 1) : name;
  if (isDockerHub(host)) {
    host = DOCKER_HUB;
    if (!path.includes('/')) path = `library/${path}`;
  }
  return { host, path, tag };
}

/** A repository name as the engine writes it in RepoTags/RepoDigests (`yourid/kubia`, `127.0.0.1:5000/x/kubia`). */
export function familiarRepository(ref: string): string {
  const { host, path } = splitReference(ref);
  if (host !== DOCKER_HUB) return `${host}/${path}`;
  return path.startsWith('library/') ? path.slice('library/'.length) : path;
}

/** The digest of `repository` among an image's RepoDigests (`repo@sha256:…`), however the repository is spelled. */
export function repoDigestFor(repoDigests: readonly string[] | undefined, repository: string): string | undefined {
  const wanted = familiarRepository(repository);
  for (const entry of repoDigests ?? []) {
    const at = entry.lastIndexOf('@');
    if (at < 0) continue;
    if (familiarRepository(entry.slice(0, at)) === wanted) return entry.slice(at + 1);
  }
  return undefined;
}

/** Where to push in a run: `<host>/<id>/kubia:1.0`; under someone's namespace a run uses a tag of its own, so it never overwrites theirs. */
export function remoteReference(target: RegistryTarget, userId: string, runScoped: boolean, runId: string): string {
  if (!target.namespace) return `${target.host}/${userId}/kubia:1.0`;
  return `${target.host}/${target.namespace}/kubia:${runScoped ? `1.0-${runId}` : '1.0'}`;
}

/** The registry's API base: plain HTTP on loopback (always 127.0.0.1 for localhost), HTTPS elsewhere, Docker Hub's API host for docker.io. */
export function registryBaseUrl(host: string): string {
  if (isDockerHub(host)) return 'https://registry-1.docker.io';
  if (isLoopback(host)) {
    const port = /:(\d+)$/.exec(host)?.[1];
    const name = hostnameOf(host);
    const address = name === '::1' ? '[::1]' : name.toLowerCase() === 'localhost' ? '127.0.0.1' : name;
    return `http://${address}${port ? `:${port}` : ''}`;
  }
  return `https://${host}`;
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters; undefined for other schemes. */
export function parseBearerChallenge(header: string | null | undefined): Record<string, string> | undefined {
  const match = /^\s*Bearer\s+(.*)$/i.exec(header ?? '');
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of (match[1] ?? '').matchAll(/([a-zA-Z_]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g)) {
    if (key) params[key.toLowerCase()] = quoted ?? bare ?? '';
  }
  return params.realm ? params : undefined;
}

export type ManifestAnswer =
  | { kind: 'found'; digest: string; mediaType: string; url: string; /** An image manifest's config digest (an index has none). */ config?: string }
  | { kind: 'missing'; status: number; detail: string; url: string }
  | { kind: 'denied'; status: number; detail: string; url: string };

export interface FetchOptions {
  signal: AbortSignal;
  /** Per request; the caller's signal bounds the whole. */
  timeoutMs?: number;
}

/** The registry did not answer at all: the environment's fault, not the student's. */
export class RegistryUnreachableError extends EnvironmentError {}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const MAX_REDIRECTS = 5;
// Manifests and token answers are a few KiB; a registry that sends more is cut here.
const MAX_BODY = 4 * 1024 * 1024;

/**
 * One GET with node:http(s), following redirects, without keep-alive. Not fetch(): loading undici
 * and its keep-alive sockets cost `labcheck check` ~80 ms, and ~180 ms more before the process
 * could exit (measured with `npm run bench`).
 */
async function request(url: string, headers: Record<string, string>, options: FetchOptions, redirects = MAX_REDIRECTS): Promise<Answer> {
  const signal = timeoutSignal(options.signal, options.timeoutMs ?? 10_000);
  const target = new URL(url);
  const { request: send } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  let answer: Answer;
  try {
    answer = await new Promise<Answer>((resolve, reject) => {
      const req = send(target, { method: 'GET', headers, agent: false, signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY) chunks.push(chunk);
          size += chunk.length;
        });
        let ended = false;
        res.on('end', () => {
          ended = true;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, MAX_BODY) });
        });
        res.on('error', reject);
        // Cut off mid-answer (the deadline, or the registry went away): never wait for an end that cannot come.
        res.on('close', () => ended || reject(Object.assign(new Error('the connection closed before the answer ended'), { code: 'ECONNRESET' })));
      });
      req.on('error', reject);
      req.end();
    });
  } catch (cause) {
    if (options.signal.aborted) throw cause;
    const detail = signal.aborted ? `no answer within ${options.timeoutMs ?? 10_000} ms` : ((cause as NodeJS.ErrnoException).code ?? (cause as Error).message);
    throw new RegistryUnreachableError(`the registry at ${target.origin} did not answer (${detail})`, { cause });
  }
  const location = answer.headers.location;
  if (answer.status >= 300 && answer.status < 400 && location && redirects > 0) {
    return request(new URL(location, target).toString(), headers, options, redirects - 1);
  }
  return answer;
}

const header = (answer: Answer, name: string): string | undefined => {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const shortBody = (answer: Answer): string => answer.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 300);

/** An anonymous token for a Bearer challenge; undefined when the realm gives none. */
async function bearerToken(challenge: Record<string, string>, options: FetchOptions): Promise<string | undefined> {
  const url = new URL(challenge.realm ?? '');
  if (challenge.service) url.searchParams.set('service', challenge.service);
  if (challenge.scope) url.searchParams.set('scope', challenge.scope);
  const answer = await request(url.toString(), { Accept: 'application/json' }, options);
  if (answer.status !== 200) return undefined;
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as { token?: string; access_token?: string };
    return body.token ?? body.access_token;
  } catch {
    return undefined;
  }
}

/**
 * GET /v2/<path>/manifests/<reference> as a v2 client does, with the digest the registry serves
 * (the Docker-Content-Digest header, else the sha256 of the body). Follows a Bearer challenge
 * with an anonymous token; credentials are never read. Throws RegistryUnreachableError when
 * nothing answers.
 */
export async function fetchManifest(host: string, path: string, reference: string, options: FetchOptions & { base?: string }): Promise<ManifestAnswer> {
  const url = `${options.base ?? registryBaseUrl(host)}/v2/${path}/manifests/${reference}`;
  const headers: Record<string, string> = { Accept: MANIFEST_TYPES.join(', ') };
  let answer = await request(url, headers, options);
  if (answer.status === 401) {
    const challenge = parseBearerChallenge(header(answer, 'www-authenticate'));
    const token = challenge ? await bearerToken(challenge, options) : undefined;
    if (!token) return { kind: 'denied', status: 401, detail: 'the registry asks for credentials', url };
    answer = await request(url, { ...headers, Authorization: `Bearer ${token}` }, options);
  }
  if (answer.status === 401 || answer.status === 403) {
    return { kind: 'denied', status: answer.status, detail: shortBody(answer), url };
  }
  if (answer.status < 200 || answer.status >= 300) return { kind: 'missing', status: answer.status, detail: shortBody(answer), url };
  const digest = header(answer, 'docker-content-digest') ?? `sha256:${createHash('sha256').update(answer.body).digest('hex')}`;
  const config = configDigestOf(answer.body);
  return { kind: 'found', digest, mediaType: header(answer, 'content-type') ?? '', url, ...(config ? { config } : {}) };
}

/** The config digest of an image manifest's body: the image's ID where the ID is its config's digest (Docker's graph-driver store, Podman). */
export function configDigestOf(body: Buffer | string): string | undefined {
  try {
    const digest = (JSON.parse(body.toString()) as { config?: { digest?: unknown } }).config?.digest;
    return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined;
  } catch {
    return undefined;
  }
}

/** True once GET /v2/ answers at all (200, or 401 asking for a login); undefined while nothing answers. */
async function answers(base: string, options: FetchOptions): Promise<number | undefined> {
  try {
    return (await request(`${base}/v2/`, {}, options)).status;
  } catch (e) {
    if (e instanceof RegistryUnreachableError) return undefined;
    throw e;
  }
}

/** Waits until the registry's /v2/ answers, retrying within deadlineMs; an EnvironmentError naming the limit otherwise. */
export async function waitForRegistry(host: string, signal: AbortSignal, deadlineMs = 30_000, base = registryBaseUrl(host)): Promise<number> {
  const result = await withDeadline(deadlineMs, signal, (inner) => poll(() => answers(base, { signal: inner, timeoutMs: 2000 }), inner, 200));
  if (result.kind === 'done' && result.value !== undefined) return result.value;
  if (result.kind === 'aborted') throw signal.reason ?? new Error('aborted');
  throw new RegistryUnreachableError(`the registry ${host} did not answer GET ${base}/v2/ within ${deadlineMs} ms`);
}

/**
 * Where labcheck reads a registry: at its own name, except a registry on a remote engine's loopback
 * (the run's throwaway one), which the engine pushes to as 127.0.0.1:<port> and labcheck reads where
 * the same container also publishes on the engine host's address.
 */
export async function registryApiBase(ctx: CheckContext, host: string): Promise<string> {
  const appHost = await ctx.appHost();
  const port = Number(/:(\d+)$/.exec(host)?.[1]);
  if (!appHost.remote || !isLoopback(host) || !port) return registryBaseUrl(host);
  for (const c of await (await ctx.docker()).listContainers()) {
    const loop = c.Ports.find((p) => p.PublicPort === port && isLoopback(p.IP ?? ''));
    const there = loop && c.Ports.find((p) => p.PrivatePort === loop.PrivatePort && p.Type === loop.Type && p.IP === appHost.address && p.PublicPort);
    if (there) return `http://${hostPort(appHost.address, there.PublicPort)}`;
  }
  return registryBaseUrl(host);
}

export interface ThrowawayRegistry {
  /** `127.0.0.1:<port>`, as images are tagged for it. */
  host: string;
  steps: CliResult[];
}

/** The host port the engine bound to the registry's 5000/tcp, once it is there. */
async function boundPort(ctx: CheckContext, container: string): Promise<string | undefined> {
  const docker = await ctx.docker();
  return poll(async () => {
    const info = await inspectContainer(docker, container);
    // '' ends the wait at once: a container that is gone will not get a port.
    if (!info?.State.Running) return info ? undefined : '';
    // The loopback binding: the engine pushes there (plain HTTP is allowed to 127.0.0.0/8 only).
    const bindings = info.NetworkSettings.Ports?.['5000/tcp'] ?? [];
    return (bindings.find((b) => b.HostIp === '127.0.0.1') ?? bindings[0])?.HostPort || undefined;
  }, timeoutSignal(ctx.signal, 10_000));
}

/**
 * A registry:2 of the run's own on a free loopback port, its storage a labelled named volume, so the
 * run's cleanup removes both. A registry of the same name left running (by `solve`) is reused.
 */
export async function startThrowawayRegistry(ctx: StepContext): Promise<ThrowawayRegistry> {
  const { registryContainer: name, registryVolume: volume } = ctx.names;
  const steps: CliResult[] = [];
  const failedStep = (result: CliResult) =>
    new EnvironmentError(`could not start a throwaway registry: ${result.command} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);

  const existing = await inspectContainer(await ctx.docker(), name);
  if (existing && !existing.State.Running) {
    const start = await ctx.step(['start', name]);
    steps.push(start);
    if (!start.ok) throw failedStep(start);
  } else if (!existing) {
    const create = await ctx.step(['volume', 'create', ...ctx.labelArgs(), volume]);
    steps.push(create);
    if (!create.ok) throw failedStep(create);
    // On a remote engine also on its host's address, where labcheck reads what was pushed.
    const appHost = await ctx.appHost();
    const publish = ['-p', '127.0.0.1::5000', ...(appHost.remote ? ['-p', publishArg(appHost, '', 5000)] : [])];
    const run = await ctx.step(['run', '-d', '--name', name, ...ctx.labelArgs(), ...publish, '-v', `${volume}:/var/lib/registry`, 'registry:2']);
    steps.push(run);
    if (!run.ok) throw failedStep(run);
  }
  const port = await boundPort(ctx, name);
  if (!port) throw new EnvironmentError(`the throwaway registry ${name} is not running with a host port for 5000/tcp`);
  const host = `127.0.0.1:${port}`;
  await waitForRegistry(host, ctx.signal, 30_000, await registryApiBase(ctx, host));
  return { host, steps };
}
