import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { bin, endedRunsLeftovers, labcheck, leftSince, workdirWith } from '../support/docker.js';
import { cleanEachTest } from '../support/labs.js';
import { validateJunit } from '../support/net.js';

cleanEachTest();

const validate = validateJunit;
const reportDir = () => mkdtempSync(join(tmpdir(), 'labcheck-reports-'));

describe('labcheck run (the built CLI, as a real process)', () => {
  it('passes hello-world, build-image and image-layers on the fixtures: exit 0, valid JUnit', async () => {
    const junit = join(reportDir(), 'junit.xml');
    const result = await labcheck(['run', 'hello-world', 'build-image', 'image-layers', '--port', '0', '--json', '-', '--junit', junit]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.labs.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([
      ['hello-world', 'passed'],
      ['build-image', 'passed'],
      ['image-layers', 'passed'],
    ]);
    expect(report.summary).toMatchObject({ failed: 0, error: 0, skipped: 0 });
    expect(report.summary.points).toBe(report.summary.maxPoints);
    validate(junit);
    expect(readFileSync(junit, 'utf8')).toContain('classname="labcheck.image-layers"');
  });

  it('exits 1 and names the failed check on a broken workdir, and the JUnit with failures validates', async () => {
    const dir = workdirWith({ Dockerfile: 'FROM node:12\nADD app.js /app.js\nRUN echo extra > /extra.txt\nENTRYPOINT ["node", "app.js"]\n' });
    const junit = join(reportDir(), 'junit.xml');
    const result = await labcheck(['run', 'image-layers', '--workdir', dir, '--junit', junit, '--json', '-']);
    expect(result.exitCode).toBe(1);
    const lab = JSON.parse(result.stdout).labs[0];
    expect(lab.checks.filter((c: { status: string }) => c.status === 'failed').map((c: { id: string }) => c.id)).toEqual(['history-above-base', 'one-more-layer']);
    validate(junit);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<failure[^>]*>[\s\S]*expected 2 history entries above node:12[\s\S]*hint:/);
  });

  it('leaves the workdir as it was: the build runs on a copy', async () => {
    const dir = workdirWith();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const before = execFileSync('ls', ['-lA', '--time-style=+%s', dir]).toString();
    const result = await labcheck(['run', 'build-image', '--workdir', dir, '--no-junit', '--json', '-']);
    expect(result.exitCode).toBe(0);
    expect(execFileSync('ls', ['-lA', '--time-style=+%s', dir]).toString()).toBe(before);
  });
});

describe('labcheck exit codes and messages', () => {
  it.each([
    { args: ['run', 'no-such-lab'], code: 2, line: /unknown lab "no-such-lab"; the labs are: hello-world/ },
    { args: ['run', '--workdir', '/nonexistent/dir'], code: 2, line: /--workdir \/nonexistent\/dir does not exist/ },
    { args: ['run', '--frobnicate'], code: 2, line: /Unknown option '--frobnicate'/ },
    { args: ['run', '--port', 'http'], code: 2, line: /--port must be a whole number from 0 to 65535; got "http"/ },
    { args: ['run', '--lang', 'fr'], code: 2, line: /--lang must be en or zh; got "fr"/ },
    { args: ['frobnicate'], code: 2, line: /unknown command "frobnicate"/ },
  ])('$args.0 $args.1: exit $code with one clear line, no stack trace, a JUnit report anyway', async ({ args, code, line }) => {
    const junit = join(reportDir(), 'junit.xml');
    const result = await labcheck([...args, '--junit', junit]);
    expect(result.exitCode).toBe(code);
    expect(result.stderr).toMatch(line);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    validate(junit);
    expect(readFileSync(junit, 'utf8')).toMatch(/<error/);
  });

  it('exits 3 naming the endpoint and the fix when no engine answers, with an <error> per check in JUnit', async () => {
    const junit = join(reportDir(), 'junit.xml');
    const result = await labcheck(['run', 'hello-world', '--junit', junit], { env: { DOCKER_HOST: 'unix:///tmp/labcheck-no-engine.sock' } });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/no Docker engine answered at unix:\/\/\/tmp\/labcheck-no-engine\.sock/);
    expect(result.stderr).toMatch(/Start Docker/);
    validate(junit);
    expect(readFileSync(junit, 'utf8').match(/<error/g)).toHaveLength(4);
  });

  it.each([
    { what: 'list', args: 'list' },
    { what: 'a run, which still cleans up', args: 'run hello-world --no-junit' },
  ])('a reader that stops early (| head -c 1) is no error for $what: exit 0, no stack trace', async ({ args }) => {
    const before = await endedRunsLeftovers();
    const result = await execa('bash', ['-c', `set -o pipefail; node ${bin} ${args} | head -c 1 >/dev/null`], { reject: false, env: { NO_COLOR: '1' } });
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(result.exitCode).toBe(0);
    expect(await leftSince(before)).toEqual([]);
  });

  it('prints its version, help, and the labs in both languages', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    expect((await labcheck(['--version'])).stdout).toBe(pkg.version);
    expect((await labcheck(['--help'])).stdout).toMatch(/Exit codes: 0 all passed, 1 a check failed, 2 usage or input error, 3 environment error/);
    expect((await labcheck(['list'])).stdout).toMatch(/^hello-world\s+Run a hello-world container\s+\(运行一个hello-world容器\)$/m);
    expect((await labcheck(['list', '--lang', 'zh'])).stdout).toMatch(/^hello-world\s+运行一个 hello-world 容器/m);
    const listed = JSON.parse((await labcheck(['list', '--json'])).stdout);
    expect(listed.labs[0]).toEqual({ id: 'hello-world', section: '运行一个hello-world容器', title: 'Run a hello-world container', dependsOn: [] });
  });
});
