import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, testContext, track, workdirWith } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { LABS } from '../../labs/index.js';
import { runNames } from '../../src/engine/names.js';
import { labResult, runCheck } from '../../src/engine/runner.js';
import type { LabContext } from '../../src/engine/context.js';
import type { LabResult } from '../../src/engine/types.js';
import pushImage, { PUSH_RECORD } from '../../labs/push-image/index.js';
import stopRemove, { STOP_REMOVE_RECORD, beginSteps, performStep, removeLastTags } from '../../labs/stop-remove/index.js';

cleanEachTest();

const label = (run: string) => ['--label', `io.labcheck.run=${run}`];
const allPassed = { 'stopped-exited': 'passed', restarted: 'passed', removed: 'passed', 'untagged-only': 'passed', 'image-deleted': 'passed' };
const hasRunContainer = LABS.some((lab) => lab.id === 'run-container');

/** This lab's checks alone, without the gate of labs it depends on (in check mode they judge state the later steps removed). */
async function judge(ctx: LabContext): Promise<LabResult[]> {
  const checks = [];
  for (const check of stopRemove.checks) checks.push(await runCheck(check, ctx));
  return [labResult(stopRemove, checks, 0)];
}

/** The state the lab starts from: kubia built and tagged, its container running under the run's name. */
async function ready(ctx: LabContext): Promise<void> {
  if (hasRunContainer) {
    const results = await perform(ctx, 'run-container', 'tag-image');
    expect(results.map((lab) => [lab.id, lab.status])).toEqual([['run-container', 'passed'], ['tag-image', 'passed']]);
  } else {
    await perform(ctx, 'tag-image');
    await execa('docker', ['run', '-d', '--name', ctx.names.kubiaContainer, ...ctx.labelArgs(), ...ctx.boundArgs(), '-p', '127.0.0.1::8080', ctx.names.kubiaRepo]);
  }
  await beginSteps(ctx);
}

const c = (ctx: LabContext) => ctx.names.kubiaContainer;

describe('stop-remove', () => {
  it.runIf(hasRunContainer)('passes on the fixtures, performing the labs it depends on first', async () => {
    const started = performance.now();
    const results = await perform(testContext(), 'stop-remove');
    expect(statuses(results, 'stop-remove')).toEqual(allPassed);
    expect(messageOf(results, 'stop-remove', 'stopped-exited')).toMatch(
      /^right after docker stop -t 1 kubia-container-lc[0-9a-f]{8}, kubia-container-lc[0-9a-f]{8} was exited \(code 137\); docker ps -a still listed it, docker ps did not$/,
    );
    expect(messageOf(results, 'stop-remove', 'untagged-only')).toMatch(/^right after docker rmi kubia-lc[0-9a-f]{8}:latest, kubia-lc[0-9a-f]{8}:latest was gone and lc[0-9a-f]{8}\/kubia:1\.0 still named image [0-9a-f]{12}$/);
    expect(messageOf(results, 'stop-remove', 'image-deleted')).toMatch(/^right after docker rmi lc[0-9a-f]{8}\/kubia:1\.0, image [0-9a-f]{12} was gone$/);
    // Stopped with -t 1: two stops must not wait out node's 10 s grace each.
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('removes the tag push-image pulled back as well, since the image goes only with its last tag', async () => {
    const ctx = testContext();
    await ready(ctx);
    await pushImage.solve(ctx);
    const { remoteRef } = ctx.recorded(PUSH_RECORD) ?? {};
    await stopRemove.solve(ctx);
    expect(statuses(await judge(ctx), 'stop-remove')).toEqual(allPassed);
    const last = ctx.recorded(STOP_REMOVE_RECORD)?.steps['rmi-last'];
    expect(last?.results.map((r) => r.command)).toEqual([`docker rmi ${ctx.names.taggedRef}`, `docker rmi ${remoteRef}`]);
  });

  it('fails every check before the steps were performed', async () => {
    const ctx = testContext();
    await ready(ctx);
    const results = hasRunContainer ? await inspect(ctx, 'stop-remove') : await judge(ctx);
    expect(Object.values(statuses(results, 'stop-remove'))).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, 'stop-remove', 'stopped-exited')).toBe(`expected docker stop ${c(ctx)}; it was not run`);
    expect(messageOf(results, 'stop-remove', 'untagged-only')).toBe(`expected docker rmi ${ctx.names.kubiaImage}; it was not run`);
  });

  it('fails stopped-exited when the container was still running right after the step', async () => {
    const ctx = testContext();
    await ready(ctx);
    // docker ps -a instead of docker stop: it succeeds, and the container keeps running.
    await performStep(ctx, 'stop', ['ps', '-a']);
    const results = await judge(ctx);
    expect(statuses(results, 'stop-remove')['stopped-exited']).toBe('failed');
    expect(messageOf(results, 'stop-remove', 'stopped-exited')).toBe('expected state exited right after docker ps -a; saw running');
  });

  it('fails restarted when the container was not started again', async () => {
    const ctx = testContext();
    await ready(ctx);
    await performStep(ctx, 'stop', ['stop', '-t', '1', c(ctx)]);
    await performStep(ctx, 'start', ['ps', '-a']);
    const results = await judge(ctx);
    expect(statuses(results, 'stop-remove')).toMatchObject({ 'stopped-exited': 'passed', restarted: 'failed' });
    expect(messageOf(results, 'stop-remove', 'restarted')).toBe(`expected ${c(ctx)} running right after docker ps -a; saw exited`);
  });

  it('judges docker start once the container settled: it answers / again', async () => {
    const ctx = testContext();
    await ready(ctx);
    await performStep(ctx, 'stop', ['stop', '-t', '1', c(ctx)]);
    await performStep(ctx, 'start', ['start', c(ctx)]);
    const results = await judge(ctx);
    expect(statuses(results, 'stop-remove')).toMatchObject({ 'stopped-exited': 'passed', restarted: 'passed' });
    expect(messageOf(results, 'stop-remove', 'restarted')).toMatch(new RegExp(`^after docker start ${c(ctx)}, ${c(ctx)} was running again, answered a GET of / \\(status 200\\) \\d+ ms later; docker ps listed it$`));
  });

  it('fails restarted, naming the cause, when the app crashes on its second start (start-up code that fails the second time)', async () => {
    const app = readFileSync(join(fixtures, 'app.js'), 'utf8').replace("const os = require('os');", "const os = require('os');\nrequire('fs').writeFileSync('/tmp/started', 'x', { flag: 'wx' });");
    const ctx = testContext({ workdir: workdirWith({ 'app.js': app }) });
    await ready(ctx);
    await performStep(ctx, 'stop', ['stop', '-t', '1', c(ctx)]);
    await performStep(ctx, 'start', ['start', c(ctx)]);
    const results = await judge(ctx);
    expect(statuses(results, 'stop-remove')).toMatchObject({ 'stopped-exited': 'passed', restarted: 'failed' });
    expect(messageOf(results, 'stop-remove', 'restarted')).toMatch(
      new RegExp(`^expected ${c(ctx)} to come back after docker start ${c(ctx)}; it started, then stopped again by itself within \\d+ ms, with exit code 1; its last log lines:\\n[\\s\\S]*Error: EEXIST: file already exists, open '/tmp/started'`),
    );
  });

  it('fails removed when docker rm met a running container and left it behind', async () => {
    const ctx = testContext();
    await ready(ctx);
    await performStep(ctx, 'stop', ['stop', '-t', '1', c(ctx)]);
    await performStep(ctx, 'start', ['start', c(ctx)]);
    await performStep(ctx, 'rm', ['rm', c(ctx)]);
    const results = await judge(ctx);
    expect(statuses(results, 'stop-remove')).toMatchObject({ 'stopped-exited': 'passed', restarted: 'passed', removed: 'failed' });
    expect(messageOf(results, 'stop-remove', 'removed')).toMatch(new RegExp(`^expected docker rm ${c(ctx)} to succeed; docker rm ${c(ctx)} failed:\\n.*(cannot remove a running container|cannot remove container [0-9a-f]+ as it is running)`, 'i'));
  });

  it('fails untagged-only when rmi -f deleted the image that <id>/kubia:1.0 should have kept', async () => {
    const ctx = testContext();
    await ready(ctx);
    const { imageId } = ctx.recorded(STOP_REMOVE_RECORD) ?? {};
    await performStep(ctx, 'stop', ['stop', '-t', '1', c(ctx)]);
    await performStep(ctx, 'start', ['start', c(ctx)]);
    await performStep(ctx, 'stop-again', ['stop', '-t', '1', c(ctx)]);
    await performStep(ctx, 'rm', ['rm', c(ctx)]);
    await performStep(ctx, 'rmi-latest', ['rmi', '-f', String(imageId)]);
    await removeLastTags(ctx);
    const results = await judge(ctx);
    expect(statuses(results, 'stop-remove')).toMatchObject({ removed: 'passed', 'untagged-only': 'failed' });
    expect(messageOf(results, 'stop-remove', 'untagged-only')).toBe(
      `expected ${ctx.names.taggedRef} to keep image ${String(imageId).slice(7, 19)} right after docker rmi -f ${imageId}; it no longer resolved: the image itself was deleted`,
    );
  });

  it('fails image-deleted when a stopped container still uses the image', async () => {
    const ctx = testContext();
    await ready(ctx);
    // A container left over from the image, labelled so the cleanup takes it.
    await execa('docker', ['create', ...label(ctx.runId), ctx.names.kubiaImage]);
    await stopRemove.solve(ctx);
    const results = await judge(ctx);
    expect(statuses(results, 'stop-remove')).toEqual({ ...allPassed, 'image-deleted': 'failed' });
    expect(messageOf(results, 'stop-remove', 'image-deleted')).toMatch(
      new RegExp(`^expected docker rmi ${ctx.runId}/kubia:1\\.0 to succeed; docker rmi ${ctx.runId}/kubia:1\\.0 failed:\\n.*(container [0-9a-f]+ is using its referenced image|image is in use by a container)`),
    );
  });

  it('in check mode fails restarted when the engine\'s events show the container stopping by itself right after docker start', async () => {
    const run = track();
    const names = runNames(run);
    const app = readFileSync(join(fixtures, 'app.js'), 'utf8').replace("const os = require('os');", "const os = require('os');\nrequire('fs').writeFileSync('/tmp/started', 'x', { flag: 'wx' });");
    await execa('docker', ['build', '-t', names.kubiaRepo, ...label(run), '.'], { cwd: workdirWith({ 'app.js': app }) });
    await execa('docker', ['run', '--name', names.kubiaContainer, ...label(run), '-p', '127.0.0.1::8080', '-d', names.kubiaRepo]);
    await execa('docker', ['stop', '-t', '1', names.kubiaContainer]);
    await execa('docker', ['start', names.kubiaContainer]);
    // The student sees it stopped again, as docker ps -a shows.
    await execa('docker', ['wait', names.kubiaContainer]);
    const results = await judge(testContext({ mode: 'check', names }));
    expect(statuses(results, 'stop-remove')).toMatchObject({ 'stopped-exited': 'passed', restarted: 'failed' });
    expect(messageOf(results, 'stop-remove', 'restarted')).toMatch(
      new RegExp(`^expected ${names.kubiaContainer} to keep running after docker start; the engine recorded that it started at \\S+ and stopped by itself \\d+ ms later with exit code 1$`),
    );
  });

  it('in check mode judges the chapter\'s own commands from the end state and the engine\'s events, honest about what it cannot see', async () => {
    const run = track();
    const names = runNames(run);
    const ctx = testContext({ mode: 'check', names });
    const docker = (...args: string[]) => execa('docker', args);

    // Nothing done yet under these names: nothing to judge, and no guessing.
    let results = await judge(ctx);
    expect(Object.values(statuses(results, 'stop-remove'))).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(messageOf(results, 'stop-remove', 'removed')).toBe(`there is no ${names.kubiaContainer}, but the engine's recent events (it keeps only its last 256) show no removal of one: it may never have been created`);

    // The chapter up to docker run: not stopped, not removed yet.
    await docker('build', '-t', names.kubiaRepo, ...label(run), fixtures);
    await docker('tag', names.kubiaRepo, names.taggedRef);
    await docker('run', '--name', names.kubiaContainer, ...label(run), ...ctx.boundArgs(), '-p', '127.0.0.1::8080', '-d', names.kubiaRepo);
    results = await judge(ctx);
    expect(statuses(results, 'stop-remove')).toEqual({ 'stopped-exited': 'skipped', restarted: 'skipped', removed: 'failed', 'untagged-only': 'failed', 'image-deleted': 'skipped' });
    expect(messageOf(results, 'stop-remove', 'removed')).toBe(`expected ${names.kubiaContainer} removed by docker rm; docker ps -a still lists it (running)`);

    // The chapter's section, as typed (stop waits out node's grace period here, as it does for the student).
    await docker('stop', '-t', '1', names.kubiaContainer);
    await docker('start', names.kubiaContainer);
    await docker('stop', '-t', '1', names.kubiaContainer);
    await docker('rm', names.kubiaContainer);
    await docker('rmi', names.kubiaImage);
    results = await judge(ctx);
    expect(statuses(results, 'stop-remove')).toEqual({ 'stopped-exited': 'passed', restarted: 'passed', removed: 'passed', 'untagged-only': 'passed', 'image-deleted': 'skipped' });
    expect(messageOf(results, 'stop-remove', 'stopped-exited')).toMatch(new RegExp(`^the engine recorded (docker stop of ${names.kubiaContainer} at .*|that ${names.kubiaContainer} ended at \\S+ with exit code 1(37|43), as docker stop ends it); it has been removed since$`));
    expect(messageOf(results, 'stop-remove', 'untagged-only')).toMatch(new RegExp(`^${names.kubiaImage} is gone, while ${run}/kubia:1\\.0 still holds image [0-9a-f]{12}, which the engine's recent events`));
    expect(messageOf(results, 'stop-remove', 'image-deleted')).toMatch(/^the chapter stops at docker rmi/);

    // Beyond the chapter: the last tag goes, and the image with it.
    await docker('rmi', names.taggedRef);
    results = await judge(ctx);
    expect(statuses(results, 'stop-remove')['image-deleted'], messageOf(results, 'stop-remove', 'image-deleted')).toBe('passed');
  });
});
