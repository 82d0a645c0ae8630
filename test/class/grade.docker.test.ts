import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fileSafeId } from '../../src/class/ids.js';
import type { ClassReport, StudentReport } from '../../src/class/types.js';
import { poll } from '../../src/engine/deadline.js';
import { bin, endedRunsLeftovers, labcheck, leftSince, root } from '../support/docker.js';
import { buildClass, submissionDir } from '../support/class.js';
import { validateJunit } from '../support/net.js';

const outDir = () => join(mkdtempSync(join(tmpdir(), 'labcheck-class-out-')), 'out');
const readStudent = (out: string, id: string): StudentReport => JSON.parse(readFileSync(join(out, 'students', `${fileSafeId(id)}.json`), 'utf8'));
const studentIds = (out: string): string[] => readdirSync(join(out, 'students')).filter((f) => f.endsWith('.json')).sort();

/** What must be equal between grading in a class and grading alone: each check's verdict and points. */
const verdicts = (report: { labs: Array<{ id: string; checks: Array<{ id: string; status: string; points: number; maxPoints: number }> }> }) =>
  report.labs.flatMap((l) => l.checks.map((c) => `${l.id}/${c.id} ${c.status} ${c.points}/${c.maxPoints}`));

/** Starts `labcheck grade` as a shell would, in a process group of its own; resolves its output as it comes. */
function startGrade(args: string[], env: Record<string, string> = {}) {
  const child = execa('node', [bin, 'grade', ...args], { detached: true, reject: false, env: { NO_COLOR: '1', CI: 'true', ...env }, all: true });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

const finishedLines = (output: string): string[] => output.split('\n').filter((l) => /^[✔✘⏱!?] "/.test(l));

// Per check 8 s instead of 30: the silent app's checks wait out their deadlines, in the class and alone alike.
const TIMEOUT = ['--timeout', '8000'];

describe('labcheck grade on the real engine', () => {
  it('grades each submission as `run --workdir` grades it alone; identical files once; a link out refused; odd ids safe everywhere', async () => {
    const before = await endedRunsLeftovers();
    const spec = {
      ann: 'chapter',
      ben: 'chapter',
      'gus (first edition)': 'first-edition',
      李雷: 'own-wording',
      hana: 'df-env-without-value',
      ivan: 'crash-on-request',
      '-kai=1+1': 'extra-layer',
    };
    // Graded alone too, side by side: a pass, a lab failed at its layers, an app crashing (test/labs/submissions
    // judges every submission alone; here the class must agree with it).
    const compared = ['ann', '-kai=1+1', 'ivan'] as const;
    const classDir = buildClass(spec);
    mkdirSync(join(classDir, 'eve'));
    writeFileSync(join(classDir, 'eve', 'app.js'), 'x');
    symlinkSync('/etc/passwd', join(classDir, 'eve', 'Dockerfile'));
    const out = outDir();

    const graded = await labcheck(['grade', classDir, '--out', out, ...TIMEOUT], { env: { CI: 'true' } });
    expect(graded.exitCode, graded.stderr).toBe(1);
    expect(studentIds(out)).toHaveLength(8);

    // Submissions alone, as a student would grade them; their verdicts equal the class's.
    const alone = await Promise.all(
      compared.map(async (id) => {
        const result = await labcheck(['run', '--workdir', submissionDir(spec[id]), '--port', '0', '--json', '-', '--no-junit', ...TIMEOUT]);
        return [id, JSON.parse(result.stdout)] as const;
      }),
    );
    for (const [id, report] of alone) expect([id, verdicts(readStudent(out, id))]).toEqual([id, verdicts(report)]);

    expect(readStudent(out, 'ben').grading).toMatchObject({ status: 'graded', reusedFrom: 'ann' });
    expect(readStudent(out, 'ann').grading.reusedFrom).toBeUndefined();
    expect(graded.stderr).toMatch(/✔ "ben"  \d+\/\d+ \(same files as "ann", its result reused\)/);
    expect(readStudent(out, 'eve').grading).toEqual({ status: 'unreadable', reason: 'Dockerfile is a link out of the submission (to /etc/passwd); it is not followed', contentHash: '' });

    const classReport: ClassReport = JSON.parse(readFileSync(join(out, 'class.json'), 'utf8'));
    expect(classReport.students.map((s) => [s.id, s.status])).toEqual([
      ['-kai=1+1', 'failed'],
      ['ann', 'passed'],
      ['ben', 'passed'],
      ['eve', 'unreadable'],
      ['gus (first edition)', 'passed'],
      ['hana', 'failed'],
      ['ivan', 'failed'],
      ['李雷', 'passed'],
    ]);
    const csv = readFileSync(join(out, 'grades.csv'), 'utf8');
    expect(csv.split('\r\n')[1]).toMatch(/^'-kai=1\+1,failed,/);
    validateJunit(join(out, 'junit.xml'));
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('name="李雷 / hello-world"');
    expect(existsSync(join(out, 'class.html')) && existsSync(join(out, 'students', `${fileSafeId('-kai=1+1')}.html`))).toBe(true);
    expect(await leftSince(before)).toEqual([]);
  });

  it('resumes after Ctrl-C with only the unfinished; --only and --force grade what they name', async () => {
    const before = await endedRunsLeftovers();
    // Submissions that end early (a crash on the first request, a build Docker refuses): this is about what is resumed.
    const classDir = buildClass({ ann: 'crash-on-request', bob: 'df-env-without-value' });
    const out = outDir();
    const first = startGrade([classDir, '--out', out, '--jobs', '1', '--no-html']);
    expect(await poll(async () => (finishedLines(first.output()).length === 1 ? true : undefined), AbortSignal.timeout(120_000), 100)).toBe(true);
    process.kill(-(first.child.pid as number), 'SIGINT');
    const interrupted = await first.child;
    expect(interrupted.exitCode, first.output()).toBe(130);
    expect(await leftSince(before)).toEqual([]);
    const done = studentIds(out);
    expect(done).toHaveLength(1);

    const resumed = await labcheck(['grade', classDir, '--out', out, '--jobs', '1', '--no-html'], { env: { CI: 'true' } });
    expect(resumed.exitCode).toBe(1);
    expect(resumed.stderr).toMatch(/1 distinct submissions graded, 0 reused for identical files, 1 kept from an earlier run/);
    expect(studentIds(out)).toEqual(['ann.json', 'bob.json']);

    const only = await labcheck(['grade', classDir, '--out', out, '--only', 'bob', '--no-html'], { env: { CI: 'true' } });
    expect(only.stderr).toMatch(/1 distinct submissions graded, 0 reused for identical files, 1 kept from an earlier run/);
    expect(finishedLines(only.stderr).map((l) => l.split('"')[1])).toEqual(['bob']);

    const forced = await labcheck(['grade', classDir, '--out', out, '--force', '--no-html'], { env: { CI: 'true' } });
    expect(forced.stderr).toMatch(/2 distinct submissions graded, 0 reused for identical files, 0 kept from an earlier run/);
    expect(await leftSince(before)).toEqual([]);
  });

  it('records a submission past its deadline as timed out and goes on with the others', async () => {
    const before = await endedRunsLeftovers();
    const classDir = buildClass({ hana: 'df-env-without-value', jo: 'hang-build' });
    const out = outDir();
    // hana's build is refused at once; jo's build sleeps for an hour.
    const result = await labcheck(['grade', classDir, '--out', out, '--submission-timeout', '12', '--no-html'], { env: { CI: 'true' } });
    expect(result.exitCode).toBe(1);
    expect(readStudent(out, 'jo').grading).toMatchObject({ status: 'timed-out', reason: 'grading did not finish within 12.0 s (--submission-timeout)' });
    expect(readStudent(out, 'hana').grading.status).toBe('graded');
    expect(result.stderr).toMatch(/⏱ "jo"/);
    expect(await leftSince(before)).toEqual([]);
  });

  it('exits 3 when the engine goes away mid-batch, the rest marked error, and the next run grades only those', async () => {
    const before = await endedRunsLeftovers();
    const classDir = buildClass({ ann: 'crash-on-request', bob: 'df-env-without-value', cy: 'df-label-without-value' });
    const out = outDir();
    const proxyPath = join(mkdtempSync(join(tmpdir(), 'labcheck-proxy-')), 'docker.sock');
    const sockets = new Set<Socket>();
    // Forwards to the real engine until closed, as a stopping dockerd would.
    const proxy = createServer((client) => {
      const upstream = createConnection('/var/run/docker.sock');
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(proxyPath, resolve));
    const run = startGrade([classDir, '--out', out, '--jobs', '1', '--no-html'], { DOCKER_HOST: `unix://${proxyPath}` });
    expect(await poll(async () => (finishedLines(run.output()).length === 1 ? true : undefined), AbortSignal.timeout(120_000), 100)).toBe(true);
    proxy.close();
    for (const s of sockets) s.destroy();
    rmSync(proxyPath, { force: true });
    const result = await run.child;
    expect(result.exitCode, run.output()).toBe(3);
    expect(run.output()).not.toMatch(/\n\s+at /);
    const statuses = ['ann', 'bob', 'cy'].map((id) => readStudent(out, id).grading.status);
    expect(statuses.filter((s) => s === 'error')).toHaveLength(2);

    // What the gone engine left behind is its runs' to clean: a run with the real engine reaps dead runs first.
    const resumed = await labcheck(['grade', classDir, '--out', out, '--no-html'], { env: { CI: 'true' } });
    expect(resumed.stderr).toMatch(/2 distinct submissions graded, 0 reused for identical files, 1 kept from an earlier run/);
    expect(['ann', 'bob', 'cy'].map((id) => readStudent(out, id).grading.status)).toEqual(['graded', 'graded', 'graded']);
    expect(await leftSince(before)).toEqual([]);
  });
});

it('keeps the class fixture in step with the submissions it names', () => {
  const spec = JSON.parse(readFileSync(join(root, 'test/fixtures/class.json'), 'utf8')) as { students: Record<string, string> };
  for (const name of new Set(Object.values(spec.students))) expect([name, existsSync(join(submissionDir(name), 'app.js'))]).toEqual([name, true]);
});
