import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { testContext, workdirWith } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';

cleanEachTest();

describe('build-image', () => {
  it('passes on the fixtures', async () => {
    const results = await perform(testContext(), 'build-image');
    expect(statuses(results, 'build-image')).toEqual({ 'build-succeeds': 'passed', 'image-listed': 'passed' });
  });

  it('fails both checks, showing the error, on a Dockerfile that does not build', async () => {
    const ctx = testContext({ workdir: workdirWith({ Dockerfile: 'FROM node:12\nADD missing.js /app.js\n' }) });
    const results = await perform(ctx, 'build-image');
    expect(statuses(results, 'build-image')).toEqual({ 'build-succeeds': 'failed', 'image-listed': 'failed' });
    expect(messageOf(results, 'build-image', 'build-succeeds')).toMatch(/expected docker build -t kubia-lc[0-9a-f]{8}:latest --force-rm \. to succeed; it failed \(exit code 1\)[\s\S]*missing\.js/);
  });

  it('fails build-succeeds when app.js is missing, since the Dockerfile adds it', async () => {
    const results = await perform(testContext({ workdir: workdirWith({ 'app.js': null }) }), 'build-image');
    expect(statuses(results, 'build-image')['build-succeeds']).toBe('failed');
    expect(messageOf(results, 'build-image', 'build-succeeds')).toMatch(/app\.js/);
  });

  it('does not take a same-named image of someone else as this run\'s build', async () => {
    const ctx = testContext();
    // An image under the run's name, but not built (nor labelled) by the run.
    await execa('docker', ['tag', 'busybox:latest', ctx.names.kubiaImage]);
    try {
      const results = await inspect(ctx, 'build-image');
      expect(statuses(results, 'build-image')).toEqual({ 'build-succeeds': 'failed', 'image-listed': 'failed' });
      expect(messageOf(results, 'build-image', 'image-listed')).toMatch(/expected kubia-lc[0-9a-f]{8}:latest built by this run/);
    } finally {
      await execa('docker', ['rmi', ctx.names.kubiaImage]);
    }
  });
});
