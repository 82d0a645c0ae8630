import { homedir } from 'node:os';
import { basename } from 'node:path';
import { EnvironmentError } from '../engine/errors.js';
import { engineHelp, type Docker } from './api.js';
import { describeEndpoint, dockerodeOptions, resolveEndpoint, resolveEndpoints, socketCandidates, type Endpoint, type ResolveInput } from './endpoint.js';
import { negotiateApiVersion, pingEngine, type EngineKind, type PingFacts } from './engine-info.js';

/** A reachable engine: the client, where it is, and what its /_ping says of it. */
export interface Engine {
  docker: Docker;
  endpoint: Endpoint;
  /** The newest Engine API version the engine serves ('unknown' when it does not say). */
  apiVersion: string;
  /** The engine's version ('unknown' when its Server header does not say); readEngineFacts has the rest. */
  version: string;
  kind: EngineKind;
  /** The API version in labcheck's request paths (see negotiateApiVersion); undefined: unversioned. */
  clientApiVersion: string | undefined;
  ping: PingFacts;
}

export interface FindOptions {
  /** Deadline for an endpoint DOCKER_HOST or a context names. */
  timeoutMs?: number;
  /** Deadline for each well-known socket tried in turn. */
  probeMs?: number;
}

const inputOf = (env: NodeJS.ProcessEnv): ResolveInput => ({
  env,
  home: homedir(),
  platform: process.platform,
  uid: process.getuid?.(),
  podmanOnly: /^podman\b/i.test(basename(env.LABCHECK_DOCKER ?? '')),
});

/** The engine as the docker CLI finds it; a broken context configuration is an environment error. */
export function findEndpoint(env: NodeJS.ProcessEnv): Endpoint {
  try {
    return resolveEndpoint(inputOf(env));
  } catch (e) {
    throw new EnvironmentError((e as Error).message, { cause: e });
  }
}

/** Connects and pings within a deadline: an EnvironmentError naming where it looked and the fix otherwise. */
export async function connectEngine(env: NodeJS.ProcessEnv, options: FindOptions = {}): Promise<Engine> {
  return findEngine(inputOf(env), options);
}

/**
 * The engine DOCKER_HOST or the docker context names; without one, the first well-known socket that
 * answers a ping (Docker's before Podman's), as testcontainers-node tries its strategies in turn.
 */
export async function findEngine(input: ResolveInput, options: FindOptions = {}): Promise<Engine> {
  let endpoints: Endpoint[];
  try {
    endpoints = resolveEndpoints(input);
  } catch (e) {
    throw new EnvironmentError((e as Error).message, { cause: e });
  }
  const pinned = input.env.DOCKER_API_VERSION;
  const first = endpoints[0] as Endpoint;
  if (first.socket === undefined) {
    try {
      return await openEngine(first, pinned, options.timeoutMs ?? 5000);
    } catch (e) {
      if (e instanceof EnvironmentError) throw e;
      throw new EnvironmentError(explicitHelp(first, e), { cause: e });
    }
  }
  const failures: { endpoint: Endpoint; cause: unknown }[] = [];
  for (const endpoint of endpoints) {
    try {
      return await openEngine(endpoint, pinned, options.probeMs ?? 2000);
    } catch (cause) {
      // An engine that answered but refused (the API version) is the answer: another engine would surprise.
      if (cause instanceof EnvironmentError) throw cause;
      failures.push({ endpoint, cause });
    }
  }
  const tried = new Set(endpoints.map((e) => e.host));
  const absent = socketCandidates(input).filter((c) => !tried.has(c.host));
  throw new EnvironmentError(noEngineHelp(failures, absent.map((c) => c.host)), { cause: failures[0]?.cause });
}

/**
 * Pings within the deadline, negotiates the API version as the docker CLI does, and pings again with it,
 * so that an engine refusing that version says so now, not at the first lab. Only /_ping: Podman 4.3
 * takes a second or more to answer /version here (dockerd a few milliseconds), on every labcheck run.
 */
async function openEngine(endpoint: Endpoint, pinned: string | undefined, timeoutMs: number): Promise<Engine> {
  const { loadDockerode } = await import('./dockerode.js');
  const Dockerode = loadDockerode();
  const options = dockerodeOptions(endpoint);
  const signal = AbortSignal.timeout(timeoutMs);
  const deadline = (e: unknown): unknown => (signal.aborted ? Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT', cause: e }) : e);

  let ping: PingFacts;
  try {
    ping = await pingEngine(new Dockerode(options), signal);
  } catch (e) {
    throw deadline(e);
  }
  let clientApiVersion: string | undefined;
  try {
    clientApiVersion = negotiateApiVersion(ping.apiVersion, pinned);
  } catch (e) {
    throw new EnvironmentError(`${(e as Error).message}: unset it, or set it as the docker CLI wants it.`, { cause: e });
  }
  const docker = clientApiVersion === undefined ? new Dockerode(options) : new Dockerode({ ...options, version: `v${clientApiVersion}` });
  if (clientApiVersion !== undefined) {
    try {
      await pingEngine(docker, signal);
    } catch (e) {
      // An engine refuses a version outside its range with 400 ("client version 1.41 is too old. Minimum supported API version is 1.44").
      if ((e as { statusCode?: number }).statusCode !== 400) throw deadline(e);
      throw new EnvironmentError(
        `the engine at ${describeEndpoint(endpoint)} refused Engine API ${clientApiVersion}: ${(e as Error).message.trim()}. ` +
          (pinned ? 'Unset DOCKER_API_VERSION.' : 'Upgrade labcheck, or set DOCKER_API_VERSION to a version the engine accepts.'),
        { cause: e },
      );
    }
  }
  return { docker, endpoint, apiVersion: ping.apiVersion ?? 'unknown', version: ping.version ?? 'unknown', kind: ping.kind, clientApiVersion, ping };
}

/** Why an endpoint did not answer, in a few words. */
export function whyNoAnswer(cause: unknown): string {
  const { code, statusCode } = (cause ?? {}) as { code?: string; statusCode?: number };
  if (code === 'EACCES' || /permission denied/i.test(String(cause))) return 'permission denied';
  if (code === 'ECONNREFUSED') return 'nothing listens there (connection refused)';
  if (code === 'ENOENT') return 'no such socket';
  if (code === 'ETIMEDOUT') return (cause as Error).message;
  if (statusCode !== undefined) return `answered HTTP ${statusCode}, not as an engine would`;
  return (cause as Error | undefined)?.message ?? String(cause);
}

const START_HINT =
  'Start Docker (Docker Desktop, or `sudo systemctl start docker`) or Podman (`systemctl --user enable --now podman.socket`), ' +
  'or point DOCKER_HOST / `docker context use` at a running engine; `labcheck doctor` says how to start each.';

/** For the endpoint DOCKER_HOST or a context names: the help as before, and Podman's own when it is Podman's socket. */
function explicitHelp(endpoint: Endpoint, cause: unknown): string {
  const help = engineHelp(endpoint, cause);
  if (!/podman/i.test(endpoint.host) || whyNoAnswer(cause) === 'permission denied') return help;
  return `${help} For Podman: \`systemctl --user enable --now podman.socket\` (rootless), \`sudo systemctl enable --now podman.socket\`, or \`podman system service --time=0\`.`;
}

/** No well-known socket answered: each one tried and why, then how to start an engine. */
export function noEngineHelp(failures: { endpoint: Endpoint; cause: unknown }[], notFound: string[]): string {
  const tried = failures.map((f) => `${describeEndpoint(f.endpoint)}: ${whyNoAnswer(f.cause)}`).join('; ');
  const denied = failures.some((f) => whyNoAnswer(f.cause) === 'permission denied');
  return (
    `no container engine answered at ${tried}.` +
    (notFound.length > 0 ? ` Not found either: ${notFound.join(', ')}.` : '') +
    (denied ? ' For permission denied on the Docker socket: join the docker group (sudo usermod -aG docker $USER, then log in again).' : '') +
    ` ${START_HINT}`
  );
}
