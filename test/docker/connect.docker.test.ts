import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { connectEngine, findEngine } from '../../src/docker/connect.js';
import { engineGet, readEngineFacts } from '../../src/docker/engine-info.js';
import { EnvironmentError } from '../../src/engine/errors.js';

// Podman 4.3's Docker-compatible socket next to dockerd (../shared/docker-offline/podman-up).
const PODMAN = '/run/podman/podman.sock';
const DOCKER = '/var/run/docker.sock';

let dir: string;
const servers: Server[] = [];
const held: Socket[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'labcheck-connect-'));
});
afterEach(async () => {
  for (const s of held.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

/** A socket file nothing listens on any more, as a crashed engine leaves it: its listener was killed before it could unlink it. */
function deadSocket(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  const script = `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
  expect(existsSync(path), `${path} left behind`).toBe(true);
  return path;
}

/** A socket that accepts and never answers, as a hung engine would. */
async function silentSocket(path: string): Promise<string> {
  mkdirSync(join(path, '..'), { recursive: true });
  const server = createServer((socket) => held.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return path;
}

/** The machine as a user with this HOME and XDG_RUNTIME_DIR sees it, with the real sockets in `hidden` taken away. */
function machine(hidden: string[], env: NodeJS.ProcessEnv = {}) {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  return { env: { XDG_RUNTIME_DIR: join(dir, 'run'), ...env }, home, platform: 'linux' as const, exists: (p: string) => !hidden.includes(p) && existsSync(p) };
}

// docker-modem puts this prefix on every request path; its type does not declare the field.
const modemVersion = (docker: { modem: unknown }) => (docker.modem as { version?: string }).version;

const cliServerVersion = async (host: string) => (await execa('docker', ['version', '--format', '{{.Server.Version}}'], { env: { DOCKER_HOST: host } })).stdout.trim();

describe('findEngine against the real engines', () => {
  it('nothing configured: the default socket, dockerd, asked for the API version it serves (1.41)', async () => {
    const engine = await findEngine({ env: {}, home: homedir(), platform: 'linux' });
    expect(engine.endpoint).toMatchObject({ host: `unix://${DOCKER}`, source: 'default', socket: 'docker' });
    expect(engine).toMatchObject({ kind: 'docker', version: await cliServerVersion(`unix://${DOCKER}`), apiVersion: '1.41', clientApiVersion: '1.41' });
    expect(modemVersion(engine.docker)).toBe('v1.41');
    expect((await engine.docker.listContainers({ limit: 1 })).length).toBeLessThanOrEqual(1);
  });

  it('no Docker socket answers: the rootful Podman socket is found, and says it is Podman', async () => {
    const m = machine([DOCKER]);
    deadSocket(join(m.env.XDG_RUNTIME_DIR, 'docker.sock'));
    deadSocket(join(m.home, '.docker', 'desktop', 'docker.sock'));
    const engine = await findEngine(m);
    expect(engine.endpoint).toMatchObject({ host: `unix://${PODMAN}`, source: 'default', socket: 'podman' });
    expect(engine).toMatchObject({ kind: 'podman', version: await cliServerVersion(`unix://${PODMAN}`), apiVersion: '1.41', clientApiVersion: '1.41' });
    expect(engine.ping.libpodApiVersion).toBe(engine.version);
    expect(await readEngineFacts(engine.docker, AbortSignal.timeout(30_000))).toMatchObject({ kind: 'podman', product: 'Podman Engine', minApiVersion: '1.24' });
  });

  it("rootless Podman's socket in XDG_RUNTIME_DIR, when neither Docker nor rootful Podman is there", async () => {
    const m = machine([DOCKER, PODMAN]);
    mkdirSync(join(m.env.XDG_RUNTIME_DIR, 'podman'), { recursive: true });
    symlinkSync(PODMAN, join(m.env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'));
    const engine = await findEngine(m);
    expect(engine.endpoint).toMatchObject({ host: `unix://${join(m.env.XDG_RUNTIME_DIR, 'podman', 'podman.sock')}`, socket: 'podman-rootless' });
    expect(engine.kind).toBe('podman');
  });

  it('a Docker socket that hangs is given up after its deadline, and Podman is found next', async () => {
    const m = machine([DOCKER]);
    await silentSocket(join(m.env.XDG_RUNTIME_DIR, 'docker.sock'));
    // Long enough for Podman's ping on a busy machine: the hung socket is given up all the same.
    const engine = await findEngine(m, { probeMs: 1500 });
    expect(engine.endpoint.socket).toBe('podman');
  });

  it('the podman CLI (LABCHECK_DOCKER=podman): Podman, though dockerd answers too', async () => {
    const engine = await connectEngine({ LABCHECK_DOCKER: 'podman' });
    expect(engine.endpoint).toMatchObject({ host: `unix://${PODMAN}`, socket: 'podman' });
    expect(engine.kind).toBe('podman');
  });

  it('Docker is preferred when both answer', async () => {
    const engine = await findEngine(machine([]));
    expect(engine.kind).toBe('docker');
  });

  it('nothing answers: an environment error naming each socket tried and why, and how to start one', async () => {
    const m = machine([DOCKER, PODMAN]);
    const dead = deadSocket(join(m.env.XDG_RUNTIME_DIR, 'docker.sock'));
    const hung = await silentSocket(join(m.env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'));
    const error = await findEngine(m, { probeMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    expect(message).toContain(`unix://${dead} (rootless Docker's socket): nothing listens there (connection refused)`);
    expect(message).toContain(`unix://${hung} (rootless Podman's socket): no answer within 300 ms`);
    expect(message).toContain(`Not found either: unix://${DOCKER}, unix://${join(m.home, '.docker/run/docker.sock')}`);
    expect(message).toContain('`systemctl --user enable --now podman.socket`');
  });

  it('DOCKER_HOST is the only one tried: no fallback to the sockets that answer', async () => {
    const dead = deadSocket(join(dir, 'elsewhere.sock'));
    const error = await findEngine({ env: { DOCKER_HOST: `unix://${dead}` }, home: homedir(), platform: 'linux' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(new RegExp(`^no Docker engine answered at unix://${dead} \\(DOCKER_HOST\\)\\. Start Docker`));
  });

  it("DOCKER_HOST on a Podman socket path that is down adds Podman's own start commands", async () => {
    const dead = deadSocket(join(dir, 'podman', 'podman.sock'));
    const error = await findEngine({ env: { DOCKER_HOST: `unix://${dead}` }, home: homedir(), platform: 'linux' }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('For Podman: `systemctl --user enable --now podman.socket` (rootless)');
  });
});

describe('API version negotiation against the real engines', () => {
  // Engine 29.0–29.2 refuses API < 1.44 the same way; dockerd 20.10 here refuses < 1.12 and > 1.41.
  it.each([
    ['1.11', /refused Engine API 1\.11: .*client version 1\.11 is too old\. Minimum supported API version is 1\.12.*Unset DOCKER_API_VERSION\.$/],
    ['1.99', /refused Engine API 1\.99: .*client version 1\.99 is too new\. Maximum supported API version is 1\.41/],
  ])('dockerd refuses DOCKER_API_VERSION=%s outside its range: an environment error with its words', async (pinned, message) => {
    const error = await findEngine({ env: { DOCKER_HOST: `unix://${DOCKER}`, DOCKER_API_VERSION: pinned }, home: homedir(), platform: 'linux' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(message);
  });

  it('found without DOCKER_HOST, dockerd refusing the pinned version is the answer: Podman, which would accept it, is not tried', async () => {
    const error = await findEngine(machine([], { DOCKER_API_VERSION: '1.11' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/^the engine at unix:\/\/\/var\/run\/docker\.sock \(default socket\) refused Engine API 1\.11/);
  });

  it('DOCKER_API_VERSION inside the range is used as given, as the docker CLI does', async () => {
    const engine = await findEngine({ env: { DOCKER_HOST: `unix://${DOCKER}`, DOCKER_API_VERSION: '1.40' }, home: homedir(), platform: 'linux' });
    expect(engine.clientApiVersion).toBe('1.40');
    expect(modemVersion(engine.docker)).toBe('v1.40');
    expect(String(await engineGet(engine.docker, '/_ping'))).toBe('OK');
  });

  it('a DOCKER_API_VERSION that is no version is an environment error before anything is asked', async () => {
    const error = await findEngine({ env: { DOCKER_HOST: `unix://${DOCKER}`, DOCKER_API_VERSION: 'latest' }, home: homedir(), platform: 'linux' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/^DOCKER_API_VERSION="latest" is not an API version such as 1\.41/);
  });

  it('Podman serves the negotiated version (it checks none: 1.11 is answered as well)', async () => {
    const engine = await findEngine({ env: { DOCKER_HOST: `unix://${PODMAN}` }, home: homedir(), platform: 'linux' });
    expect(engine.clientApiVersion).toBe('1.41');
    const old = await findEngine({ env: { DOCKER_HOST: `unix://${PODMAN}`, DOCKER_API_VERSION: '1.11' }, home: homedir(), platform: 'linux' });
    expect(old).toMatchObject({ kind: 'podman', clientApiVersion: '1.11' });
  });
});

describe('readEngineFacts against the real engines', () => {
  it.each([
    ['dockerd', DOCKER, { kind: 'docker', rootless: false, imageStore: 'graphdriver', storageDriver: 'overlay2', rootDir: '/var/lib/docker' }],
    ['Podman', PODMAN, { kind: 'podman', rootless: false, imageStore: 'graphdriver', storageDriver: 'overlay', rootDir: '/var/lib/containers/storage' }],
  ])('%s', async (_, socket, expected) => {
    const engine = await findEngine({ env: { DOCKER_HOST: `unix://${socket}` }, home: homedir(), platform: 'linux' });
    const facts = await readEngineFacts(engine.docker, AbortSignal.timeout(10_000));
    expect(facts).toMatchObject({ ...expected, version: await cliServerVersion(`unix://${socket}`), apiVersion: engine.apiVersion });
  });
});
