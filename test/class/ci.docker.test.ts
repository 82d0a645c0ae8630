import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { ClassReport } from '../../src/class/types.js';
import { bin, endedRunsLeftovers, labcheck, leftSince } from '../support/docker.js';
import { buildClass } from '../support/class.js';
import { CI_FILES, ciCommands, shardEnv, type CiCommand } from '../support/ci-commands.js';
import { validateJunit } from '../support/net.js';

/** `labcheck` on PATH as the CI files call it: this build. */
function labcheckOnPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-path-'));
  writeFileSync(join(dir, 'labcheck'), `#!/bin/sh\nexec node ${JSON.stringify(bin)} "$@"\n`);
  chmodSync(join(dir, 'labcheck'), 0o755);
  return dir;
}

// Where a CI file's engine is (GitLab's docker:dind service): the CI provides it; here it is this machine's.
const ENGINE_VARIABLES = new Set(['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS_CERTDIR']);

/** Runs one CI line exactly as written, in sh, with what the file and the CI set (but the engine's address). */
async function runLine(cmd: CiCommand, cwd: string, env: Record<string, string>) {
  const fileEnv = Object.fromEntries(Object.entries(cmd.env).filter(([k]) => !ENGINE_VARIABLES.has(k)));
  const result = await execa('sh', ['-c', cmd.line], { cwd, reject: false, all: true, env: { ...process.env, NO_COLOR: '1', CI: 'true', ...fileEnv, ...env } });
  return { exitCode: result.exitCode, output: String(result.all) };
}

/**
 * A line ends its job successfully: with `|| [ $? -eq 1 ]` a failed student is a grade (exit 0);
 * without it (GitLab, whose jobs allow exit code 1) a failed student exits 1, nothing else.
 */
const jobOk = (cmd: CiCommand, exitCode: number | undefined): boolean => (cmd.line.includes('|| [ $? -eq 1 ]') ? exitCode === 0 : exitCode === 0 || exitCode === 1);

/** class.json without what differs between runs of the same verdicts (times). */
const stable = (r: ClassReport) => ({ ...r, startedAt: '', durationMs: 0 });

describe('the class CI templates, run as written against the real engine', () => {
  it('GitHub Actions, GitLab CI and a Kubernetes Indexed Job: 2 shard jobs then the merge job give the unsharded class', async () => {
    const before = await endedRunsLeftovers();
    const classDir = buildClass({ ann: 'chapter', ben: 'chapter', bob: 'extra-layer', 'cy z': 'chapter' });
    const path = `${labcheckOnPath()}:${process.env.PATH}`;
    const files = [CI_FILES.classGithub, CI_FILES.classGitlab, CI_FILES.classKubernetesGrade];
    const classes: Record<string, { classJson: ClassReport; csv: string }> = {};
    let graded: string | undefined;
    for (const file of files) {
      const cwd = mkdtempSync(join(tmpdir(), 'labcheck-ci-job-'));
      const shardLines = ciCommands(file).filter((c) => c.role === 'shard');
      const merge = file === CI_FILES.classKubernetesGrade ? ciCommands(CI_FILES.classKubernetesMerge)[0]! : ciCommands(file).find((c) => c.role === 'merge')!;
      expect(shardLines).toHaveLength(1);
      // The first CI file grades; the others start from its shard outputs, so their same lines resume
      // (scan, keep, write) instead of grading the same files again.
      if (graded) cpSync(join(graded, 'out'), join(cwd, 'out'), { recursive: true });
      for (const shard of [1, 2]) {
        const ran = await runLine(shardLines[0]!, cwd, { ...shardEnv(shardLines[0]!, shard, 2), CLASS_DIR: classDir, PATH: path });
        expect([file, shard, jobOk(shardLines[0]!, ran.exitCode)], ran.output).toEqual([file, shard, true]);
      }
      graded ??= cwd;
      const merged = await runLine(merge, cwd, { PATH: path });
      expect([file, jobOk(merge, merged.exitCode)], merged.output).toEqual([file, true]);
      validateJunit(join(cwd, 'reports/class/junit.xml'));
      classes[file] = {
        classJson: JSON.parse(readFileSync(join(cwd, 'reports/class/class.json'), 'utf8')),
        csv: readFileSync(join(cwd, 'reports/class/grades.csv'), 'utf8'),
      };
    }

    // One unsharded grade of the same verdicts: the shards' student reports, kept, written as one class.
    const unsharded = mkdtempSync(join(tmpdir(), 'labcheck-ci-whole-'));
    mkdirSync(join(unsharded, 'students'), { recursive: true });
    for (const shard of readdirSync(join(graded!, 'out'))) cpSync(join(graded!, 'out', shard, 'students'), join(unsharded, 'students'), { recursive: true });
    const whole = await labcheck(['grade', classDir, '--out', unsharded, '--no-html'], { env: { CI: 'true' } });
    expect(whole.exitCode, whole.stderr).toBe(1);
    expect(whole.stderr).toMatch(/0 distinct submissions graded, 0 reused for identical files, 4 kept from an earlier run/);
    const expected = { classJson: stable(JSON.parse(readFileSync(join(unsharded, 'class.json'), 'utf8'))), csv: readFileSync(join(unsharded, 'grades.csv'), 'utf8') };
    for (const file of files) expect([file, { ...classes[file]!, classJson: stable(classes[file]!.classJson) }]).toEqual([file, expected]);
    expect(expected.classJson.students.map((s) => [s.id, s.status])).toEqual([['ann', 'passed'], ['ben', 'passed'], ['bob', 'failed'], ['cy z', 'passed']]);
    expect(await leftSince(before)).toEqual([]);
  });
});
