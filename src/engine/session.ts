// One grading session: the selected labs performed and checked in one mode on one folder, reported
// to a list of reporters, cleaned up. Independent of the CLI: `labcheck run`, a class grader and
// watch all call it, each with its own reporters, signal and engine connection.
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Engine } from '../docker/connect.js';
import { DockerCli } from '../docker/cli.js';
import { countLabelled, ofDeadRuns, ofRun, removeLabelled, removeRun } from '../docker/cleanup.js';
import { cliEnv } from '../docker/endpoint.js';
import { readOnce } from '../docker/snapshot.js';
import type { Reporter } from '../report/reporter.js';
import { packageVersion } from '../paths.js';
import { LabContext } from './context.js';
import type { LabDef } from './define.js';
import { chapterNames, newRunId, runNames } from './names.js';
import { allChecks, labResult, runLabs } from './runner.js';
import { summarize } from './score.js';
import { selftestLabs } from './selftest.js';
import { copyToBuildContext, removeBuildContext } from './workdir.js';
import type { LabResult, Lang, Mode, RunReport, Text } from './types.js';

const STEP_TIMEOUT_MS = 300_000;
const SOLVE_TIMEOUT_MS = 600_000;
// Independent labs overlap (the redis labs while the image builds); two cores, so a few at once.
// check performs nothing, so there every selected lab reads the engine at once.
const CONCURRENCY = 3;

export interface SessionOptions {
  /** Every lab, in chapter order. */
  labs: readonly LabDef[];
  /** The ids to grade, in chapter order (the labs they depend on are performed too, not reported). */
  selected: readonly string[];
  mode: Mode;
  /** The folder graded (already validated): the student's app.js and Dockerfile, or the fixtures. */
  workdir: string;
  engine: Pick<Engine, 'docker' | 'endpoint'>;
  /** Aborts the session (Ctrl-C): what was finished is reported, what was started is cleaned up. */
  signal: AbortSignal;
  reporter?: Reporter;
  lang: Lang;
  port: number;
  registry?: string;
  timeoutMs: number;
  /** The docker CLI to run the steps with (LABCHECK_DOCKER); `docker` by default. */
  dockerBin?: string;
  /** The run's namespace; a fresh one by default (check mode has none). */
  runId?: string;
  /** Called before anything is performed, e.g. solve's refusal to replace what the user has. */
  beforePerform?: () => Promise<void>;
  /** Told what went wrong outside any check (a cleanup the engine did not finish). */
  warn?: (message: string) => void;
}

function reportOf(options: SessionOptions, runId: string | undefined, labs: LabResult[], startedAt: string, started: number): RunReport {
  return {
    tool: 'labcheck',
    version: packageVersion(),
    mode: options.mode,
    ...(runId ? { runId } : {}),
    workdir: options.workdir,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    labs,
    summary: summarize(labs),
    ...(options.signal.aborted ? { interrupted: true } : {}),
  };
}

/** A report for labs that could not be graded at all (no engine): every check `error` with the reason. */
export function unstartedReport(options: Pick<SessionOptions, 'labs' | 'selected' | 'mode' | 'workdir'>, why: Text): RunReport {
  const labs = options.labs
    .filter((lab) => options.selected.includes(lab.id))
    .map((lab) => labResult(lab, allChecks(lab, 'error', why, true), 0));
  return {
    tool: 'labcheck',
    version: packageVersion(),
    mode: options.mode,
    workdir: options.workdir,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    labs,
    summary: summarize(labs),
  };
}

/**
 * Grades the selected labs and returns the run's report: plain data, both languages, every flag
 * (see report-file.ts to keep it). Reporters hear every hook and end with onRunEnd; a run's and a
 * selftest's resources are removed by label before it returns, also when interrupted.
 */
export async function runSession(options: SessionOptions): Promise<RunReport> {
  const { mode, engine, reporter, signal } = options;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const namespaced = mode === 'run' || mode === 'selftest';
  const runId = mode === 'check' ? undefined : (options.runId ?? newRunId());
  const { docker } = engine;
  // Every lab and check at once listens to this one signal (12 labs at once in check): not a leak.
  setMaxListeners(0, signal);
  reporter?.onRunStart?.({ mode, labs: [...options.selected], runId });

  const buildDirs: string[] = [];
  const contexts: LabContext[] = [];
  const newContext = async (id: string): Promise<LabContext> => {
    const buildDir = namespaced ? await copyToBuildContext(options.workdir, id) : options.workdir;
    if (buildDir !== options.workdir) buildDirs.push(buildDir);
    const ctx = new LabContext({
      mode,
      runId: id,
      names: namespaced ? runNames(id) : chapterNames(),
      workdir: options.workdir,
      buildDir,
      port: options.port,
      registry: options.registry,
      timeoutMs: options.timeoutMs,
      stepTimeoutMs: STEP_TIMEOUT_MS,
      signal,
      endpoint: engine.endpoint,
      cli: new DockerCli(cliEnv(engine.endpoint), options.dockerBin || 'docker'),
      // check only reads: one engine request per distinct query, however many checks ask it.
      docker: mode === 'check' ? readOnce(docker) : docker,
      onProgress: (labId, text) => reporter?.onStep?.(labId, text),
    });
    contexts.push(ctx);
    return ctx;
  };

  try {
    await options.beforePerform?.();
    if (namespaced) await removeLabelled(docker, ofDeadRuns(hostname()));
    let labs: LabResult[];
    if (mode === 'selftest') {
      // Contexts are made up front (one per lab), since selftestLabs asks for them synchronously.
      const pool = await Promise.all(options.selected.map(() => newContext(newRunId())));
      labs = await selftestLabs({
        all: options.labs,
        selected: options.selected,
        newContext: () => pool.shift() as LabContext,
        cleanup: async (ctx) => {
          await removeLabelled(docker, ofRun(ctx.runId));
          return countLabelled(docker, ofRun(ctx.runId));
        },
        solveTimeoutMs: SOLVE_TIMEOUT_MS,
        ...(reporter ? { hooks: reporter } : {}),
      });
    } else {
      const ctx = await newContext(runId ?? 'check');
      const perform = mode !== 'check';
      labs = await runLabs({
        all: options.labs,
        selected: options.selected,
        ctx,
        perform,
        solveTimeoutMs: SOLVE_TIMEOUT_MS,
        concurrency: perform ? CONCURRENCY : options.selected.length,
        ...(reporter ? { hooks: reporter } : {}),
      });
    }
    const report = reportOf(options, runId, labs, startedAt, started);
    await reporter?.onRunEnd?.(report);
    return report;
  } finally {
    if (mode === 'run' && runId) {
      await removeRun(docker, runId, signal.aborted).catch((e: unknown) => {
        options.warn?.(`cleanup of run ${runId} failed: ${(e as Error).message}; run \`labcheck clean\``);
      });
    }
    if (mode === 'selftest') {
      for (const ctx of contexts) await removeRun(docker, ctx.runId, signal.aborted).catch(() => undefined);
    }
    await Promise.all(buildDirs.map(removeBuildContext));
  }
}
