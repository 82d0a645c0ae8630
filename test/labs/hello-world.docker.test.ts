import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, testContext, track } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runNames } from '../../src/engine/names.js';

cleanEachTest();

describe('hello-world', () => {
  it('passes when busybox echo ran as in the chapter', async () => {
    const results = await perform(testContext(), 'hello-world');
    expect(statuses(results, 'hello-world')).toEqual({ 'image-pulled': 'passed', 'ran-echo': 'passed', 'exited-zero': 'passed', 'printed-greeting': 'passed' });
  });

  it('fails every check when the container was never run', async () => {
    const results = await inspect(testContext(), 'hello-world');
    expect(Object.values(statuses(results, 'hello-world'))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, 'hello-world', 'ran-echo')).toMatch(/expected the container hello-world-lc[0-9a-f]{8}; saw none/);
  });

  it.each([
    { what: 'another text', argv: ['echo', 'Hello'], failing: ['ran-echo', 'printed-greeting'] },
    { what: 'a failing command', argv: ['sh', '-c', 'echo Hello World; exit 3'], failing: ['ran-echo', 'exited-zero'] },
    { what: 'extra output', argv: ['echo', 'Hello', 'World', '!'], failing: ['ran-echo', 'printed-greeting'] },
  ])('fails the right checks when the container ran $what', async ({ argv, failing }) => {
    const ctx = testContext();
    await execa('docker', ['run', '--name', ctx.names.helloContainer, '--label', `io.labcheck.run=${ctx.runId}`, 'busybox', ...argv], { reject: false });
    const got = statuses(await inspect(ctx, 'hello-world'), 'hello-world');
    for (const [id, status] of Object.entries(got)) expect([id, status]).toEqual([id, failing.includes(id) ? 'failed' : 'passed']);
  });

  it('fails image-pulled when the container ran another image than busybox:latest', async () => {
    const ctx = testContext();
    // A container that did echo Hello World, but from node:12 rather than busybox.
    await execa('docker', ['run', '--name', ctx.names.helloContainer, '--label', `io.labcheck.run=${ctx.runId}`, 'node:12', 'echo', 'Hello World']);
    const results = await inspect(ctx, 'hello-world');
    expect(statuses(results, 'hello-world')['image-pulled']).toBe('failed');
    expect(messageOf(results, 'hello-world', 'image-pulled')).toMatch(/expected the container to run busybox:latest/);
  });

  it('in check mode finds the newest busybox echo container the student ran by hand', async () => {
    const run = track();
    // Labelled so the test can prove it cleans up; check mode itself ignores labels.
    await execa('docker', ['run', '--label', `io.labcheck.run=${run}`, 'busybox', 'echo', 'Hello World']);
    const ctx = testContext({ mode: 'check', names: runNames(run) });
    expect(statuses(await inspect(ctx, 'hello-world'), 'hello-world')).toEqual({ 'image-pulled': 'passed', 'ran-echo': 'passed', 'exited-zero': 'passed', 'printed-greeting': 'passed' });
    const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`io.labcheck.run=${run}`] }) });
    expect(containers).toHaveLength(1);
  });
});

describe('hello-world in check mode, after `docker run --rm`', () => {
  it('judges what the engine\'s events show and marks the command and output not applicable', async () => {
    // Unlabelled on purpose: the student's own command. --rm leaves nothing to clean.
    await execa('docker', ['run', '--rm', 'busybox', 'echo', 'Hello World']);
    const ctx = testContext({ mode: 'check', names: runNames(track()) });
    const results = await inspect(ctx, 'hello-world');
    const lab = results[0]!;
    expect(statuses(results, 'hello-world')).toEqual({ 'image-pulled': 'passed', 'ran-echo': 'skipped', 'exited-zero': 'passed', 'printed-greeting': 'skipped' });
    expect(lab.checks.filter((c) => c.notApplicable).map((c) => c.id)).toEqual(['ran-echo', 'printed-greeting']);
    expect(lab).toMatchObject({ status: 'passed', points: 2, maxPoints: 2 });
    expect(messageOf(results, 'hello-world', 'ran-echo')).toMatch(/removed \(docker run --rm\).*run it without --rm/);
  });

  it('fails exited-zero when the removed container exited with another code, whatever labcheck ran after it', async () => {
    await execa('docker', ['run', '--rm', 'busybox', 'sh', '-c', 'exit 3'], { reject: false });
    // Newer, but labcheck's own (labelled): never the student's evidence.
    const run = track();
    await execa('docker', ['run', '--rm', '--label', `io.labcheck.run=${run}`, 'busybox', 'echo', 'Hello World']);
    const results = await inspect(testContext({ mode: 'check', names: runNames(run) }), 'hello-world');
    expect(statuses(results, 'hello-world')['exited-zero']).toBe('failed');
    expect(messageOf(results, 'hello-world', 'exited-zero')).toMatch(/exited with code 3/);
  });
});
