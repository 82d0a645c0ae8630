// `labcheck grade`: every submission of a class graded as `labcheck run --workdir <it> --port 0` would
// grade it alone, several at once, each within its deadline; each result written the moment it is
// known, so a crash or Ctrl-C loses nothing finished and the same command resumes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ping } from '../docker/api.js';
import { removeLabelled, ofRun } from '../docker/cleanup.js';
import { DockerCli } from '../docker/cli.js';
import type { Engine } from '../docker/connect.js';
import { cliEnv } from '../docker/endpoint.js';
import { LabContext } from '../engine/context.js';
import type { LabDef } from '../engine/define.js';
import { isEnvironmentFailure, UsageError } from '../engine/errors.js';
import { newRunId, runNames } from '../engine/names.js';
import { limiter } from '../engine/runner.js';
import type { ExitCode } from '../engine/score.js';
import { summarize } from '../engine/score.js';
import { runSession } from '../engine/session.js';
import type { LabResult, Lang, RunReport } from '../engine/types.js';
import { toJsonReport } from '../report/json.js';
import { packageVersion, fixturesDir } from '../paths.js';
import { startThrowawayRegistry } from '../../checks/registry.js';
import type { CsvOptions } from './csv.js';
import { prepareClass } from './lms.js';
import { readStudent, writeClassFiles, writeStudent, type ClassFiles } from './outputs.js';
import { ClassProgress, seconds, summaryText, type FinishedStudent, type LiveState } from './progress.js';
import { selectShard, shardManifest, type Shard } from './shard.js';
import { scanSubmission, listStudents, type Submission } from './submissions.js';
import { studentStatus } from './summarize.js';
import type { ClassReport, Grading, StudentReport } from './types.js';

/** After its deadline, a submission's session gets this long to clean up before the batch stops waiting for it. */
const CLEANUP_GRACE_MS = 60_000;

export interface GradeClassOptions {
  /** Every lab, in chapter order. */
  labs: readonly LabDef[];
  /** CLASS_DIR: a folder of one folder per student, or an LMS download (zip or unpacked). */
  input: string;
  out: string;
  jobs: number;
  submissionTimeoutMs: number;
  force: boolean;
  only?: readonly string[];
  shard?: Shard;
  csv: CsvOptions;
  lang: Lang;
  registry?: string;
  timeoutMs: number;
  engine: Pick<Engine, 'docker' | 'endpoint'>;
  signal: AbortSignal;
  progress: ClassProgress;
  dockerBin?: string;
  /** Renders class.html and students/*.html when pages are wanted (--no-html leaves it out). */
  pages?: ClassFiles['pages'];
}

export interface ClassOutcome {
  classReport: ClassReport;
  exitCode: ExitCode;
}

/** The labs of a report put back in chapter order: the class's shared ones and the submission's own. */
export function inChapterOrder(labs: readonly LabDef[], ...parts: ReadonlyArray<readonly LabResult[]>): LabResult[] {
  const byId = new Map(parts.flat().map((lab) => [lab.id, lab]));
  return labs.flatMap((lab) => byId.get(lab.id) ?? []);
}

/** The contract's student report: the run's labs and the class's shared ones, as `--json` writes them, plus the grading. */
export function studentReport(student: string, workdir: string, run: RunReport, shared: readonly LabResult[], grading: Grading, labs: readonly LabDef[], lang: Lang): StudentReport {
  const all = inChapterOrder(labs, shared, run.labs);
  return { ...toJsonReport({ ...run, workdir, labs: all, summary: summarize(all) }, lang), student, grading };
}

/** A report of a student with no verdicts: unreadable, or not graded because the engine went away. */
function emptyReport(student: string, workdir: string, grading: Grading): StudentReport {
  return {
    tool: 'labcheck',
    version: packageVersion(),
    mode: 'run',
    workdir,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    labs: [],
    summary: { passed: 0, failed: 0, error: 0, skipped: 0, points: 0, maxPoints: 0 },
    student,
    grading,
  };
}

function detailOf(report: StudentReport): string {
  if (report.grading.status !== 'graded') return report.grading.reason ?? '';
  const bad = report.labs.filter((l) => l.status !== 'passed');
  return bad.length ? bad.map((l) => `${l.id} ${l.status}`).join(', ') : '';
}

const finishedOf = (report: StudentReport, durationMs: number, extra: Partial<FinishedStudent> = {}): FinishedStudent => ({
  id: report.student,
  status: studentStatus(report),
  points: report.summary.points,
  maxPoints: report.summary.maxPoints,
  durationMs,
  detail: detailOf(report),
  ...(report.grading.reusedFrom !== undefined ? { reusedFrom: report.grading.reusedFrom } : {}),
  ...extra,
});

/** A result the same command need not grade again: same files, same labcheck, and a verdict (not an engine error). */
const stillGood = (report: StudentReport | undefined, submission: Submission): report is StudentReport =>
  report !== undefined && report.version === packageVersion() && report.grading.contentHash === submission.contentHash && report.grading.status !== 'error';

type SessionEnd = { kind: 'done'; report: RunReport } | { kind: 'timed-out'; report?: RunReport } | { kind: 'interrupted' } | { kind: 'threw'; error: unknown };

/**
 * Grades a class: scans every submission, grades each distinct one (identical files graded once),
 * writes each student's report as it finishes, then the class's files from every report in --out.
 */
export async function gradeClass(options: GradeClassOptions): Promise<ClassOutcome> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const { progress, lang, engine, signal } = options;
  const version = packageVersion();
  const work = await mkdtemp(join(tmpdir(), 'labcheck-class-'));
  const batchId = newRunId();
  const finished: FinishedStudent[] = [];
  let environmentFailure: string | undefined;
  let bugs = 0;
  let interrupted = false;
  try {
    const prepared = await prepareClass(options.input, join(work, 'prepared'));
    const everyone = await listStudents(prepared.classDir);
    const classIds = everyone.map((s) => s.id);
    const inShard = new Set(options.shard ? selectShard(classIds, options.shard) : classIds);
    const unknown = (options.only ?? []).filter((id) => !classIds.includes(id));
    if (unknown.length) throw new UsageError(`--only names ${unknown.map((id) => JSON.stringify(id)).join(', ')}, not a folder of ${options.input}`);
    const students = everyone.filter((s) => inShard.has(s.id));
    const only = options.only ? new Set(options.only) : undefined;

    // Scan every submission of the shard; decide which need grading.
    const scans = await Promise.all(students.map((s) => scanSubmission(s)));
    const kept = new Map<string, StudentReport>();
    const toGrade: Submission[] = [];
    for (const scan of scans) {
      if (!scan.ok) {
        const report = emptyReport(scan.unreadable.id, scan.unreadable.dir, { status: 'unreadable', reason: scan.unreadable.reason, contentHash: '' });
        await writeStudent(options.out, report);
        finished.push(finishedOf(report, 0));
        continue;
      }
      const { submission } = scan;
      const earlier = await readStudent(options.out, submission.id);
      const asked = options.force || (only !== undefined && only.has(submission.id));
      if (!asked && stillGood(earlier, submission)) kept.set(submission.id, earlier);
      else if (only === undefined || only.has(submission.id)) toGrade.push(submission);
    }
    for (const report of kept.values()) finished.push(finishedOf(report, 0, { kept: true }));

    // Identical files are graded once: a group's result goes to each of its students.
    const groups = new Map<string, Submission[]>();
    for (const s of toGrade) groups.set(s.contentHash, [...(groups.get(s.contentHash) ?? []), s]);
    const earlierByHash = new Map([...kept.values()].filter((r) => r.grading.status === 'graded').map((r) => [r.grading.contentHash, r]));

    const total = students.length;
    const running = new Set<string>();
    const durations: number[] = [];
    let timedOut = 0;
    const live = (): LiveState => {
      const left = [...groups.values()].length - durations.length;
      const average = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : undefined;
      return { done: finished.length, total, running: [...running], timedOut, ...(average !== undefined && left > 0 ? { etaMs: (average * left) / Math.max(1, options.jobs) } : {}) };
    };
    const record = async (reports: StudentReport[], durationMs: number) => {
      for (const report of reports) {
        await writeStudent(options.out, report);
        const entry = finishedOf(report, report.grading.reusedFrom === undefined ? durationMs : 0);
        finished.push(entry);
        progress.finished(entry, live());
      }
    };

    // Groups whose files an earlier run already graded under another student's name: reused, not graded.
    for (const [hash, members] of [...groups]) {
      const earlier = earlierByHash.get(hash);
      if (!earlier) continue;
      groups.delete(hash);
      await record(members.map((m) => ({ ...earlier, student: m.id, workdir: m.dir, grading: { ...earlier.grading, reusedFrom: earlier.student } })), 0);
    }

    if (groups.size > 0 && !signal.aborted) {
      progress.line(lang === 'zh' ? `${total} 名学生，${groups.size} 份不同的提交待评分，同时评 ${options.jobs} 份` : `${total} students, ${groups.size} distinct submissions to grade, ${options.jobs} at a time`);
      // Labs that read nothing of a submission (busybox, redis) give every student the same verdicts: graded once.
      const sharedIds = options.labs.filter((l) => l.readsWorkdir === false).map((l) => l.id);
      const ownIds = options.labs.filter((l) => l.readsWorkdir !== false).map((l) => l.id);
      const session = (selected: readonly string[], workdir: string, sessionSignal: AbortSignal, registry: string | undefined) =>
        runSession({
          labs: options.labs,
          selected,
          mode: 'run',
          workdir,
          engine,
          signal: sessionSignal,
          lang,
          port: 0,
          ...(registry ? { registry } : {}),
          timeoutMs: options.timeoutMs,
          ...(options.dockerBin ? { dockerBin: options.dockerBin } : {}),
          warn: (message) => progress.line(`labcheck: ${message}`),
        });
      // The class's shared labs run beside the first submissions; each report waits for them.
      // A shared run that threw leaves no labs to add: every report then says why instead of missing them.
      const sharedRun: Promise<{ labs: LabResult[]; failure?: string }> = sharedIds.length
        ? session(sharedIds, fixturesDir, signal, undefined).then(
            (r) => ({ labs: r.labs }),
            (e: unknown) => {
              const failure = `the labs every student shares could not be graded: ${e instanceof Error ? e.message : String(e)}`;
              if (!signal.aborted) environmentFailure ??= failure;
              return { labs: [], failure };
            },
          )
        : Promise.resolve({ labs: [] });

      // One throwaway registry for the batch instead of one per submission (push-image pushes under each run's own name).
      let registry = options.registry;
      if (!registry && !signal.aborted) {
        const ctx = new LabContext({
          mode: 'run',
          runId: batchId,
          names: runNames(batchId),
          workdir: fixturesDir,
          buildDir: fixturesDir,
          port: 0,
          timeoutMs: options.timeoutMs,
          stepTimeoutMs: 120_000,
          signal,
          endpoint: engine.endpoint,
          cli: new DockerCli(cliEnv(engine.endpoint), options.dockerBin || 'docker'),
          docker: engine.docker,
        });
        try {
          registry = (await startThrowawayRegistry(ctx)).host;
        } catch (e) {
          environmentFailure = (e as Error).message;
        }
      }

      const gradeGroup = async (members: Submission[]): Promise<void> => {
        if (signal.aborted || environmentFailure) return;
        const [first] = members as [Submission, ...Submission[]];
        running.add(first.id);
        progress.update(live());
        const t0 = performance.now();
        const end = await gradeWithin(options.submissionTimeoutMs, signal, (s) => session(ownIds, first.dir, s, registry));
        running.delete(first.id);
        const durationMs = Math.round(performance.now() - t0);
        if (end.kind === 'interrupted') return;
        durations.push(durationMs);
        let grading: Grading;
        const run = end.kind === 'threw' ? undefined : end.report;
        if (end.kind === 'threw') {
          // The session itself threw: labcheck's own failure (or the machine's), never the student's verdict.
          const why = end.error instanceof Error ? end.error.message : String(end.error);
          if (isEnvironmentFailure(end.error)) environmentFailure ??= why;
          else bugs += 1;
          grading = { status: 'error', reason: `labcheck could not grade it: ${why}`, contentHash: first.contentHash };
        } else if (end.kind === 'timed-out') {
          timedOut += 1;
          grading = { status: 'timed-out', reason: `grading did not finish within ${seconds(options.submissionTimeoutMs)} (--submission-timeout)`, contentHash: first.contentHash };
        } else {
          const envCheck = end.report.labs.flatMap((l) => l.checks).find((c) => c.environment);
          if (envCheck) {
            grading = { status: 'error', reason: envCheck.message.en, contentHash: first.contentHash };
            // One submission's environment failure may be the engine gone: then the batch stops here.
            try {
              await ping(engine.docker, engine.endpoint);
            } catch (e) {
              environmentFailure = (e as Error).message;
            }
          } else {
            grading = { status: 'graded', contentHash: first.contentHash };
          }
          if (end.report.labs.some((l) => l.checks.some((c) => c.bug !== undefined))) bugs += 1;
        }
        const shared = await sharedRun;
        const sharedFailure = shared.failure ?? shared.labs.flatMap((l) => l.checks).find((c) => c.environment)?.message.en;
        if (sharedFailure && grading.status === 'graded') grading = { status: 'error', reason: sharedFailure, contentHash: first.contentHash };
        const base = run ? studentReport(first.id, first.dir, run, shared.labs, grading, options.labs, lang) : emptyReport(first.id, first.dir, grading);
        await record(
          members.map((m, i) => (i === 0 ? base : { ...base, student: m.id, workdir: m.dir, grading: { ...grading, reusedFrom: first.id } })),
          durationMs,
        );
      };
      const slot = limiter(Math.max(1, options.jobs));
      await Promise.all([...groups.values()].map((members) => slot(() => gradeGroup(members))));

      // Not graded because the engine went away: marked so the next run grades them.
      if (environmentFailure && !signal.aborted) {
        const done = new Set(finished.map((f) => f.id));
        for (const members of groups.values()) {
          for (const m of members.filter((x) => !done.has(x.id))) {
            const report = emptyReport(m.id, m.dir, { status: 'error', reason: `not graded: ${environmentFailure}`, contentHash: m.contentHash });
            await writeStudent(options.out, report);
            const entry = finishedOf(report, 0);
            finished.push(entry);
            progress.finished(entry, live());
          }
        }
      }
    }
    interrupted = signal.aborted;
    progress.clear();

    // The class's files, from every report of this shard's students in --out (earlier runs' included).
    const reports = (await Promise.all(students.map((s) => readStudent(options.out, s.id)))).filter((r): r is StudentReport => r !== undefined);
    const durationMs = Math.round(performance.now() - started);
    const classReport = await writeClassFiles(reports, {
      out: options.out,
      lang,
      csv: prepared.layout === 'canvas' ? { ...options.csv, canvasIdColumn: 'ID' } : options.csv,
      run: { version, startedAt, durationMs },
      manifest: shardManifest({ version, shard: options.shard ?? { index: 1, total: 1 }, classIds, students: reports.map((r) => r.student), startedAt, durationMs }),
      ...(options.pages ? { pages: options.pages } : {}),
    });
    progress.line(summaryText({ students: total, graded: durations.length, reused: finished.filter((f) => f.reusedFrom !== undefined && !f.kept).length, kept: kept.size, durationMs, finished }, lang));
    return { classReport, exitCode: classExitCode({ interrupted, environmentFailure: environmentFailure !== undefined, bugs, reports }) };
  } finally {
    await removeLabelled(engine.docker, ofRun(batchId)).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

/** Grading's exit codes (CONTRACT "Class grading"): 130, then 4 (a bug), 3 (the environment), 1 (a student not passed), 0. */
export function classExitCode(facts: { interrupted: boolean; environmentFailure: boolean; bugs: number; reports: readonly StudentReport[] }): ExitCode {
  if (facts.interrupted) return 130;
  if (facts.bugs > 0) return 4;
  const statuses = facts.reports.map(studentStatus);
  if (facts.environmentFailure || statuses.includes('error')) return 3;
  return statuses.every((s) => s === 'passed') ? 0 : 1;
}

/**
 * Runs one submission's session within its deadline. At the deadline the session is aborted (it then
 * cleans up what it made and returns what was finished); if even that does not come back within a
 * grace period, the batch stops waiting for it.
 */
async function gradeWithin(ms: number, batch: AbortSignal, run: (signal: AbortSignal) => Promise<RunReport>): Promise<SessionEnd> {
  const controller = new AbortController();
  let late = false;
  const onBatch = () => controller.abort(batch.reason);
  batch.addEventListener('abort', onBatch, { once: true });
  let giveUp: NodeJS.Timeout | undefined;
  const deadline = setTimeout(() => {
    late = true;
    controller.abort(new Error(`the submission's deadline of ${ms} ms passed`));
  }, ms);
  try {
    const stalled = new Promise<'stalled'>((resolve) => {
      giveUp = setTimeout(() => resolve('stalled'), ms + CLEANUP_GRACE_MS);
    });
    const work = run(controller.signal).then(
      (report) => report,
      (error: unknown) => ({ error }),
    );
    const result = await Promise.race([work, stalled]);
    if (result === 'stalled') return { kind: 'timed-out' };
    if ('error' in result) return { kind: 'threw', error: result.error };
    if (late) return { kind: 'timed-out', report: result };
    if (batch.aborted) return { kind: 'interrupted' };
    return { kind: 'done', report: result };
  } finally {
    clearTimeout(deadline);
    clearTimeout(giveUp);
    batch.removeEventListener('abort', onBatch);
  }
}
