import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, labcheck, track } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';
import { countLabelled, ofRun } from '../../src/docker/cleanup.js';
import { inspectContainer, inspectImage } from '../../src/docker/api.js';
import { KEEP_LABEL } from '../../src/engine/labels.js';

cleanEachTest();

describe('selftest, doctor, clean, solve', () => {
  it('selftest: every check of the labs fails before the steps and passes after; nothing left; exit 0', async () => {
    const result = await labcheck(['selftest', 'hello-world', 'build-image', 'image-layers', '--no-junit', '--json', '-']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.labs.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([
      ['hello-world', 'passed'],
      ['build-image', 'passed'],
      ['image-layers', 'passed'],
    ]);
    expect(report.labs[2].checks.map((c: { id: string }) => c.id)).toContain('cleanup-leaves-nothing');
  });

  it('doctor: each line of a working environment passes, exit 0', async () => {
    const result = await labcheck(['doctor', '--port', '0']);
    expect(result.exitCode, result.stdout).toBe(0);
    for (const line of ['docker CLI', 'engine reachable', 'Engine API version', 'pull and run busybox', 'disk space']) {
      expect(result.stdout).toMatch(new RegExp(`^✔ ${line}`, 'm'));
    }
  });

  it('doctor: a port held by a container is named with the fix, exit 3', async () => {
    const run = track();
    const { stdout: id } = await execa('docker', ['run', '-d', '--label', `io.labcheck.run=${run}`, '-p', '127.0.0.1::5000', 'registry:2']);
    const info = await inspectContainer(docker, id.trim());
    const port = Number(info?.NetworkSettings.Ports['5000/tcp']?.[0]?.HostPort);
    const result = await labcheck(['doctor', '--port', String(port)]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(new RegExp(`✘ port ${port} free: published by container \\S+\\n    fix: stop that container`));
  });

  it('clean: removes what labcheck labelled and nothing else', async () => {
    const run = track();
    await execa('docker', ['create', '--name', `clean-mine-${run}`, 'busybox', 'true']);
    await execa('docker', ['create', '--name', `clean-ours-${run}`, '--label', `io.labcheck.run=${run}`, 'busybox', 'true']);
    try {
      const result = await labcheck(['clean']);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`removed container clean-ours-${run}`));
      expect(await countLabelled(docker, ofRun(run))).toBe(0);
      expect(await inspectContainer(docker, `clean-mine-${run}`)).toBeDefined();
    } finally {
      await execa('docker', ['rm', '-f', `clean-mine-${run}`]);
    }
  });

  it('solve leaves the chapter\'s state under its own names, check passes on it, clean removes it', async () => {
    const taken = [await inspectImage(docker, 'kubia:latest'), await inspectContainer(docker, 'kubia-container')];
    // Never touch a user's own: this test needs the chapter's names free (CI machines have them free).
    expect(taken, 'kubia:latest or kubia-container exists on this machine').toEqual([undefined, undefined]);
    try {
      const solved = await labcheck(['solve', 'build-image', 'run-container', '--port', '0', '--no-junit', '--json', '-']);
      expect(solved.exitCode, solved.stderr).toBe(0);
      const container = await inspectContainer(docker, 'kubia-container');
      expect(container?.State.Running).toBe(true);
      expect(container?.Config.Labels?.[KEEP_LABEL]).toBe('1');

      const checked = await labcheck(['check', 'build-image', 'run-container', '--port', '0', '--no-junit', '--json', '-']);
      expect(checked.exitCode, checked.stderr).toBe(0);
      const statuses = JSON.parse(checked.stdout).labs.flatMap((l: { checks: { id: string; status: string }[] }) => l.checks.map((c) => `${c.id} ${c.status}`));
      expect(statuses).toEqual(['build-succeeds passed', 'image-listed passed', 'container-running passed', 'port-mapped passed', 'answers-hostname passed']);

      expect((await labcheck(['clean'])).exitCode).toBe(0);
      expect(await inspectContainer(docker, 'kubia-container')).toBeUndefined();
      expect(await inspectImage(docker, 'kubia:latest')).toBeUndefined();
    } finally {
      await execa('docker', ['rm', '-f', 'kubia-container'], { reject: false });
      await execa('docker', ['rmi', 'kubia:latest'], { reject: false });
    }
  });

  it('solve: refuses with exit 2 to replace a kubia:latest the user already has', async () => {
    const had = await inspectImage(docker, 'kubia:latest');
    if (!had) await execa('docker', ['tag', 'busybox:latest', 'kubia:latest']);
    try {
      const result = await labcheck(['solve', 'build-image', '--no-junit']);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/solve would replace your image kubia:latest; remove them first/);
      expect((await inspectImage(docker, 'kubia:latest'))?.Id).toBe(had?.Id ?? (await inspectImage(docker, 'busybox:latest'))?.Id);
    } finally {
      if (!had) await execa('docker', ['rmi', 'kubia:latest']);
    }
  });
});
