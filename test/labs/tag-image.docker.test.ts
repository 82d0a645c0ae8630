import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { fixtures, testContext, track } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runNames } from '../../src/engine/names.js';
import tagImage from '../../labs/tag-image/index.js';
import { labResult, runCheck } from '../../src/engine/runner.js';
import type { LabContext } from '../../src/engine/context.js';
import type { LabResult } from '../../src/engine/types.js';

cleanEachTest();

/** This lab's checks alone, without the gate of labs it depends on: for states where those would not pass. */
async function judge(ctx: LabContext): Promise<LabResult[]> {
  const checks = [];
  for (const check of tagImage.checks) checks.push(await runCheck(check, ctx));
  return [labResult(tagImage, checks, 0)];
}

const label = (run: string) => ['--label', `io.labcheck.run=${run}`];

describe('tag-image', () => {
  it('passes on the fixtures: kubia and <run>/kubia:1.0 are one image', async () => {
    const results = await perform(testContext(), 'tag-image');
    expect(statuses(results, 'tag-image')).toEqual({ 'tag-exists': 'passed', 'same-image': 'passed' });
    expect(messageOf(results, 'tag-image', 'same-image')).toMatch(/^kubia-lc[0-9a-f]{8}:latest and lc[0-9a-f]{8}\/kubia:1\.0 are the same image [0-9a-f]{12}: one image, two names$/);
  });

  it('fails both checks when the image was built but never tagged', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    const results = await inspect(ctx, 'tag-image');
    expect(statuses(results, 'tag-image')).toEqual({ 'tag-exists': 'failed', 'same-image': 'failed' });
    expect(messageOf(results, 'tag-image', 'tag-exists')).toBe(`expected the tag ${ctx.names.taggedRef}; docker images does not list it (docker tag was not run)`);
    expect(messageOf(results, 'tag-image', 'same-image')).toBe(`expected ${ctx.names.taggedRef} to name ${ctx.names.kubiaImage}'s image; ${ctx.names.taggedRef} does not exist`);
  });

  it('shows why docker tag failed when there was no image to tag', async () => {
    const ctx = testContext();
    await tagImage.solve(ctx);
    const results = await judge(ctx);
    expect(statuses(results, 'tag-image')['tag-exists']).toBe('failed');
    expect(messageOf(results, 'tag-image', 'tag-exists')).toMatch(new RegExp(`; docker tag kubia-${ctx.runId} ${ctx.runId}/kubia:1\\.0 failed: .*(No such image|image not known)`));
  });

  it('fails same-image alone when the tag names another image', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    // busybox is not labelled: its extra tag has to be removed by the test itself.
    await execa('docker', ['tag', 'busybox', ctx.names.taggedRef]);
    try {
      const results = await inspect(ctx, 'tag-image');
      expect(statuses(results, 'tag-image')).toEqual({ 'tag-exists': 'passed', 'same-image': 'failed' });
      expect(messageOf(results, 'tag-image', 'same-image')).toMatch(
        new RegExp(`^expected ${ctx.runId}/kubia:1\\.0 to be the same image as kubia-${ctx.runId}:latest \\([0-9a-f]{12}\\); it is [0-9a-f]{12}$`),
      );
    } finally {
      await execa('docker', ['rmi', ctx.names.taggedRef]);
    }
  });

  it('fails same-image when both names are of an image this run did not build', async () => {
    const ctx = testContext();
    await execa('docker', ['tag', 'busybox', ctx.names.kubiaImage]);
    await execa('docker', ['tag', 'busybox', ctx.names.taggedRef]);
    try {
      const results = await judge(ctx);
      expect(statuses(results, 'tag-image')['same-image']).toBe('failed');
      expect(messageOf(results, 'tag-image', 'same-image')).toMatch(/^expected kubia-lc[0-9a-f]{8}:latest built by this run; image [0-9a-f]{12} is not$/);
    } finally {
      await execa('docker', ['rmi', ctx.names.kubiaImage, ctx.names.taggedRef]);
    }
  });

  it('in check mode finds the tag the student typed, and skips the comparison once kubia is removed', async () => {
    const run = track();
    const names = runNames(run);
    // The chapter's commands, with the run's names so nothing of the user's is touched.
    await execa('docker', ['build', '-t', names.kubiaRepo, ...label(run), fixtures]);
    await execa('docker', ['tag', names.kubiaRepo, names.taggedRef]);
    const ctx = testContext({ mode: 'check', names });
    let results = await inspect(ctx, 'tag-image');
    expect(statuses(results, 'tag-image')).toEqual({ 'tag-exists': 'passed', 'same-image': 'passed' });
    expect(messageOf(results, 'tag-image', 'tag-exists')).toContain(`${run}/kubia:1.0 (`);
    expect(messageOf(results, 'tag-image', 'same-image')).toMatch(new RegExp(`^kubia-${run}:latest and ${run}/kubia:1\\.0 are the same image`));

    await execa('docker', ['rmi', names.kubiaImage]);
    // build-image no longer passes in check mode once kubia is removed; this lab's checks still judge the state.
    results = await judge(ctx);
    expect(statuses(results, 'tag-image')).toEqual({ 'tag-exists': 'passed', 'same-image': 'skipped' });
    expect(messageOf(results, 'tag-image', 'same-image')).toMatch(new RegExp(`^kubia-${run}:latest does not exist \\(not built yet, or removed as the chapter does at its end\\)`));
  });
});
