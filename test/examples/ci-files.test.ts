import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { packageRoot } from '../../src/paths.js';
import { CI_FILES, ciCommands, shardEnv, type CiCommand } from '../support/ci-commands.js';

type Obj = Record<string, any>;
const text = (file: string): string => readFileSync(join(packageRoot, file), 'utf8');
const load = (file: string): Obj => parse(text(file), { strict: true, uniqueKeys: true }) as Obj;
const loadAll = (file: string): Obj[] =>
  parseAllDocuments(text(file), { strict: true, uniqueKeys: true }).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Obj;
  });

const STUDENT_RUN = 'labcheck run --workdir . --junit reports/junit.xml --html reports/labcheck.html';

/** A stand-in `labcheck` on PATH that records its arguments and exits with $FAKE_EXIT. */
function fakeLabcheck(): { bin: string; argsFile: string } {
  const bin = mkdtempSync(join(tmpdir(), 'labcheck-ci-bin-'));
  const argsFile = join(bin, 'argv');
  writeFileSync(join(bin, 'labcheck'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${argsFile}"\nexit "\${FAKE_EXIT:-0}"\n`);
  chmodSync(join(bin, 'labcheck'), 0o755);
  return { bin, argsFile };
}

/**
 * Runs a CI line as the CI's shell would (GitHub: `bash -e`; GitLab's node:20-alpine and the
 * Kubernetes pods: a POSIX sh), once per exit code of the stand-in: what the shell made of the line
 * (the last run's argv), and for each code whether the step passed. One process for all codes.
 */
async function runLine(cmd: CiCommand, env: Record<string, string>, exits: number[], cwd?: string): Promise<{ argv: string[]; ok: boolean[] }> {
  const { bin, argsFile } = fakeLabcheck();
  const shell = cmd.kind === 'github' ? 'bash' : 'sh';
  const loop = `for code in ${exits.join(' ')}; do if FAKE_EXIT=$code ${shell} -e -c "$LINE"; then echo pass; else echo fail; fi; done`;
  const result = await execa('sh', ['-c', loop], {
    cwd: cwd ?? mkdtempSync(join(tmpdir(), 'labcheck-ci-cwd-')),
    env: { ...env, LINE: cmd.line, PATH: `${bin}:${process.env.PATH}` },
    extendEnv: false,
  });
  return { argv: readFileSync(argsFile, 'utf8').trimEnd().split('\n'), ok: result.stdout.split('\n').map((l) => l === 'pass') };
}

/** A working folder as the merge job finds it: every shard's output under out/. */
function shardOutputs(n: number): string {
  const cwd = mkdtempSync(join(tmpdir(), 'labcheck-ci-merge-'));
  for (let i = 1; i <= n; i++) mkdirSync(join(cwd, 'out', `shard-${i}`), { recursive: true });
  return cwd;
}

describe('the labcheck lines of every CI file', () => {
  it('are these, exactly', () => {
    const lines = Object.fromEntries(Object.entries(CI_FILES).map(([name, file]) => [name, ciCommands(file).map((c) => [c.job, c.role, c.line])]));
    expect(lines).toEqual({
      studentGithub: [['labcheck', 'run', STUDENT_RUN]],
      studentGitlab: [['labcheck', 'run', `${STUDENT_RUN} --summary reports/summary.md`]],
      classGithub: [
        ['grade', 'shard', 'labcheck grade "$CLASS_DIR" --shard "$SHARD/$SHARDS" --out "out/shard-$SHARD" || [ $? -eq 1 ]'],
        ['merge', 'merge', 'labcheck merge out/shard-* --out reports/class || [ $? -eq 1 ]'],
      ],
      classGitlab: [
        ['grade', 'shard', 'labcheck grade "$CLASS_DIR" --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" --out "out/shard-$CI_NODE_INDEX"'],
        ['merge', 'merge', 'labcheck merge out/shard-* --out reports/class'],
      ],
      classKubernetesGrade: [
        [
          'labcheck-grade',
          'shard',
          'labcheck grade "$CLASS_DIR" --shard "$((JOB_COMPLETION_INDEX + 1))/$SHARDS" --out "out/shard-$((JOB_COMPLETION_INDEX + 1))" || [ $? -eq 1 ]',
        ],
      ],
      classKubernetesMerge: [['labcheck-merge', 'merge', 'labcheck merge out/shard-* --out reports/class || [ $? -eq 1 ]']],
    });
  });

  it('give the contract\'s commands once the CI\'s variables are in: grade CLASS_DIR --shard I/N --out out/shard-I', async () => {
    const shards = [CI_FILES.classGithub, CI_FILES.classGitlab, CI_FILES.classKubernetesGrade].map((f) => ciCommands(f).find((c) => c.role === 'shard')!);
    const seen = await Promise.all(shards.map(async (cmd) => ({ file: cmd.file, argv: (await runLine(cmd, { ...cmd.env, ...shardEnv(cmd, 3, 4), CLASS_DIR: 'my class' }, [0])).argv })));
    expect(seen).toEqual(shards.map((cmd) => ({ file: cmd.file, argv: ['grade', 'my class', '--shard', '3/4', '--out', 'out/shard-3'] })));
  });

  it('give merge every shard\'s folder: merge out/shard-1 ... out/shard-N --out reports/class', async () => {
    const merges = [CI_FILES.classGithub, CI_FILES.classGitlab, CI_FILES.classKubernetesMerge].map((f) => ciCommands(f).find((c) => c.role === 'merge')!);
    const seen = await Promise.all(merges.map(async (cmd) => ({ file: cmd.file, argv: (await runLine(cmd, cmd.env, [0], shardOutputs(3))).argv })));
    expect(seen).toEqual(merges.map((cmd) => ({ file: cmd.file, argv: ['merge', 'out/shard-1', 'out/shard-2', 'out/shard-3', '--out', 'reports/class'] })));
  });

  it('let a student\'s failed check (exit 1) through where the file says so, and fail on 2, 3 and 4', async () => {
    const tolerant = [...ciCommands(CI_FILES.classGithub), ...ciCommands(CI_FILES.classKubernetesGrade), ...ciCommands(CI_FILES.classKubernetesMerge)];
    const strict = [...ciCommands(CI_FILES.classGitlab), ...ciCommands(CI_FILES.studentGithub), ...ciCommands(CI_FILES.studentGitlab)];
    const outcomes = await Promise.all(
      [...tolerant, ...strict].map(async (cmd) => ({ line: cmd.line, ok: (await runLine(cmd, { ...cmd.env, ...shardEnv(cmd, 1, 2) }, [0, 1, 2, 3, 4], shardOutputs(2))).ok })),
    );
    expect(outcomes).toEqual([
      ...tolerant.map((cmd) => ({ line: cmd.line, ok: [true, true, false, false, false] })),
      // GitLab says it with allow_failure: exit_codes, the student's jobs not at all: there a failed check fails the job.
      ...strict.map((cmd) => ({ line: cmd.line, ok: [true, false, false, false, false] })),
    ]);
  });
});

describe('the student template\'s GitHub workflow', () => {
  const wf = load(CI_FILES.studentGithub);
  const job = wf.jobs.labcheck as Obj;
  const steps = job.steps as Obj[];

  it('grades every push on a hosted Ubuntu runner with Node 20', () => {
    expect(Object.keys(wf.on)).toContain('push');
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(steps[0]!.uses).toMatch(/^actions\/checkout@v\d+$/);
    expect(steps[1]).toEqual({ uses: expect.stringMatching(/^actions\/setup-node@v\d+$/), with: { 'node-version': 20 } });
  });

  it('installs what one line names, then grades the checkout', () => {
    expect(job.env.LABCHECK).toBe('labcheck');
    expect(text(CI_FILES.studentGithub).match(/^\s*LABCHECK:/gm)).toHaveLength(1);
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual(['npm install --global --no-audit --no-fund "$LABCHECK"', STUDENT_RUN]);
  });

  it('keeps the JUnit and HTML reports whatever the verdict', () => {
    const upload = steps.find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with.path.trim().split('\n')).toEqual(['reports/junit.xml', 'reports/labcheck.html']);
  });
});

describe('the student template\'s GitLab CI file', () => {
  const ci = load(CI_FILES.studentGitlab);
  const job = ci.labcheck as Obj;

  it('runs a node image with the docker CLI against a docker:dind service over TLS', () => {
    expect(job.image).toMatch(/^node:20\b/);
    expect(job.services).toEqual([{ name: expect.stringMatching(/^docker:[\w.]+-dind$/), alias: 'docker' }]);
    expect(job.variables).toEqual({ DOCKER_HOST: 'tcp://docker:2376', DOCKER_TLS_CERTDIR: '/certs', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs/client' });
    expect(job.before_script).toEqual(['apk add --no-cache docker-cli git', 'npm install --global --no-audit --no-fund "$LABCHECK"']);
    expect(ci.variables.LABCHECK).toBe('labcheck');
    expect(text(CI_FILES.studentGitlab).match(/^\s*LABCHECK:/gm)).toHaveLength(1);
  });

  it('runs the same command as GitHub, and gives GitLab the JUnit report and the files whatever the verdict', () => {
    expect(job.script).toEqual([`${STUDENT_RUN} --summary reports/summary.md`]);
    expect(job.artifacts).toMatchObject({ when: 'always', paths: ['reports/'], reports: { junit: 'reports/junit.xml' } });
  });
});

describe('the class workflow for GitHub Actions', () => {
  const wf = load(CI_FILES.classGithub);
  const grade = wf.jobs.grade as Obj;
  const merge = wf.jobs.merge as Obj;

  it('grades one shard per matrix entry, numbered 1 to N, N counted by GitHub', () => {
    const shards = grade.strategy.matrix.shard as number[];
    expect(shards.length).toBeGreaterThan(1);
    expect(shards).toEqual(shards.map((_, i) => i + 1));
    expect(grade.strategy['fail-fast']).toBe(false);
    expect(grade.env).toEqual({ SHARD: '${{ matrix.shard }}', SHARDS: '${{ strategy.job-total }}' });
    expect(wf.env).toEqual({ LABCHECK: 'labcheck', CLASS_DIR: 'submissions' });
  });

  it('hands each shard\'s output to the merge job under out/shard-I', () => {
    const upload = (grade.steps as Obj[]).find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with).toMatchObject({ name: 'shard-${{ matrix.shard }}', path: 'out/shard-${{ matrix.shard }}' });
    const download = (merge.steps as Obj[]).find((s) => String(s.uses).startsWith('actions/download-artifact@'))!;
    // Without merge-multiple each artifact lands in <path>/<its name>: out/shard-I.
    expect(download.with).toEqual({ pattern: 'shard-*', path: 'out' });
  });

  it('merges after every shard, even failed ones, shows the JUnit and keeps the class page', () => {
    expect(merge.needs).toBe('grade');
    expect(merge.if).toBe('${{ !cancelled() }}');
    expect(merge.permissions.checks).toBe('write');
    const steps = merge.steps as Obj[];
    const junit = steps.find((s) => String(s.uses).startsWith('mikepenz/action-junit-report@'))!;
    expect(junit).toMatchObject({ if: 'always()', with: { report_paths: 'reports/class/junit.xml' } });
    const upload = steps.find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    expect(upload).toMatchObject({ if: 'always()', with: { path: 'reports/class' } });
  });
});

describe('the class pipeline for GitLab CI', () => {
  const ci = load(CI_FILES.classGitlab);

  it('grades in parallel jobs with their own docker:dind, a failed check a warning', () => {
    expect(ci.stages).toEqual(['grade', 'merge']);
    expect(ci.grade.parallel).toBeGreaterThan(1);
    expect(ci.grade.stage).toBe('grade');
    expect(ci.grade.services).toEqual([{ name: expect.stringMatching(/^docker:[\w.]+-dind$/), alias: 'docker' }]);
    expect(ci.grade.variables.DOCKER_HOST).toBe('tcp://docker:2376');
    expect(ci.grade.allow_failure).toEqual({ exit_codes: [1] });
    expect(ci.grade.artifacts).toEqual({ when: 'always', paths: ['out/'] });
  });

  it('merges every grade job\'s output, and gives GitLab the JUnit report and the class page', () => {
    expect(ci.merge.stage).toBe('merge');
    expect(ci.merge.needs).toEqual([{ job: 'grade', artifacts: true }]);
    expect(ci.merge.when).toBe('always');
    expect(ci.merge.services).toBeUndefined();
    expect(ci.merge.artifacts).toMatchObject({ when: 'always', paths: ['reports/class/'], reports: { junit: 'reports/class/junit.xml' } });
  });
});

describe('the Kubernetes manifests', () => {
  const grade = loadAll(CI_FILES.classKubernetesGrade);
  const [configMap, claim, job] = grade as [Obj, Obj, Obj];
  const pod = job.spec.template.spec as Obj;
  const mergeJob = loadAll(CI_FILES.classKubernetesMerge)[0]!;
  const reportsPod = loadAll('examples/ci/kubernetes/reports-pod.yaml')[0]!;

  it('run one Indexed Job pod per shard, as many as SHARDS says', () => {
    expect(grade.map((d) => d.kind)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'Job']);
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(Number(configMap.data.SHARDS));
    expect(job.spec.parallelism).toBe(job.spec.completions);
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec.podFailurePolicy.rules).toEqual([{ action: 'FailIndex', onExitCodes: { containerName: 'labcheck', operator: 'In', values: [2, 4] } }]);
  });

  it('give each pod its own engine: a privileged dind sidecar on a socket labcheck uses', () => {
    const dind = (pod.initContainers as Obj[]).find((c) => c.name === 'dind')!;
    expect(dind.restartPolicy).toBe('Always');
    expect(dind.securityContext).toEqual({ privileged: true });
    expect(dind.args).toEqual(['dockerd', '--host=unix:///var/run/dind/docker.sock']);
    const labcheck = (pod.containers as Obj[]).find((c) => c.name === 'labcheck')!;
    expect(labcheck.env).toEqual([{ name: 'DOCKER_HOST', value: 'unix:///var/run/dind/docker.sock' }]);
    const socketMount = (c: Obj) => (c.volumeMounts as Obj[]).find((m) => m.name === 'dind-socket')?.mountPath;
    expect([socketMount(dind), socketMount(labcheck)]).toEqual(['/var/run/dind', '/var/run/dind']);
  });

  it('write every shard where the merge Job and the reports pod read: one ReadWriteMany claim', () => {
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    const mounts = [pod.containers[0], mergeJob.spec.template.spec.containers[0], reportsPod.spec.containers[0]].map((c: Obj) => (c.volumeMounts as Obj[]).find((m) => m.name === 'data')!.mountPath);
    expect(mounts).toEqual(['/data', '/data', '/data']);
    expect([pod.containers[0].workingDir, mergeJob.spec.template.spec.containers[0].workingDir]).toEqual(['/data', '/data']);
    for (const spec of [pod, mergeJob.spec.template.spec, reportsPod.spec]) {
      expect((spec.volumes as Obj[]).find((v) => v.name === 'data')).toEqual({ name: 'data', persistentVolumeClaim: { claimName: claim.metadata.name } });
    }
  });
});

describe('examples/ci/README.md', () => {
  it('names only files that exist', () => {
    const readme = text('examples/ci/README.md');
    const named = [...readme.matchAll(/`((?:kubernetes\/)?[\w-]+\.ya?ml)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(4);
    for (const file of named) {
      const exists = existsSync(join(packageRoot, 'examples/ci', file)) || existsSync(join(packageRoot, 'examples/ci/kubernetes', file));
      expect({ file, exists }).toEqual({ file, exists: true });
    }
  });
});
