import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, testContext, track } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runNames } from '../../src/engine/names.js';
import { isUntagged } from '../../labs/other-images/index.js';
import { normalizeRef } from '../../checks/refs.js';
import type { LabContext } from '../../src/engine/context.js';

cleanEachTest();

const LAB = 'other-images';
const allPassed = { 'image-pulled': 'passed', 'default-command': 'passed', running: 'passed', ready: 'passed' };
// Bounded like labcheck's own containers; a short check deadline keeps the wait for readiness short.
const bounds = ['--memory', '256m', '--pids-limit', '256'];

/** A container under the run's name, as a student's mistake would leave it. */
async function made(ctx: LabContext, how: 'run' | 'create', args: string[]): Promise<void> {
  const detach = how === 'run' ? ['-d'] : [];
  await execa('docker', [how, ...detach, '--name', ctx.names.redisContainer, '--label', `io.labcheck.run=${ctx.runId}`, ...bounds, ...args]);
}

const exitOf = (ctx: LabContext) => execa('docker', ['wait', ctx.names.redisContainer]);

// The lab pulls on first use; the failure cases need redis:alpine in the store whichever test runs first.
beforeAll(async () => {
  await execa('docker', ['pull', '-q', 'redis:alpine']);
});

describe('other-images', () => {
  it('passes when redis:alpine runs detached as in the chapter', async () => {
    const results = await perform(testContext(), LAB);
    expect(statuses(results, LAB)).toEqual(allPassed);
    expect(messageOf(results, LAB, 'default-command')).toMatch(/runs the image's own command \["redis-server"/);
    expect(messageOf(results, LAB, 'ready')).toMatch(/the log of redis-lc[0-9a-f]{8} says "Ready to accept connections"$/);
  });

  it('fails every check when redis was never run', async () => {
    const results = await inspect(testContext(), LAB);
    expect(Object.values(statuses(results, LAB))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, LAB, 'ready')).toMatch(/expected the container redis-lc[0-9a-f]{8}; saw none/);
  });

  it('fails image-pulled, default-command and ready for a container of another image under the run\'s name', async () => {
    const ctx = testContext({ timeoutMs: 3000 });
    await made(ctx, 'run', ['busybox', 'sleep', '60']);
    const results = await inspect(ctx, LAB);
    expect(statuses(results, LAB)).toEqual({ 'image-pulled': 'failed', 'default-command': 'failed', running: 'passed', ready: 'failed' });
    expect(messageOf(results, LAB, 'image-pulled')).toMatch(/expected redis-lc[0-9a-f]{8} to run redis:alpine \([0-9a-f]{12}\); it runs busybox(:latest)? \([0-9a-f]{12}\)/);
    expect(messageOf(results, LAB, 'default-command')).toBe('expected the image\'s own command ["sh"]; the container runs ["sleep","60"]');
    expect(messageOf(results, LAB, 'ready')).toMatch(/not seen within 1000 ms while it kept running/);
  });

  it('fails default-command, running and ready when redis ran a command that exits at once', async () => {
    const ctx = testContext();
    await made(ctx, 'run', ['redis:alpine', 'redis-server', '--version']);
    await exitOf(ctx);
    const results = await inspect(ctx, LAB);
    expect(statuses(results, LAB)).toEqual({ 'image-pulled': 'passed', 'default-command': 'failed', running: 'failed', ready: 'failed' });
    expect(messageOf(results, LAB, 'default-command')).toMatch(/the container runs \["redis-server","--version"\]/);
    expect(messageOf(results, LAB, 'running')).toMatch(/expected redis-lc[0-9a-f]{8} to be running; it is exited with code 0/);
    expect(messageOf(results, LAB, 'ready')).toMatch(/it is exited with code 0 without it; its last lines:\nRedis server v=/);
  });

  it('fails running and ready for a container created but never started', async () => {
    const ctx = testContext();
    await made(ctx, 'create', ['redis:alpine']);
    const results = await inspect(ctx, LAB);
    expect(statuses(results, LAB)).toEqual({ 'image-pulled': 'passed', 'default-command': 'passed', running: 'failed', ready: 'failed' });
    expect(messageOf(results, LAB, 'running')).toMatch(/it is created but never started$/);
    expect(messageOf(results, LAB, 'ready')).toMatch(/it is created but never started without it; it logged nothing/);
  });

  it('fails default-command alone for a redis started with a command of its own', async () => {
    const ctx = testContext();
    await made(ctx, 'run', ['redis:alpine', 'redis-server', '--port', '7777']);
    const results = await inspect(ctx, LAB);
    expect(statuses(results, LAB)).toEqual({ ...allPassed, 'default-command': 'failed' });
  });

  it('does not take a leftover container of another run under the same name as this run\'s', async () => {
    const ctx = testContext();
    const other = track();
    await execa('docker', ['run', '-d', '--name', ctx.names.redisContainer, '--label', `io.labcheck.run=${other}`, ...bounds, 'redis:alpine']);
    const results = await inspect(ctx, LAB);
    expect(Object.values(statuses(results, LAB))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, LAB, 'running')).toBe(`expected the container ${ctx.names.redisContainer} made by this run (${ctx.runId}); the one there is not (run ${other})`);
  });

  it('in check mode judges the newest redis:alpine container, running or stopped by Ctrl-C after it became ready', async () => {
    const run = track();
    const ctx = testContext({ mode: 'check', names: runNames(run) });
    // As the chapter types it, without a name; labelled only so the test can clean up.
    const { stdout: id } = await execa('docker', ['run', '-d', '--label', `io.labcheck.run=${run}`, ...bounds, 'redis:alpine']);
    expect(statuses(await inspect(ctx, LAB), LAB)).toEqual(allPassed);

    // A foreground run stopped with Ctrl-C: SIGINT, and redis exits after saying it was ready.
    await execa('docker', ['kill', '--signal', 'INT', id]);
    await execa('docker', ['wait', id]);
    const stopped = await inspect(ctx, LAB);
    expect(statuses(stopped, LAB)).toEqual(allPassed);
    expect(messageOf(stopped, LAB, 'running')).toMatch(/ran and became ready; it is stopped now \(exited with code 0\), as after Ctrl-C/);

    // A newer one that exits at once is the one judged.
    await execa('docker', ['run', '--label', `io.labcheck.run=${run}`, ...bounds, 'redis:alpine', 'redis-server', '--version']);
    expect(statuses(await inspect(ctx, LAB), LAB)).toEqual({ 'image-pulled': 'passed', 'default-command': 'failed', running: 'failed', ready: 'failed' });
    const mine = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`io.labcheck.run=${run}`] }) });
    expect(mine).toHaveLength(2);
  });
});

describe('image references', () => {
  it.each([
    ['redis', 'docker.io/library/redis:latest'],
    ['redis:alpine', 'docker.io/library/redis:alpine'],
    ['docker.io/library/redis:alpine', 'docker.io/library/redis:alpine'],
    ['yourid/kubia', 'docker.io/yourid/kubia:latest'],
    ['127.0.0.1:5000/yourid/kubia:1.0', '127.0.0.1:5000/yourid/kubia:1.0'],
    ['localhost/kubia', 'localhost/kubia:latest'],
    ['redis@sha256:abc', 'docker.io/library/redis@sha256:abc'],
  ])('%s resolves to %s', (ref, full) => {
    expect(normalizeRef(ref)).toBe(full);
  });

  it.each([
    ['busybox', true],
    ['127.0.0.1:5000/kubia', true],
    ['busybox:latest', false],
    ['redis@sha256:abc', false],
    ['320041136341', false],
    ['sha256:320041136341aaaa', false],
  ])('%s is untagged: %s', (ref, untagged) => {
    expect(isUntagged(ref)).toBe(untagged);
  });
});
