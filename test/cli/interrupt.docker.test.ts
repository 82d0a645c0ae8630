import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa, type ResultPromise } from 'execa';
import { bin, docker, fixture, labcheck, track, workdirWith } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';
import { countLabelled, ofRun } from '../../src/docker/cleanup.js';
import { poll } from '../../src/engine/deadline.js';

cleanEachTest();

// A build that takes a while, so the run can be interrupted in the middle of a docker CLI step.
const slowDockerfile = fixture('Dockerfile').replace('ADD app.js /app.js', 'ADD app.js /app.js\nRUN sleep 60');

/** Starts labcheck in a process group of its own, as a shell would, and resolves its run id once it shows. */
async function start(args: string[]): Promise<{ child: ResultPromise; runId: string; output: () => string }> {
  const child = execa('node', [bin, ...args], { detached: true, reject: false, env: { NO_COLOR: '1' }, all: true, buffer: true });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const runId = await poll(async () => /run id (lc[0-9a-f]{8})/.exec(output)?.[1], AbortSignal.timeout(30_000), 50);
  if (!runId) throw new Error(`no run id shown:\n${output}`);
  track(runId);
  return { child, runId, output: () => output };
}

const within = (ms: number) => AbortSignal.timeout(ms);

/** hello-world's result is printed (so its container exists) and the slow build is under way. */
const buildingAfterHello = (output: string): boolean => output.includes('$ docker build') && /→ passed — points 4\/4/.test(output);

describe('interruption', () => {
  it('Ctrl-C (SIGINT to the process group) mid-build: exit 130 within seconds, report written, nothing left', async () => {
    const dir = workdirWith({ Dockerfile: slowDockerfile });
    const json = join(mkdtempSync(join(tmpdir(), 'labcheck-int-')), 'report.json');
    const { child, runId, output } = await start(['run', 'hello-world', 'build-image', '--workdir', dir, '--json', json, '--no-junit']);
    // Labs overlap: wait until hello-world is reported and the build is running, then interrupt the group as Ctrl-C does.
    expect(await poll(async () => (buildingAfterHello(output()) ? true : undefined), within(60_000), 50)).toBe(true);
    const sent = performance.now();
    process.kill(-(child.pid as number), 'SIGINT');
    const result = await child;
    const tookMs = performance.now() - sent;
    expect(result.exitCode).toBe(130);
    expect(tookMs).toBeLessThan(15_000);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.labs.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([
      ['hello-world', 'passed'],
      ['build-image', 'error'],
    ]);
    expect(report.labs[1].checks[0].message).toMatch(/interrupted/);
    expect(await countLabelled(docker, ofRun(runId))).toBe(0);
  });

  it('after kill -9, the next run removes the dead run\'s leftovers but never those of a run still alive', async () => {
    const dir = workdirWith({ Dockerfile: slowDockerfile });
    const dead = await start(['run', 'hello-world', 'build-image', '--workdir', dir, '--no-junit']);
    expect(await poll(async () => (buildingAfterHello(dead.output()) ? true : undefined), within(60_000), 50)).toBe(true);
    process.kill(-(dead.child.pid as number), 'SIGKILL');
    await dead.child;
    expect(await countLabelled(docker, ofRun(dead.runId))).toBeGreaterThan(0);

    const alive = await start(['run', 'hello-world', 'build-image', '--workdir', dir, '--no-junit']);
    expect(await poll(async () => (alive.output().includes('$ docker build') ? true : undefined), within(60_000), 50)).toBe(true);

    const next = await labcheck(['run', 'hello-world', '--no-junit', '--json', '-']);
    expect(next.exitCode).toBe(0);
    expect(await countLabelled(docker, ofRun(dead.runId))).toBe(0);
    expect(await countLabelled(docker, ofRun(alive.runId))).toBeGreaterThan(0);

    process.kill(-(alive.child.pid as number), 'SIGINT');
    expect((await alive.child).exitCode).toBe(130);
    expect(await countLabelled(docker, ofRun(alive.runId))).toBe(0);
  });

  it('two runs at once on one engine never collide', async () => {
    const [a, b] = await Promise.all([
      labcheck(['run', 'hello-world', 'build-image', 'image-layers', '--port', '0', '--no-junit', '--json', '-']),
      labcheck(['run', 'hello-world', 'build-image', 'image-layers', '--port', '0', '--no-junit', '--json', '-']),
    ]);
    expect([a.exitCode, b.exitCode], a.stderr + b.stderr).toEqual([0, 0]);
    expect(JSON.parse(a.stdout).runId).not.toBe(JSON.parse(b.stdout).runId);
  });
});

