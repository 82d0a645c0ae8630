import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, fixtures, labcheck, onPodman, testContext, track } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, perform, statuses } from '../support/labs.js';
import { runNames } from '../../src/engine/names.js';
import { labResult, runCheck } from '../../src/engine/runner.js';
import type { LabContext } from '../../src/engine/context.js';
import type { LabResult } from '../../src/engine/types.js';
import pushImage, { PUSH_RECORD, pullBack, type PushRecord } from '../../labs/push-image/index.js';
import { closedPort } from '../support/net.js';

cleanEachTest();

const label = (run: string) => ['--label', `io.labcheck.run=${run}`];
const allPassed = { pushed: 'passed', 'manifest-served': 'passed', 'digest-matches': 'passed', 'pull-same-id': 'passed' };

/** This lab's checks alone, without the gate of labs it depends on. */
async function judge(ctx: LabContext): Promise<LabResult[]> {
  const checks = [];
  for (const check of pushImage.checks) checks.push(await runCheck(check, ctx));
  return [labResult(pushImage, checks, 0)];
}

const recordOf = (ctx: LabContext): PushRecord => {
  const record = ctx.recorded(PUSH_RECORD);
  if (!record) throw new Error('push-image recorded nothing');
  return record;
};

/** A registry:2 of the test's own (labelled with run) on a free loopback port: `127.0.0.1:<port>`. */
async function ownRegistry(run: string): Promise<{ host: string; volume: string }> {
  const volume = `registry-${run}`;
  await execa('docker', ['volume', 'create', ...label(run), volume]);
  await execa('docker', ['run', '-d', '--name', `registry-${run}`, ...label(run), '-p', '127.0.0.1::5000', '-v', `${volume}:/var/lib/registry`, 'registry:2']);
  const info = await docker.getContainer(`registry-${run}`).inspect();
  const host = `127.0.0.1:${info.NetworkSettings.Ports['5000/tcp']?.[0]?.HostPort}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { host, volume };
}

/** `docker push` to a registry of this machine, as a student would; Podman wants TLS verification off for it (registries.conf aside). */
const pushPlain = (ref: string) => (onPodman ? execa('podman', ['push', '--tls-verify=false', ref]) : execa('docker', ['push', ref]));

/** busybox is not labelled: a tag the test put on it is removed by the test. */
const untag = (ref: string) => execa('docker', ['rmi', ref], { reject: false });

describe('push-image', () => {
  it('passes with a throwaway registry of the run\'s own, which the cleanup removes with its volume', async () => {
    const ctx = testContext();
    const results = await perform(ctx, 'push-image');
    expect(statuses(results, 'push-image')).toEqual(allPassed);
    const { remoteRef, throwaway } = recordOf(ctx);
    expect(throwaway).toBe(true);
    expect(remoteRef).toMatch(new RegExp(`^127\\.0\\.0\\.1:\\d+/${ctx.runId}/kubia:1\\.0$`));
    expect(messageOf(results, 'push-image', 'manifest-served')).toMatch(new RegExp(`^GET http://127\\.0\\.0\\.1:\\d+/v2/${ctx.runId}/kubia/manifests/1\\.0 serves the manifest \\(sha256:[0-9a-f]{64}\\)$`));
    expect(messageOf(results, 'push-image', 'digest-matches')).toMatch(/^the registry serves .* as (sha256:[0-9a-f]{64}), (the RepoDigest of lc[0-9a-f]{8}\/kubia:1\.0|the digest docker push \S+ reported$)/);
    expect(messageOf(results, 'push-image', 'pull-same-id')).toMatch(/^docker pull 127\.0\.0\.1:\d+\/lc[0-9a-f]{8}\/kubia:1\.0 gave image [0-9a-f]{12}, the same as lc[0-9a-f]{8}\/kubia:1\.0$/);
    const registry = await docker.getContainer(ctx.names.registryContainer).inspect();
    expect(registry.State.Running).toBe(true);
    expect(registry.HostConfig.PortBindings?.['5000/tcp']?.[0]?.HostIp).toBe('127.0.0.1');
    expect(registry.Mounts.map((m) => m.Name)).toContain(ctx.names.registryVolume);
    // cleanEachTest then proves container, volume and every tag of the run are gone.
  });

  it('fails every check before anything was pushed', async () => {
    const ctx = testContext();
    await perform(ctx, 'tag-image');
    const results = await inspect(ctx, 'push-image');
    expect(Object.values(statuses(results, 'push-image'))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, 'push-image', 'pushed')).toBe(`expected docker push of ${ctx.names.taggedRef} to a registry; it was not run`);
  });

  it('fails every check, showing why, when there was no <id>/kubia:1.0 to push', async () => {
    const ctx = testContext();
    await perform(ctx, 'build-image');
    await pushImage.solve(ctx);
    const results = await judge(ctx);
    expect(Object.values(statuses(results, 'push-image'))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, 'push-image', 'pushed')).toMatch(
      new RegExp(`^expected docker tag ${ctx.runId}/kubia:1\\.0 127\\.0\\.0\\.1:\\d+/${ctx.runId}/kubia:1\\.0 to name the image for the registry; it failed:\\n.*(No such image|image not known)`),
    );
  });

  it('fails digest-matches and pull-same-id when another image was pushed to the same name afterwards', async () => {
    const ctx = testContext();
    await perform(ctx, 'push-image');
    const record = recordOf(ctx);
    try {
      await execa('docker', ['tag', 'busybox', record.remoteRef]);
      await pushPlain(record.remoteRef);
      // What a second machine gets now: busybox under the name.
      await pullBack(ctx, record);
      const results = await judge(ctx);
      expect(statuses(results, 'push-image')).toEqual({ pushed: 'passed', 'manifest-served': 'passed', 'digest-matches': 'failed', 'pull-same-id': 'failed' });
      expect(messageOf(results, 'push-image', 'digest-matches')).toMatch(
        /^expected the registry to serve \S+ as (sha256:[0-9a-f]{64}) \((the RepoDigest of lc[0-9a-f]{8}\/kubia:1\.0 \([0-9a-f]{12}\)|what docker push \S+ reported)\); it serves (?!\1)sha256:[0-9a-f]{64}$/,
      );
      expect(messageOf(results, 'push-image', 'pull-same-id')).toMatch(/^expected docker pull \S+ to give image ([0-9a-f]{12}) \(lc[0-9a-f]{8}\/kubia:1\.0\); it gave (?!\1)[0-9a-f]{12}$/);
    } finally {
      await untag(record.remoteRef);
    }
  });

  it('fails pull-same-id alone when the pulled name gives another image, then the manifest checks once the registry lost it', async () => {
    const ctx = testContext();
    await perform(ctx, 'push-image');
    const record = recordOf(ctx);
    // One push serves two broken states in turn (a push of the node base takes seconds).
    await execa('docker', ['tag', 'busybox', record.remoteRef]);
    try {
      const results = await judge(ctx);
      expect(statuses(results, 'push-image')).toEqual({ pushed: 'passed', 'manifest-served': 'passed', 'digest-matches': 'passed', 'pull-same-id': 'failed' });
    } finally {
      // Its rmi takes the tag off busybox again; the pull puts it back on the pushed image.
      await pullBack(ctx, record);
    }
    expect(statuses(await judge(ctx), 'push-image')).toEqual(allPassed);

    // The registry's storage without this repository, as after a garbage collection.
    await execa('docker', ['run', '--rm', ...label(ctx.runId), '-v', `${ctx.names.registryVolume}:/data`, 'busybox', 'sh', '-c', `rm -rf /data/docker/registry/v2/repositories/${ctx.runId}`]);
    const results = await judge(ctx);
    expect(statuses(results, 'push-image')).toEqual({ pushed: 'passed', 'manifest-served': 'failed', 'digest-matches': 'failed', 'pull-same-id': 'passed' });
    expect(messageOf(results, 'push-image', 'manifest-served')).toMatch(
      new RegExp(`^expected the registry to serve the manifest of \\S+; GET http://127\\.0\\.0\\.1:\\d+/v2/${ctx.runId}/kubia/manifests/1\\.0 answered 404: .*MANIFEST_UNKNOWN`),
    );
  });

  it('fails every check, showing the registry\'s answer, when docker push was refused', async () => {
    const ctx = testContext();
    await perform(ctx, 'tag-image');
    const remoteRef = `127.0.0.1:5999/${ctx.names.taggedRef}`;
    const ran = (args: string[], ok: boolean, stderr = '') => ({ command: ['docker', ...args].join(' '), exitCode: ok ? 0 : 1, stdout: '', stderr, timedOut: false, aborted: false, ok });
    ctx.record<PushRecord>(PUSH_RECORD, {
      registry: '127.0.0.1:5999',
      throwaway: false,
      remoteRef,
      tag: ran(['tag', ctx.names.taggedRef, remoteRef], true),
      push: ran(['push', remoteRef], false, 'denied: requested access to the resource is denied'),
    });
    const results = await judge(ctx);
    expect(Object.values(statuses(results, 'push-image'))).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(messageOf(results, 'push-image', 'pushed')).toBe(`expected docker push ${remoteRef} to push the image; it failed:\ndenied: requested access to the resource is denied`);
  });

  it('pushes to a registry given with --registry HOST:PORT/NAMESPACE under a tag of the run', async () => {
    const run = track();
    const { host } = await ownRegistry(run);
    const ctx = testContext({ registry: `${host}/team` });
    const results = await perform(ctx, 'push-image');
    expect(statuses(results, 'push-image')).toEqual(allPassed);
    expect(recordOf(ctx)).toMatchObject({ throwaway: false, remoteRef: `${host}/team/kubia:1.0-${ctx.runId}` });
  });

  it('is an environment error, not the student\'s failure, when the --registry does not answer', async () => {
    const port = await closedPort();
    const results = await perform(testContext({ registry: `127.0.0.1:${port}` }), 'push-image');
    expect(Object.values(statuses(results, 'push-image'))).toEqual(['error', 'error', 'error', 'error']);
    expect(messageOf(results, 'push-image', 'pushed')).toBe(
      `the environment failed: the registry 127.0.0.1:${port} did not answer GET http://127.0.0.1:${port}/v2/ within 5000 ms`,
    );
  });

  it('exits 3 from the CLI when the --registry does not answer', async () => {
    const port = await closedPort();
    const result = await labcheck(['run', 'push-image', '--registry', `127.0.0.1:${port}`, '--no-junit', '--json', '-']);
    expect(result.exitCode, result.stderr).toBe(3);
    const lab = JSON.parse(result.stdout).labs.find((l: { id: string }) => l.id === 'push-image');
    expect(lab.status).toBe('error');
  });

  it('in check mode judges a push the student made to a registry on this machine', async () => {
    const run = track();
    const names = runNames(run);
    const { host } = await ownRegistry(run);
    const remote = `${host}/${names.taggedRef}`;
    // The chapter's commands, pushed to a local registry instead of Docker Hub.
    await execa('docker', ['build', '-t', names.kubiaRepo, ...label(run), fixtures]);
    await execa('docker', ['tag', names.kubiaRepo, names.taggedRef]);
    const ctx = testContext({ mode: 'check', names });
    await execa('docker', ['tag', names.taggedRef, remote]);
    let results = await judge(ctx);
    expect(statuses(results, 'push-image')).toMatchObject({ pushed: 'failed', 'pull-same-id': 'skipped' });
    // Podman lists a RepoDigest for every tag before any push: there the registry is asked.
    const never = onPodman ? `no registry of this machine serves .*${remote.replace(/\./g, '\\.')}.* \\(this engine lists RepoDigests before any push` : `.*${remote.replace(/\./g, '\\.')}.* carries no RepoDigest, so it was never pushed$`;
    expect(messageOf(results, 'push-image', 'pushed')).toMatch(new RegExp(`^expected a pushed <id>/kubia:1\\.0; ${never}`));

    await pushPlain(remote);
    results = await judge(ctx);
    expect(statuses(results, 'push-image')).toEqual({ pushed: 'passed', 'manifest-served': 'passed', 'digest-matches': 'passed', 'pull-same-id': 'skipped' });
    expect(messageOf(results, 'push-image', 'manifest-served')).toContain(`GET http://${host}/v2/${run}/kubia/manifests/1.0 serves the manifest`);
    expect(messageOf(results, 'push-image', 'pull-same-id')).toMatch(/^check mode pulls nothing/);
  });
});
