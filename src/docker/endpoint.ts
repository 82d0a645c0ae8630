import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { DockerOptions } from 'dockerode';

export interface EndpointTls {
  ca?: string;
  cert?: string;
  key?: string;
  verify: boolean;
}

/** Whose well-known socket a default endpoint is: the engine conventionally listening there, until it answers. */
export type SocketKind = 'docker' | 'docker-rootless' | 'docker-desktop' | 'colima' | 'podman' | 'podman-rootless' | 'podman-machine';

export interface SocketCandidate {
  host: string;
  kind: SocketKind;
}

export interface Endpoint {
  /** Normalised as the docker CLI does: 'unix:///var/run/docker.sock', 'tcp://host:2376', 'ssh://user@host', 'npipe:////./pipe/docker_engine'. */
  host: string;
  source: 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config' | 'default';
  /** For a default endpoint: whose well-known socket it is. */
  socket?: SocketKind;
  /** Context name, when the endpoint came from a context. */
  context?: string;
  /** Docker CLI config directory the context was read from, so a child CLI can select the same context. */
  configDir?: string;
  /** Paths to PEM files, when TLS applies. */
  tls?: EndpointTls;
}

export interface ResolveInput {
  env: NodeJS.ProcessEnv;
  home: string;
  platform: NodeJS.Platform;
  /** File contents, or undefined when the file does not exist. */
  readFile?: (p: string) => string | undefined;
  exists?: (p: string) => boolean;
  /** The user's uid, for /run/user/<uid> when XDG_RUNTIME_DIR is unset (Linux); left out, that fallback is not looked at. */
  uid?: number;
  /** Only Podman's sockets: the podman CLI (LABCHECK_DOCKER=podman) works on Podman's own store, never on Docker's. */
  podmanOnly?: boolean;
}

export class EndpointError extends Error {
  readonly code = 'ENDPOINT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EndpointError';
  }
}

const DEFAULT_CONTEXT = 'default';
const UNIX_DEFAULT = '/var/run/docker.sock';
const NPIPE_DEFAULT = '//./pipe/docker_engine';
const TLS_FILES = { ca: 'ca.pem', cert: 'cert.pem', key: 'key.pem' } as const;

function defaultReadFile(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

const nonEmpty = (v: string | undefined): v is string => v !== undefined && v !== '';

/** The docker CLI's config.Dir(): $DOCKER_CONFIG, else ~/.docker. */
function configDirOf(input: ResolveInput): string {
  return nonEmpty(input.env.DOCKER_CONFIG) ? input.env.DOCKER_CONFIG : join(input.home, '.docker');
}

/** Mirrors docker/cli opts.ParseHost for a non-empty value; throws on a scheme the CLI refuses. */
export function normalizeHost(raw: string): string {
  const value = raw.trim();
  const sep = value.indexOf('://');
  let proto: string;
  let rest: string;
  if (sep < 0) {
    rest = value;
    proto = value.startsWith('/') || value.startsWith('./') ? 'unix' : 'tcp';
  } else {
    proto = value.slice(0, sep);
    rest = value.slice(sep + 3);
  }
  switch (proto) {
    case 'tcp':
      return normalizeTcp(rest, value);
    case 'unix':
      if (rest.includes('://')) throw new Error(`invalid proto, expected unix: ${value}`);
      return `unix://${rest || UNIX_DEFAULT}`;
    case 'npipe':
      if (rest.includes('://')) throw new Error(`invalid proto, expected npipe: ${value}`);
      return `npipe://${rest || NPIPE_DEFAULT}`;
    case 'ssh':
    case 'fd':
      return value;
    default:
      throw new Error(`invalid bind address format: ${value} (use unix://, tcp://, ssh:// or npipe://)`);
  }
}

function normalizeTcp(rest: string, original: string): string {
  // The CLI defaults to port 2375 here even with TLS on; only an empty DOCKER_HOST yields :2376.
  if (rest === '') return 'tcp://localhost:2375';
  if (rest.includes('://')) throw new Error(`invalid proto, expected tcp: ${original}`);
  let addr = rest.endsWith(']:') ? `${rest}2375` : rest;
  if (addr.startsWith(':')) addr = `localhost${addr}`;
  let url: URL;
  try {
    url = new URL(`tcp://${addr}`);
  } catch {
    throw new Error(`invalid bind address format: ${original}`);
  }
  if (url.hostname === '') throw new Error(`invalid bind address format: ${original}`);
  return `tcp://${url.hostname}:${url.port || '2375'}${url.pathname}`;
}

function parseJson(text: string, path: string, what: string, fix: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new EndpointError(`${what} ${path} is not valid JSON (${(e as Error).message}). ${fix}`, { cause: e });
  }
}

function read(readFile: (p: string) => string | undefined, path: string, what: string): string | undefined {
  try {
    return readFile(path);
  } catch (e) {
    throw new EndpointError(`cannot read ${what} ${path}: ${(e as Error).message}. Check its permissions.`, { cause: e });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function contextId(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/** currentContext from config.json; undefined when the file or the field is absent or empty. */
function currentContextOf(configPath: string, readFile: (p: string) => string | undefined): string | undefined {
  const text = read(readFile, configPath, 'Docker CLI config');
  if (text === undefined) return undefined;
  const config = parseJson(text, configPath, 'Docker CLI config', 'Fix or remove the file, or set DOCKER_HOST to choose the engine explicitly.');
  if (config === null) return undefined;
  if (!isObject(config)) {
    throw new EndpointError(`Docker CLI config ${configPath} must hold a JSON object. Fix or remove the file.`);
  }
  const current = config.currentContext;
  if (current === undefined || current === null || current === '') return undefined;
  if (typeof current !== 'string') {
    throw new EndpointError(`"currentContext" in ${configPath} must be a string. Run \`docker context use default\` to reset it.`);
  }
  return current;
}

/** The engine the docker CLI would talk to, resolved as docker/cli resolveContextName + context store do; without one configured, the first socket found. */
export function resolveEndpoint(input: ResolveInput): Endpoint {
  return resolveEndpoints(input)[0] as Endpoint;
}

/**
 * Where to look for the engine, in order: the one endpoint DOCKER_HOST or a context names, else every
 * well-known socket that exists (which of them answers is for a ping to decide), else the CLI's own
 * default so that the error names it.
 */
export function resolveEndpoints(input: ResolveInput): Endpoint[] {
  const readFile = input.readFile ?? defaultReadFile;
  const exists = input.exists ?? existsSync;
  const { env } = input;
  const configDir = configDirOf(input);

  // A non-empty DOCKER_HOST selects the default context, whatever DOCKER_CONTEXT says.
  if (nonEmpty(env.DOCKER_HOST)) return defaultEndpoints(input, exists);

  let name: string;
  let source: 'DOCKER_CONTEXT' | 'config';
  let origin: string;
  if (nonEmpty(env.DOCKER_CONTEXT)) {
    name = env.DOCKER_CONTEXT;
    source = 'DOCKER_CONTEXT';
    origin = 'named by DOCKER_CONTEXT';
  } else {
    const configPath = join(configDir, 'config.json');
    const current = currentContextOf(configPath, readFile);
    if (current === undefined) return defaultEndpoints(input, exists);
    name = current;
    source = 'config';
    origin = `set as currentContext in ${configPath}`;
  }
  if (name === DEFAULT_CONTEXT) return defaultEndpoints(input, exists);
  return [contextEndpoint(name, source, origin, configDir, readFile, exists, input.platform)];
}

function contextEndpoint(
  name: string,
  source: 'DOCKER_CONTEXT' | 'config',
  origin: string,
  configDir: string,
  readFile: (p: string) => string | undefined,
  exists: (p: string) => boolean,
  platform: NodeJS.Platform,
): Endpoint {
  const id = contextId(name);
  const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const text = read(readFile, metaPath, `metadata of Docker context "${name}"`);
  const fixEnv = source === 'DOCKER_CONTEXT' ? 'unset DOCKER_CONTEXT or set it to one of them' : 'run `docker context use <name>` with one of them';
  if (text === undefined) {
    throw new EndpointError(
      `Docker context "${name}" (${origin}) does not exist: ${metaPath} not found. ` +
        `Run \`docker context ls\` to see the contexts, then ${fixEnv}.`,
    );
  }
  const meta = parseJson(
    text,
    metaPath,
    `metadata of Docker context "${name}"`,
    `Recreate the context (\`docker context rm ${name}\`, \`docker context create ${name} ...\`) or ${fixEnv}.`,
  );
  const docker = isObject(meta) && isObject(meta.Endpoints) ? meta.Endpoints.docker : undefined;
  if (!isObject(docker)) {
    throw new EndpointError(
      `Docker context "${name}" has no docker endpoint in ${metaPath}. Run \`docker context inspect ${name}\` to check it, or ${fixEnv}.`,
    );
  }
  const rawHost = typeof docker.Host === 'string' && docker.Host !== '' ? docker.Host : undefined;
  let host: string;
  try {
    host = rawHost === undefined ? defaultSocket(platform) : normalizeHost(rawHost);
  } catch (e) {
    throw new EndpointError(`Docker context "${name}" in ${metaPath}: ${(e as Error).message}.`, { cause: e });
  }
  const skipVerify = docker.SkipTLSVerify === true;
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const tls: EndpointTls = { verify: !skipVerify };
  for (const [k, file] of Object.entries(TLS_FILES) as [keyof typeof TLS_FILES, string][]) {
    const p = join(tlsDir, file);
    if (exists(p)) tls[k] = p;
  }
  // As docker/cli Endpoint.tlsConfig: TLS applies with TLS material or SkipTLSVerify; ssh goes through a connection helper instead.
  const hasTls = (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined || skipVerify) && !host.startsWith('ssh://');
  return { host, source, context: name, configDir, ...(hasTls ? { tls } : {}) };
}

function defaultSocket(platform: NodeJS.Platform): string {
  return platform === 'win32' ? `npipe://${NPIPE_DEFAULT}` : `unix://${UNIX_DEFAULT}`;
}

/**
 * The sockets engines listen on when nothing is configured, Docker's before Podman's: the system
 * socket; rootless Docker's (docs.docker.com/engine/security/rootless: $XDG_RUNTIME_DIR/docker.sock);
 * Docker Desktop's per-user socket on macOS (~/.docker/run, Desktop 4.13+) and on Linux
 * (~/.docker/desktop); Colima's; then Podman's system service (/run/podman/podman.sock), its rootless
 * one ($XDG_RUNTIME_DIR/podman/podman.sock, `systemctl --user enable --now podman.socket`), and on
 * macOS a Podman machine's forwarded socket (Podman 5: $TMPDIR/podman/<machine>-api.sock; 4.x:
 * ~/.local/share/containers/podman/machine/{qemu,podman-machine-default}/podman.sock). testcontainers-node's
 * UnixSocketStrategy and RootlessUnixSocketStrategy look at the Docker ones the same way.
 */
export function socketCandidates(input: Pick<ResolveInput, 'env' | 'home' | 'platform' | 'uid' | 'podmanOnly'>): SocketCandidate[] {
  const all = allCandidates(input);
  return input.podmanOnly ? all.filter((c) => c.kind.startsWith('podman')) : all;
}

function allCandidates(input: Pick<ResolveInput, 'env' | 'home' | 'platform' | 'uid'>): SocketCandidate[] {
  const { env, home, platform, uid } = input;
  if (platform === 'win32') {
    return [
      { host: `npipe://${NPIPE_DEFAULT}`, kind: 'docker' },
      { host: 'npipe:////./pipe/podman-machine-default', kind: 'podman-machine' },
    ];
  }
  const runtimeDir = nonEmpty(env.XDG_RUNTIME_DIR) ? env.XDG_RUNTIME_DIR : platform === 'linux' && uid !== undefined ? `/run/user/${uid}` : undefined;
  const machines = join(home, '.local', 'share', 'containers', 'podman', 'machine');
  const paths: [string | undefined, SocketKind][] = [
    [UNIX_DEFAULT, 'docker'],
    [runtimeDir && join(runtimeDir, 'docker.sock'), 'docker-rootless'],
    [join(home, '.docker', 'run', 'docker.sock'), 'docker-desktop'],
    [join(home, '.docker', 'desktop', 'docker.sock'), 'docker-desktop'],
    [join(home, '.colima', 'default', 'docker.sock'), 'colima'],
    [platform === 'linux' ? '/run/podman/podman.sock' : undefined, 'podman'],
    [platform === 'linux' && runtimeDir ? join(runtimeDir, 'podman', 'podman.sock') : undefined, 'podman-rootless'],
    [platform === 'darwin' && nonEmpty(env.TMPDIR) ? join(env.TMPDIR, 'podman', 'podman-machine-default-api.sock') : undefined, 'podman-machine'],
    [platform === 'darwin' ? join(machines, 'qemu', 'podman.sock') : undefined, 'podman-machine'],
    [platform === 'darwin' ? join(machines, 'podman-machine-default', 'podman.sock') : undefined, 'podman-machine'],
  ];
  return paths.flatMap(([path, kind]) => (path === undefined ? [] : [{ host: `unix://${path}`, kind }]));
}

/** The "default" context: DOCKER_HOST with TLS from DOCKER_TLS_VERIFY/DOCKER_TLS/DOCKER_CERT_PATH, else the local sockets that exist. */
function defaultEndpoints(input: ResolveInput, exists: (p: string) => boolean): Endpoint[] {
  const { env } = input;
  const verify = nonEmpty(env.DOCKER_TLS_VERIFY);
  let tls: EndpointTls | undefined;
  if (verify || nonEmpty(env.DOCKER_TLS)) {
    const certPath = nonEmpty(env.DOCKER_CERT_PATH) ? env.DOCKER_CERT_PATH : configDirOf(input);
    const ca = join(certPath, TLS_FILES.ca);
    const cert = join(certPath, TLS_FILES.cert);
    const key = join(certPath, TLS_FILES.key);
    // The CLI always reads ca.pem when TLS is on and fails without it; cert/key are optional.
    if (!exists(ca)) {
      throw new EndpointError(
        `${verify ? 'DOCKER_TLS_VERIFY' : 'DOCKER_TLS'} is set but ${ca} does not exist. ` +
          'Set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY/DOCKER_TLS.',
      );
    }
    tls = { ca, verify, ...(exists(cert) ? { cert } : {}), ...(exists(key) ? { key } : {}) };
  }

  const raw = (env.DOCKER_HOST ?? '').trim();
  if (raw !== '') {
    let host: string;
    try {
      host = normalizeHost(raw);
    } catch (e) {
      throw new EndpointError(`DOCKER_HOST=${JSON.stringify(env.DOCKER_HOST)} is not usable: ${(e as Error).message}.`, { cause: e });
    }
    return [{ host, source: 'DOCKER_HOST', ...(tls && !host.startsWith('ssh://') ? { tls } : {}) }];
  }
  // With TLS requested and no host, the CLI's default is tcp://localhost:2376.
  if (tls) return [{ host: 'tcp://localhost:2376', source: 'default', tls }];
  const candidates = socketCandidates(input);
  // A named pipe cannot be looked for as a file: the ping tells.
  const found = candidates.filter((c) => c.host.startsWith('npipe://') || exists(c.host.slice('unix://'.length)));
  return (found.length > 0 ? found : candidates.slice(0, 1)).map((c) => ({ host: c.host, source: 'default', socket: c.kind }));
}

export interface DockerodeIo {
  /** Reads a PEM file; defaults to fs.readFileSync. */
  readFile?: (p: string) => string | Buffer;
  /** For SSH_AUTH_SOCK and the ssh user fallback; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Options for `new Dockerode()`; every connection field is set, even to undefined, as docker-modem fills gaps from process.env. */
export function dockerodeOptions(ep: Endpoint, io: DockerodeIo = {}): DockerOptions {
  const env = io.env ?? process.env;
  const readPem = (p: string | undefined): string | Buffer | undefined => {
    if (p === undefined) return undefined;
    try {
      return (io.readFile ?? readFileSync)(p);
    } catch (e) {
      throw new EndpointError(`cannot read TLS file ${p} for ${describeEndpoint(ep)}: ${(e as Error).message}`, { cause: e });
    }
  };
  const blank: DockerOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    username: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
  };
  const tlsFields = (): Partial<DockerOptions> & { agent?: HttpsAgent } => {
    if (!ep.tls) return {};
    const pem = { ca: readPem(ep.tls.ca), cert: readPem(ep.tls.cert), key: readPem(ep.tls.key) };
    // docker-modem has no rejectUnauthorized option; an agent's options override the request's.
    return ep.tls.verify ? pem : { ...pem, agent: new HttpsAgent({ ...pem, rejectUnauthorized: false }) };
  };

  const scheme = ep.host.slice(0, Math.max(0, ep.host.indexOf('://')));
  switch (scheme) {
    case 'unix':
    case 'npipe': {
      const socketPath = ep.host.slice(scheme.length + 3) || (scheme === 'unix' ? UNIX_DEFAULT : NPIPE_DEFAULT);
      return { ...blank, socketPath, protocol: ep.tls ? 'https' : 'http', ...tlsFields() };
    }
    case 'tcp': {
      const url = new URL(ep.host);
      return {
        ...blank,
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: Number(url.port || '2375'),
        protocol: ep.tls ? 'https' : 'http',
        ...tlsFields(),
      };
    }
    case 'ssh': {
      const url = new URL(ep.host);
      const agent = env.SSH_AUTH_SOCK;
      return {
        ...blank,
        protocol: 'ssh',
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: Number(url.port || '22'),
        // ssh itself defaults to the local user name.
        username: decodeURIComponent(url.username) || env.USER || env.USERNAME || userInfo().username,
        ...(agent ? { sshOptions: { agent } } : {}),
      };
    }
    default:
      throw new EndpointError(`${ep.host} cannot be used by the Docker API client: use a unix://, tcp://, ssh:// or npipe:// host.`);
  }
}

/** Env overrides so docker CLI children reach the same engine; undefined means "remove" (spawn drops it), so stray parent vars cannot win. */
export function cliEnv(ep: Endpoint): Record<string, string | undefined> {
  const cleared = {
    DOCKER_HOST: undefined,
    DOCKER_CONTEXT: undefined,
    DOCKER_TLS_VERIFY: undefined,
    DOCKER_TLS: undefined,
    DOCKER_CERT_PATH: undefined,
  };
  // The CLI's env can only express TLS with a ca.pem (it always reads one) and verification; otherwise select the context itself.
  if (ep.tls && ep.context !== undefined && ep.configDir !== undefined && (!ep.tls.verify || ep.tls.ca === undefined)) {
    return { ...cleared, DOCKER_CONTEXT: ep.context, DOCKER_CONFIG: ep.configDir };
  }
  if (!ep.tls) return { ...cleared, DOCKER_HOST: ep.host };
  const pemDir = ep.tls.ca ?? ep.tls.cert ?? ep.tls.key;
  return {
    ...cleared,
    DOCKER_HOST: ep.host,
    ...(ep.tls.verify ? { DOCKER_TLS_VERIFY: '1' } : { DOCKER_TLS: '1' }),
    ...(pemDir !== undefined ? { DOCKER_CERT_PATH: dirname(pemDir) } : {}),
  };
}

const SOCKET_NAMES: Record<SocketKind, string> = {
  docker: 'default socket',
  'docker-rootless': "rootless Docker's socket",
  'docker-desktop': "Docker Desktop's socket",
  colima: "Colima's socket",
  podman: "Podman's socket",
  'podman-rootless': "rootless Podman's socket",
  'podman-machine': "Podman machine's socket",
};

/** One human line naming the endpoint and where it came from. */
export function describeEndpoint(ep: Endpoint): string {
  let origin: string;
  switch (ep.source) {
    case 'DOCKER_HOST':
      origin = 'DOCKER_HOST';
      break;
    case 'DOCKER_CONTEXT':
    case 'config':
      origin = `context ${JSON.stringify(ep.context ?? '?')}`;
      break;
    default:
      origin = ep.host.startsWith('tcp://') ? 'default TLS host' : SOCKET_NAMES[ep.socket ?? 'docker'];
  }
  const tls = ep.tls ? (ep.tls.verify ? ', TLS' : ', TLS without verification') : '';
  return `${ep.host} (${origin}${tls})`;
}
