import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, labcheck, onPodman, testContext, track } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runNames } from '../../src/engine/names.js';
import type { LabContext } from '../../src/engine/context.js';
import imageTags, { UNTAGGED_RECORD } from '../../labs/image-tags/index.js';
import { runCheck } from '../../src/engine/runner.js';
import { countLabelled, ofRun } from '../../src/docker/cleanup.js';

cleanEachTest();

const LAB = 'image-tags';
const allPassed = { 'tag-pulled': 'passed', 'tag-ready': 'passed', 'one-repository': 'passed', 'latest-default': 'passed' };
const bounds = ['--memory', '256m', '--pids-limit', '256'];

/** A context where the labs image-tags depends on were performed, but not its own steps. */
async function beforeOwnSteps(): Promise<LabContext> {
  const ctx = testContext();
  const deps = await perform(ctx, 'hello-world', 'other-images');
  expect(deps.map((lab) => lab.status)).toEqual(['passed', 'passed']);
  return ctx;
}

/** A container under the run's name for redis:5.0.7-alpine, as a student's mistake would leave it. */
async function made(ctx: LabContext, how: 'run' | 'create', args: string[]): Promise<void> {
  const detach = how === 'run' ? ['-d'] : [];
  await execa('docker', [how, ...detach, '--name', ctx.names.redisTagContainer, '--label', `io.labcheck.run=${ctx.runId}`, ...bounds, ...args]);
}

// Both tags in the store from the start: a leftover tag must not pass for this run's work.
beforeAll(async () => {
  for (const ref of ['busybox:latest', 'redis:alpine', 'redis:5.0.7-alpine']) await execa('docker', ['pull', '-q', ref]);
});

describe('image-tags', () => {
  it('passes when redis:5.0.7-alpine runs next to redis:alpine, performing the labs it depends on first', async () => {
    const results = await perform(testContext(), LAB);
    expect(results.map((lab) => lab.id)).toEqual([LAB]);
    expect(statuses(results, LAB)).toEqual(allPassed);
    expect(messageOf(results, LAB, 'one-repository')).toMatch(/lists both tags of the one repository: redis:alpine \([0-9a-f]{12}\) and redis:5\.0\.7-alpine \([0-9a-f]{12}\)/);
    expect(messageOf(results, LAB, 'latest-default')).toMatch(/^docker image inspect busybox showed [0-9a-f]{12}, the image tagged busybox:latest/);
  });

  it('fails every check before its own steps, though both tags are in the store', async () => {
    const ctx = await beforeOwnSteps();
    const results = await inspect(ctx, LAB);
    expect(Object.values(statuses(results, LAB))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, LAB, 'tag-pulled')).toMatch(/^expected the container redis-5\.0\.7-lc[0-9a-f]{8}; saw none$/);
    expect(messageOf(results, LAB, 'one-repository')).toMatch(/^expected the container redis-5\.0\.7-lc[0-9a-f]{8}; saw none$/);
    expect(messageOf(results, LAB, 'latest-default')).toBe('expected `docker image inspect busybox` to have been run; it was not');
  });

  it('fails tag-pulled and one-repository when redis:alpine runs under the 5.0.7 name', async () => {
    const ctx = await beforeOwnSteps();
    await made(ctx, 'run', ['redis:alpine']);
    const results = await inspect(ctx, LAB);
    expect(statuses(results, LAB)).toEqual({ 'tag-pulled': 'failed', 'tag-ready': 'passed', 'one-repository': 'failed', 'latest-default': 'failed' });
    expect(messageOf(results, LAB, 'tag-pulled')).toMatch(/expected redis-5\.0\.7-lc[0-9a-f]{8} to run redis:5\.0\.7-alpine \([0-9a-f]{12}\); it runs redis:alpine/);
    expect(messageOf(results, LAB, 'one-repository')).toMatch(/expected `docker images redis` to list redis:5\.0\.7-alpine as the image redis-5\.0\.7-lc[0-9a-f]{8} runs \([0-9a-f]{12}\); it lists .*redis:5\.0\.7-alpine/);
  });

  it('fails tag-ready when redis:5.0.7-alpine ran a command that exits at once', async () => {
    const ctx = await beforeOwnSteps();
    await made(ctx, 'run', ['redis:5.0.7-alpine', 'redis-server', '--version']);
    await execa('docker', ['wait', ctx.names.redisTagContainer]);
    const results = await inspect(ctx, LAB);
    expect(statuses(results, LAB)).toMatchObject({ 'tag-pulled': 'passed', 'tag-ready': 'failed', 'one-repository': 'passed' });
    expect(messageOf(results, LAB, 'tag-ready')).toMatch(/^expected redis-5\.0\.7-lc[0-9a-f]{8} to be running; it is exited with code 0$/);
  });

  it('fails tag-ready for a redis:5.0.7-alpine container created but never started', async () => {
    const ctx = await beforeOwnSteps();
    await made(ctx, 'create', ['redis:5.0.7-alpine']);
    const results = await inspect(ctx, LAB);
    expect(statuses(results, LAB)).toMatchObject({ 'tag-pulled': 'passed', 'tag-ready': 'failed', 'one-repository': 'passed' });
    expect(messageOf(results, LAB, 'tag-ready')).toMatch(/it is created but never started$/);
  });

  it('fails one-repository when the redis:alpine container of the run is gone', async () => {
    const ctx = testContext();
    await perform(ctx, LAB);
    await execa('docker', ['rm', '-f', ctx.names.redisContainer]);
    // The lab's own checks, without other-images' (which would now skip it).
    const check = imageTags.checks.find((c) => c.id === 'one-repository');
    if (!check) throw new Error('one-repository is not a check of image-tags');
    const result = await runCheck(check, ctx);
    expect([result.status, result.message.en]).toEqual(['failed', `expected the container ${ctx.names.redisContainer}; saw none`]);
  });

  it('fails latest-default when the image shown for busybox is not busybox:latest', async () => {
    const ctx = await beforeOwnSteps();
    await made(ctx, 'run', ['redis:5.0.7-alpine']);
    // What `docker image inspect` printed, for an image other than busybox:latest.
    const other = await ctx.step(['image', 'inspect', 'redis:alpine']);
    ctx.record(UNTAGGED_RECORD, { ...other, command: 'docker image inspect busybox' });
    const results = await inspect(ctx, LAB);
    expect(statuses(results, LAB)).toEqual({ ...allPassed, 'latest-default': 'failed' });
    expect(messageOf(results, LAB, 'latest-default')).toMatch(/^expected docker image inspect busybox to show busybox:latest \([0-9a-f]{12}\); it showed [0-9a-f]{12}$/);
  });

  it('in check mode judges the containers the student ran by hand, also stopped by Ctrl-C', async () => {
    const run = track();
    const label = ['--label', `io.labcheck.run=${run}`];
    // The chapter's commands, without names; labelled only so the test can clean up.
    await execa('docker', ['run', ...label, 'busybox', 'echo', 'Hello World']);
    await execa('docker', ['run', '-d', ...label, ...bounds, 'redis:alpine']);
    const { stdout: pinned } = await execa('docker', ['run', '-d', ...label, ...bounds, 'redis:5.0.7-alpine']);
    const ctx = testContext({ mode: 'check', names: runNames(run) });
    const results = await inspect(ctx, LAB);
    // Podman records every container's image by its full name: the name as typed cannot be seen, and the check says so.
    expect(statuses(results, LAB)).toEqual(onPodman ? { ...allPassed, 'latest-default': 'skipped' } : allPassed);
    expect(messageOf(results, LAB, 'latest-default')).toMatch(onPodman ? /^Podman records the image of every container by its full name/ : /was started from "[^"]+" without a tag and runs \S+:latest \([0-9a-f]{12}\)$/);

    await execa('docker', ['kill', '--signal', 'INT', pinned]);
    await execa('docker', ['wait', pinned]);
    const stopped = await inspect(ctx, LAB);
    expect(statuses(stopped, LAB)).toEqual(onPodman ? { ...allPassed, 'latest-default': 'skipped' } : allPassed);
    expect(messageOf(stopped, LAB, 'tag-ready')).toMatch(/it is stopped now \(exited with code 0\), as after Ctrl-C.*"Ready to accept connections"/);
    const mine = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`io.labcheck.run=${run}`] }) });
    expect(mine).toHaveLength(3);
  });

  it('runs alone from the CLI, performing hello-world and other-images first and leaving nothing', async () => {
    const result = await labcheck(['run', LAB, '--json', '-', '--no-junit']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { runId: string; labs: Array<{ id: string; status: string; points: number; maxPoints: number }> };
    expect(report.labs.map((lab) => [lab.id, lab.status, lab.points, lab.maxPoints])).toEqual([[LAB, 'passed', 4, 4]]);
    expect(await countLabelled(docker, ofRun(report.runId))).toBe(0);
  });
});
