import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import Dockerode from 'dockerode';
import { cliEnv, dockerodeOptions, resolveEndpoint, type Endpoint } from '../../src/docker/endpoint.js';
import { DockerCli } from '../../src/docker/cli.js';
import { listLabelled, ofDeadRuns } from '../../src/docker/cleanup.js';
import type { AppHost } from '../../src/docker/app-host.js';
import { LabContext } from '../../src/engine/context.js';
import { chapterNames, newRunId, runNames, type Names } from '../../src/engine/names.js';
import type { Mode } from '../../src/engine/types.js';

export const root = resolve(import.meta.dirname, '../..');
export const fixtures = join(root, 'fixtures');
export const bin = join(root, 'dist/src/cli/main.cjs');

/** The engine the tests drive (vitest.config.ts): `docker`, or Podman through the docker CLI (`podman`) or its own CLI (`podman-cli`). */
export const ENGINE = process.env.LABCHECK_TEST_ENGINE ?? 'docker';
/** Tests of what only Docker has (BuildKit, Docker's parser words, the mirror that takes pushes) are skipped on Podman, saying so. */
export const onPodman = ENGINE !== 'docker';

export const endpoint = resolveEndpoint({ env: process.env, home: homedir(), platform: process.platform });
export const docker = new Dockerode(dockerodeOptions(endpoint));

/** Runs the built CLI as a real process, as a user would. */
export async function labcheck(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number; nodeArgs?: string[] } = {}) {
  const result = await execa('node', [...(options.nodeArgs ?? []), bin, ...args], {
    cwd: options.cwd ?? root,
    env: { NO_COLOR: '1', ...options.env },
    reject: false,
    timeout: options.timeoutMs ?? 300_000,
  });
  const stdout = String(result.stdout);
  // The JSON report on stdout names the run: its resources are then cleaned and counted after the test.
  const runId = /"runId": "(lc[0-9a-f]{8})"/.exec(stdout)?.[1];
  if (runId) track(runId);
  return { exitCode: result.exitCode, stdout, stderr: String(result.stderr) };
}

/** A temp copy of the fixtures with some files replaced (or removed with null). */
export function workdirWith(files: Record<string, string | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-test-'));
  cpSync(fixtures, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (content === null) rmSync(join(dir, name), { force: true });
    else writeFileSync(join(dir, name), content);
  }
  return dir;
}

export const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

/** Run ids made by this test file's contexts (and CLI runs, via track): cleaned after each test. */
export const createdRuns = new Set<string>();

/** A fresh run id, to be cleaned up after the test. */
export function track(runId: string = newRunId()): string {
  createdRuns.add(runId);
  return runId;
}

/** An in-process context, for tests that drive labs directly; `endpoint` reaches the engine another way (a remote one). */
export function testContext(options: { mode?: Mode; workdir?: string; names?: Names; port?: number; timeoutMs?: number; signal?: AbortSignal; registry?: string; env?: NodeJS.ProcessEnv; bin?: string; endpoint?: Endpoint; appHost?: AppHost } = {}) {
  const runId = track();
  const mode = options.mode ?? 'run';
  const workdir = options.workdir ?? fixtures;
  return new LabContext({
    mode,
    runId,
    names: options.names ?? (mode === 'check' ? chapterNames() : runNames(runId)),
    workdir,
    buildDir: workdir,
    port: options.port ?? 0,
    registry: options.registry,
    timeoutMs: options.timeoutMs ?? 30_000,
    stepTimeoutMs: 120_000,
    signal: options.signal ?? new AbortController().signal,
    endpoint: options.endpoint ?? endpoint,
    cli: new DockerCli({ ...cliEnv(options.endpoint ?? endpoint), ...options.env }, options.bin ?? process.env.LABCHECK_DOCKER ?? 'docker'),
    docker: options.endpoint ? new Dockerode(dockerodeOptions(options.endpoint)) : docker,
    ...(options.appHost ? { appHost: options.appHost } : {}),
  });
}

/**
 * What labcheck processes that have ended left on the engine (labelled, owner pid gone on this host). A
 * test takes this before running labcheck and asserts `leftSince(before)` is empty after: other labcheck
 * runs on the same engine (a second suite, a developer's own) are alive and not counted, where a count of
 * everything labelled would take their resources for this test's leftovers.
 */
export const endedRunsLeftovers = (): Promise<string[]> => listLabelled(docker, ofDeadRuns(hostname()));

/** What ended labcheck processes left since `before` was taken. */
export async function leftSince(before: readonly string[]): Promise<string[]> {
  const had = new Set(before);
  return (await endedRunsLeftovers()).filter((r) => !had.has(r));
}
