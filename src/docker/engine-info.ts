import type { IncomingMessage } from 'node:http';
import type { Docker } from './api.js';
import { timeoutSignal } from '../engine/deadline.js';

export type EngineKind = 'docker' | 'podman';
/** Where images live: containerd's content store and snapshotters, or a graph driver (overlay2, and Podman's containers/storage). */
export type ImageStore = 'containerd' | 'graphdriver';

/** What GET /version says of the engine. Every field an engine may leave out is optional here. */
export interface VersionFacts {
  kind: EngineKind;
  /** How the engine names itself: 'Docker Engine - Community', 'Docker Desktop 4.37.2 (179585)', 'Podman Engine'. */
  product: string;
  desktop: boolean;
  version: string | undefined;
  /** The newest Docker Engine API version it serves (Podman: of its Docker-compatible API). */
  apiVersion: string | undefined;
  minApiVersion: string | undefined;
}

/** What GET /info says of how the engine runs. */
export interface InfoFacts {
  rootless: boolean;
  imageStore: ImageStore;
  /** The graph driver (overlay2, Podman's overlay) or, with the containerd store, the snapshotter (overlayfs). */
  storageDriver: string | undefined;
  rootDir: string | undefined;
  operatingSystem: string | undefined;
}

export interface EngineFacts extends VersionFacts, InfoFacts {}

/**
 * The newest Engine API whose response shapes labcheck knows (Engine 29.0; its fixtures are in the
 * tests). A newer engine is asked for this version, as the docker CLI asks for its own; an older one for its newest.
 */
export const LABCHECK_MAX_API = '1.52';
/** The oldest Engine API labcheck's calls work with (Docker 17.06). */
export const LABCHECK_MIN_API = '1.30';

const SNAPSHOTTER = 'io.containerd.snapshotter.v1';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const API_VERSION = /^\d+\.\d+$/;
export const isApiVersion = (v: string | undefined): v is string => v !== undefined && API_VERSION.test(v);

/** Negative, zero or positive as API version a is older than, the same as, or newer than b ("1.9" < "1.41"). */
export function compareApiVersions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

export const apiAtLeast = (version: string, min: string): boolean => compareApiVersions(version, min) >= 0;

/**
 * The API version to put in every request path, as the docker CLI negotiates it: DOCKER_API_VERSION when
 * set (the CLI then does not negotiate), else the engine's newest (its /_ping `Api-Version` header) capped
 * at labcheck's newest. undefined when the engine does not say: requests then go unversioned, which an
 * engine serves at its newest version.
 */
export function negotiateApiVersion(serverApi: string | undefined, pinned: string | undefined): string | undefined {
  if (pinned !== undefined && pinned !== '') {
    const version = pinned.replace(/^v/, '');
    if (!isApiVersion(version)) throw new Error(`DOCKER_API_VERSION=${JSON.stringify(pinned)} is not an API version such as 1.41`);
    return version;
  }
  if (!isApiVersion(serverApi)) return undefined;
  return compareApiVersions(serverApi, LABCHECK_MAX_API) > 0 ? LABCHECK_MAX_API : serverApi;
}

interface Component {
  Name?: unknown;
  Version?: unknown;
  Details?: unknown;
}

/**
 * Reads GET /version. Docker's engine component is "Engine" (moby daemon/info.go SystemVersion), with
 * Platform.Name the product ("Docker Engine - Community", "Docker Desktop 4.37.2 (179585)"); Podman's is
 * "Podman Engine", whose Details carry libpod's own API versions, not the Docker-compatible ones (podman
 * pkg/api/handlers/compat/version.go), so only the top-level ApiVersion/MinAPIVersion count for it.
 */
export function versionFacts(body: unknown): VersionFacts {
  const v = isObject(body) ? body : {};
  const components = (Array.isArray(v.Components) ? v.Components : []).filter(isObject) as Component[];
  const platform = isObject(v.Platform) ? str(v.Platform.Name) : undefined;
  const podmanComponent = components.find((c) => /podman/i.test(String(c.Name ?? '')));
  const kind: EngineKind = podmanComponent || [platform, str(v.Version)].some((s) => s !== undefined && /podman/i.test(s)) ? 'podman' : 'docker';
  const engine = kind === 'podman' ? podmanComponent : components.find((c) => c.Name === 'Engine');
  const details = kind === 'docker' && engine && isObject(engine.Details) ? engine.Details : {};
  const product = kind === 'podman' ? (str(podmanComponent?.Name) ?? 'Podman Engine') : (platform ?? 'Docker Engine');
  return {
    kind,
    product,
    desktop: kind === 'docker' && /^Docker Desktop\b/.test(product),
    version: str(v.Version) ?? str(engine?.Version),
    apiVersion: str(v.ApiVersion) ?? str(details.ApiVersion),
    minApiVersion: str(v.MinAPIVersion) ?? str(details.MinAPIVersion),
  };
}

/**
 * Reads GET /info. Rootless: SecurityOptions has "name=rootless" (moby fillSecurityOptions; podman
 * compat getSecOpts, which also sets its own Rootless field). The containerd image store: DriverStatus
 * is [["driver-type", "io.containerd.snapshotter.v1"]] (moby daemon/containerd ImageService.LayerStoreStatus).
 */
export function infoFacts(body: unknown): InfoFacts {
  const i = isObject(body) ? body : {};
  const options = (Array.isArray(i.SecurityOptions) ? i.SecurityOptions : []).filter((o): o is string => typeof o === 'string');
  const status = (Array.isArray(i.DriverStatus) ? i.DriverStatus : []).filter(Array.isArray) as unknown[][];
  return {
    rootless: options.some((o) => o.split(',').includes('name=rootless')) || i.Rootless === true,
    imageStore: status.some((pair) => pair.some((s) => s === SNAPSHOTTER)) ? 'containerd' : 'graphdriver',
    storageDriver: str(i.Driver),
    rootDir: str(i.DockerRootDir),
    operatingSystem: str(i.OperatingSystem),
  };
}

export const engineFacts = (version: unknown, info: unknown): EngineFacts => ({ ...versionFacts(version), ...infoFacts(info) });

/** GET a JSON resource of the engine within the signal (dockerode's typed version() and info() take no signal). */
export function engineGet(docker: Docker, path: string, signal?: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    docker.modem.dial({ path, method: 'GET', abortSignal: signal, statusCodes: { 200: true, 500: 'server error' } }, (err, data) => (err ? reject(err) : resolve(data)));
  });
}

/** What an engine's GET /_ping headers say; each is absent when the engine does not send it. */
export interface PingFacts {
  /** Podman when it sends its Libpod-Api-Version header or names itself Libpod in Server. */
  kind: EngineKind;
  /** The engine's version from its Server header ("Docker/20.10.24+dfsg1 (linux)", "Libpod/4.3.1 (linux)"). */
  version: string | undefined;
  /** The newest API version it serves ("Api-Version"). */
  apiVersion: string | undefined;
  /** "2" when the engine defaults to BuildKit (daemon.json features.buildkit), which CLIs before 23.0 follow. */
  builderVersion: string | undefined;
  /** Sent by Podman only. */
  libpodApiVersion: string | undefined;
}

export function pingFacts(headers: Record<string, string | string[] | undefined>): PingFacts {
  const header = (name: string) => {
    const value = headers[name];
    return str(Array.isArray(value) ? value[0] : value);
  };
  const server = /^(Docker|Libpod)\/(\S+)/i.exec(header('server') ?? '');
  const libpodApiVersion = header('libpod-api-version');
  return {
    kind: libpodApiVersion !== undefined || /^libpod$/i.test(server?.[1] ?? '') ? 'podman' : 'docker',
    version: server?.[2] ?? libpodApiVersion,
    apiVersion: header('api-version'),
    builderVersion: header('builder-version'),
    libpodApiVersion,
  };
}

/**
 * GET /_ping for its headers: unversioned, the path every engine serves whatever the version (the docker
 * CLI negotiates with it); versioned, the cheapest proof that the engine accepts that version.
 */
export function pingEngine(docker: Docker, signal?: AbortSignal): Promise<PingFacts> {
  return new Promise((resolve, reject) => {
    docker.modem.dial({ path: '/_ping', method: 'GET', abortSignal: signal, isStream: true, statusCodes: { 200: true, 500: 'server error' } }, (err, res) => {
      if (err) return reject(err);
      const response = res as IncomingMessage;
      response.resume();
      resolve(pingFacts(response.headers));
    });
  });
}

/** The engine's facts from GET /version and GET /info, within the signal. */
export async function readEngineFacts(docker: Docker, signal?: AbortSignal): Promise<EngineFacts> {
  const [version, info] = await Promise.all([engineGet(docker, '/version', signal), engineGet(docker, '/info', signal)]);
  return engineFacts(version, info);
}

/** "Docker Engine 20.10.24", "Docker Desktop 4.37.2 (179585), Engine 27.4.0", "Podman 4.3.1". */
export function engineName(facts: Pick<VersionFacts, 'kind' | 'product' | 'desktop' | 'version'>): string {
  const version = facts.version ?? '(version not reported)';
  if (facts.kind === 'podman') return `Podman ${version}`;
  return facts.desktop ? `${facts.product}, Engine ${version}` : `${facts.product} ${version}`;
}

// One answer per client for a whole run: labs ask again and again, and Podman takes most of a second for /version.
const factsRead = new WeakMap<object, Promise<EngineFacts>>();
const kindRead = new WeakMap<object, Promise<EngineKind>>();
const FACTS_MS = 15_000;

/**
 * The engine's facts (GET /version and /info), read once per client. A failed read is not kept, so the
 * next caller asks again; the read has a deadline of its own, since it is shared by callers with other signals.
 */
export function factsOf(docker: Docker): Promise<EngineFacts> {
  let read = factsRead.get(docker);
  if (!read) {
    read = readEngineFacts(docker, timeoutSignal(undefined, FACTS_MS));
    factsRead.set(docker, read);
    read.catch(() => factsRead.delete(docker));
  }
  return read;
}

/** Docker or Podman, from the engine's /_ping headers (milliseconds, where /version takes Podman most of a second); read once per client. */
export function kindOf(docker: Docker): Promise<EngineKind> {
  let read = kindRead.get(docker);
  if (!read) {
    read = pingEngine(docker, timeoutSignal(undefined, FACTS_MS)).then((p) => p.kind);
    kindRead.set(docker, read);
    read.catch(() => kindRead.delete(docker));
  }
  return read;
}
