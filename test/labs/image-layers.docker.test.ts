import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { docker, onPodman, testContext, workdirWith, fixture } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { inspectImage } from '../../src/docker/api.js';

cleanEachTest();

const allPassed = { 'history-listed': 'passed', 'history-above-base': 'passed', 'one-more-layer': 'passed' };

describe('image-layers', () => {
  it('passes with the legacy builder (the docker CLI on PATH without buildx)', async () => {
    const results = await perform(testContext(), 'image-layers');
    expect(statuses(results, 'image-layers')).toEqual(allPassed);
    expect(messageOf(results, 'image-layers', 'history-above-base')).toMatch(/ADD <file> \/app\.js, then ENTRYPOINT \["node", "app\.js"\] on top/);
  });

  // Podman has no BuildKit (its builder is Buildah): these need dockerd.
  it.skipIf(onPodman)('passes with BuildKit (Debian\'s docker 20.10 CLI with DOCKER_BUILDKIT=1)', async () => {
    const ctx = testContext({ bin: '/usr/bin/docker', env: { DOCKER_BUILDKIT: '1' } });
    const results = await perform(ctx, 'image-layers');
    expect(statuses(results, 'image-layers')).toEqual(allPassed);
    // BuildKit's history names the source file: proof that this build went through BuildKit.
    expect(messageOf(results, 'image-layers', 'history-above-base')).toMatch(/ADD app\.js \/app\.js, then ENTRYPOINT/);
  });

  it.each([
    ['legacy builder', {}],
    ...(onPodman ? [] : [['BuildKit', { bin: '/usr/bin/docker', env: { DOCKER_BUILDKIT: '1' } }]]),
  ] as [string, Parameters<typeof testContext>[0]][])('reports the facts of the layers picture, alike for the %s', async (_name, builder) => {
    const results = await perform(testContext(builder), 'image-layers');
    const lab = results.find((l) => l.id === 'image-layers')!;
    expect(lab.layers?.base).toMatchObject({ ref: 'node:12', entries: 1, layers: 1 });
    expect(lab.layers?.base.size).toBeGreaterThan(0);
    expect(lab.layers?.above.map((a) => [a.instruction, a.makesLayer, a.expected, a.size > 0])).toEqual([
      ['ENTRYPOINT ["node", "app.js"]', false, true, false],
      ['ADD app.js /app.js', true, true, true],
    ]);
    // The engine's own words, whichever builder wrote them; labcheck's --label entries are not the student's.
    expect(lab.layers?.above[1]!.createdBy).toMatch(/ADD (file:[0-9a-f]+ in \/app\.js|app\.js \/app\.js # buildkit)/);
  });

  it('counts from the base the build used when the file is named dockerfile', async () => {
    const dir = workdirWith({ Dockerfile: null, dockerfile: 'FROM busybox\nCOPY app.js /app.js\nENTRYPOINT ["node", "app.js"]\n' });
    const results = await perform(testContext({ workdir: dir }), 'image-layers');
    expect(statuses(results, 'image-layers')).toEqual(allPassed);
    expect(messageOf(results, 'image-layers', 'history-above-base')).toMatch(/^2 history entries above busybox:latest/);
  });

  it('in check mode says the image is not built FROM the base the Dockerfile now names', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    const dir = workdirWith({ Dockerfile: fixture('Dockerfile').replace('node:12', 'busybox') });
    const results = await inspect(testContext({ mode: 'check', workdir: dir, names: ctx.names }), 'image-layers');
    expect(statuses(results, 'image-layers')).toEqual({ 'history-listed': 'skipped', 'history-above-base': 'failed', 'one-more-layer': 'failed' });
    expect(messageOf(results, 'image-layers', 'history-above-base')).toMatch(/^the image is not built FROM busybox:latest/);
  });

  describe.skipIf(onPodman)('a base BuildKit kept out of the image store', () => {
    /** An image of the run's own on the Docker Hub mirror only (not in the store), and a BuildKit build FROM it. */
    async function builtOnRegistryOnlyBase() {
      const dir = workdirWith();
      const ctx = testContext({ workdir: dir, bin: '/usr/bin/docker', env: { DOCKER_BUILDKIT: '1' } });
      const mirror = ((await docker.info()).RegistryConfig?.Mirrors?.[0] ?? '').replace(/^https?:\/\//, '').replace(/\/$/, '');
      expect(mirror, 'needs the Docker Hub mirror of ../shared/docker-offline/up').not.toBe('');
      // A tag of its own in a repository the mirror has anyway: deleting it leaves the mirror as it was.
      const base = `${mirror}/library/busybox:labcheck-${ctx.runId}`;
      await execa('docker', ['build', '-q', '-t', base, '--label', `io.labcheck.run=${ctx.runId}`, '-'], { input: 'FROM busybox\nLABEL made=for-a-test\n' });
      const pushed = await execa('docker', ['push', base]);
      const digest = /digest: (sha256:[0-9a-f]{64})/.exec(String(pushed.stdout))![1]!;
      await execa('docker', ['rmi', base]);
      writeFileSync(join(dir, 'Dockerfile'), `FROM ${base}\nCOPY app.js /app.js\nENTRYPOINT ["node", "app.js"]\n`);
      const drop = () => fetch(`http://${mirror}/v2/library/busybox/manifests/${digest}`, { method: 'DELETE' });
      return { ctx, base, drop };
    }

    it('is pulled in run mode, so the entries above it can be counted', async () => {
      const { ctx, base, drop } = await builtOnRegistryOnlyBase();
      try {
        const results = await perform(ctx, 'image-layers');
        expect(statuses(results, 'image-layers'), messageOf(results, 'image-layers', 'history-above-base')).toEqual(allPassed);
        expect(messageOf(results, 'image-layers', 'history-above-base')).toContain(`above ${base}`);
      } finally {
        await drop();
        await execa('docker', ['rmi', base], { reject: false });
      }
    });

    it('in check mode, which pulls nothing, is a reason to skip, with the command that helps', async () => {
      const { ctx, base, drop } = await builtOnRegistryOnlyBase();
      try {
        await perform(ctx, 'build-image');
        expect(await inspectImage(docker, base)).toBeUndefined();
        const results = await inspect(testContext({ mode: 'check', workdir: ctx.workdir, names: ctx.names }), 'image-layers');
        expect(statuses(results, 'image-layers')).toEqual({ 'history-listed': 'skipped', 'history-above-base': 'skipped', 'one-more-layer': 'skipped' });
        expect(messageOf(results, 'image-layers', 'history-above-base')).toBe(`the base image ${base} is not in the local store, so the entries above it cannot be counted; \`docker pull ${base}\` lets labcheck compare`);
      } finally {
        await drop();
      }
    });
  });

  it('fails history-above-base and one-more-layer on a Dockerfile with an extra RUN', async () => {
    const dockerfile = fixture('Dockerfile').replace('ADD app.js /app.js', 'ADD app.js /app.js\nRUN echo extra > /extra.txt');
    const results = await perform(testContext({ workdir: workdirWith({ Dockerfile: dockerfile }) }), 'image-layers');
    expect(statuses(results, 'image-layers')).toEqual({ 'history-listed': 'passed', 'history-above-base': 'failed', 'one-more-layer': 'failed' });
    expect(messageOf(results, 'image-layers', 'history-above-base')).toMatch(/expected 2 history entries above node:12 .*saw 3/);
    expect(messageOf(results, 'image-layers', 'one-more-layer')).toMatch(/expected 1 filesystem layer more than the base, saw 2/);
  });

  it('fails history-above-base alone when ENTRYPOINT is not on top', async () => {
    const dockerfile = 'FROM node:12\nENTRYPOINT ["node", "app.js"]\nADD app.js /app.js\n';
    const results = await perform(testContext({ workdir: workdirWith({ Dockerfile: dockerfile }) }), 'image-layers');
    expect(statuses(results, 'image-layers')).toEqual({ 'history-listed': 'passed', 'history-above-base': 'failed', 'one-more-layer': 'passed' });
    expect(messageOf(results, 'image-layers', 'history-above-base')).toMatch(/expected ENTRYPOINT on top/);
  });

  it('fails history-listed on an image without an ENTRYPOINT', async () => {
    const dockerfile = 'FROM node:12\nADD app.js /app.js\nCMD ["node", "app.js"]\n';
    const results = await perform(testContext({ workdir: workdirWith({ Dockerfile: dockerfile }) }), 'image-layers');
    expect(statuses(results, 'image-layers')['history-listed']).toBe('failed');
    expect(messageOf(results, 'image-layers', 'history-listed')).toMatch(/to list entries with the ENTRYPOINT/);
  });

  it('is skipped, with the reason, when the build it depends on failed', async () => {
    const results = await perform(testContext({ workdir: workdirWith({ Dockerfile: 'FROM node:12\nRUN exit 1\n' }) }), 'image-layers');
    expect(statuses(results, 'image-layers')).toEqual({ 'history-listed': 'skipped', 'history-above-base': 'skipped', 'one-more-layer': 'skipped' });
    expect(messageOf(results, 'image-layers', 'one-more-layer')).toBe('not judged: it depends on lab "build-image", which did not pass');
  });
});
