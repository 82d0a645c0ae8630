import { setMaxListeners } from 'node:events';
import { homedir, hostname } from 'node:os';
import { LABS } from '../../labs/index.js';
import { LabContext } from '../engine/context.js';
import { EnvironmentError } from '../engine/errors.js';
import { t } from '../engine/lang.js';
import { chapterNames, newRunId, runNames } from '../engine/names.js';
import { allChecks, labResult, runLabs, withDependencies, type RunHooks } from '../engine/runner.js';
import { selftestLabs } from '../engine/selftest.js';
import { exitCodeFor, summarize } from '../engine/score.js';
import type { LabResult, Lang, Mode, RunReport } from '../engine/types.js';
import { connect, ping, type Docker } from '../docker/api.js';
import { DockerCli } from '../docker/cli.js';
import { countLabelled, ofDeadRuns, ofRun, removeLabelled } from '../docker/cleanup.js';
import { cliEnv, resolveEndpoint, type Endpoint } from '../docker/endpoint.js';
import { readOnce } from '../docker/snapshot.js';
import { fixturesDir, packageVersion } from '../paths.js';
import type { Reporter } from '../report/index.js';
import { modeOf, type CliOptions } from './args.js';
import type { Io } from './app.js';
import { writeReports } from './reports.js';
import { refuseToReplace } from './solve-guard.js';
import { copyToBuildContext, removeBuildContext, validateWorkdir } from './workdir.js';

const STEP_TIMEOUT_MS = 300_000;
const SOLVE_TIMEOUT_MS = 600_000;
// Independent labs overlap (the redis labs while the image builds); two cores, so a few at once.
// check performs nothing, so there every selected lab reads the engine at once.
const CONCURRENCY = 3;

/** The engine as the docker CLI finds it; a broken context configuration is an environment error. */
export function findEndpoint(env: NodeJS.ProcessEnv): Endpoint {
  try {
    return resolveEndpoint({ env, home: homedir(), platform: process.platform });
  } catch (e) {
    throw new EnvironmentError((e as Error).message, { cause: e });
  }
}

/** Connects and pings within a deadline: an EnvironmentError naming the endpoint and the fix otherwise. */
export async function connectEngine(env: NodeJS.ProcessEnv): Promise<{ docker: Docker; endpoint: Endpoint; apiVersion: string; version: string }> {
  const endpoint = findEndpoint(env);
  const docker = await connect(endpoint);
  return { docker, endpoint, ...(await ping(docker, endpoint)) };
}

/** Ctrl-C aborts the run (which then cleans up and reports); a second one exits at once. */
export function onInterrupt(controller: AbortController): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error(`interrupted (${signal})`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** The labs asked for, once each, in chapter order (all when none is named). */
export function selectLabs(ids: readonly string[]): string[] {
  if (ids.length === 0) return LABS.map((lab) => lab.id);
  return LABS.map((lab) => lab.id).filter((id) => ids.includes(id));
}

/** Where a mode reads app.js and the Dockerfile: --workdir, else the fixtures (check: the current folder). */
async function workdirFor(mode: Mode, option: string | undefined): Promise<string> {
  if (option) return validateWorkdir(option);
  return mode === 'check' ? process.cwd() : fixturesDir;
}

/** check, run, solve and selftest: performs and checks the selected labs, reports, cleans up what a run made. */
export async function grade(options: CliOptions, lang: Lang, io: Io): Promise<number> {
  const mode = modeOf(options.command as 'check' | 'run' | 'solve' | 'selftest');
  const selected = selectLabs(options.labs);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const workdir = await workdirFor(mode, options.workdir);
  const namespaced = mode === 'run' || mode === 'selftest';
  const runId = mode === 'check' ? undefined : newRunId();

  // The reporter's own module only: junit-report-builder loads when a JUnit file is written.
  const { TerminalReporter } = await import('../report/terminal.js');
  const terminal: Reporter = new TerminalReporter({ stream: options.json === '-' ? io.stderr : io.stdout, lang, env: io.env });
  terminal.onRunStart?.({ mode, labs: selected, runId });

  const finish = async (labs: LabResult[], interrupted: boolean): Promise<number> => {
    const report: RunReport = {
      tool: 'labcheck',
      version: packageVersion(),
      mode,
      ...(runId ? { runId } : {}),
      workdir,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      labs,
      summary: summarize(labs),
    };
    await terminal.onRunEnd?.(report);
    const written = await writeReports(report, lang, options, io);
    if (interrupted) return 130;
    let code: number = exitCodeFor(report);
    // selftest judges labs, not a student: a broken lab is a failure, not an environment error.
    if (mode === 'selftest' && code === 3 && !labs.some((l) => l.checks.some((c) => c.environment))) code = 1;
    return written ? code : Math.max(code, 3);
  };

  let engine;
  try {
    engine = await connectEngine(io.env);
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    io.stderr.write(`labcheck: ${e.message}\n`);
    const labs = LABS.filter((lab) => selected.includes(lab.id)).map((lab) => labResult(lab, allChecks(lab, 'error', t(e.message, e.message), true), 0));
    for (const lab of labs) terminal.onLabEnd?.(lab);
    await finish(labs, false);
    return 3;
  }
  const { docker, endpoint } = engine;
  if (mode === 'solve') await refuseToReplace(docker, withDependencies(LABS, selected), chapterNames());

  const controller = new AbortController();
  // Every lab and check at once listens to this one signal (12 labs at once in check): not a leak.
  setMaxListeners(0, controller.signal);
  const stopListening = onInterrupt(controller);
  const buildDirs: string[] = [];
  const contexts: LabContext[] = [];
  const hooks: RunHooks = {
    onLabStart: (id, title) => terminal.onLabStart?.(id, title),
    onCheckEnd: (id, check) => terminal.onCheckEnd?.(id, check),
    onLabEnd: (lab) => terminal.onLabEnd?.(lab),
  };
  const newContext = async (id: string): Promise<LabContext> => {
    const buildDir = namespaced ? await copyToBuildContext(workdir, id) : workdir;
    if (buildDir !== workdir) buildDirs.push(buildDir);
    const ctx = new LabContext({
      mode,
      runId: id,
      lang,
      names: namespaced ? runNames(id) : chapterNames(),
      workdir,
      buildDir,
      port: options.port,
      registry: options.registry,
      timeoutMs: options.timeoutMs,
      stepTimeoutMs: STEP_TIMEOUT_MS,
      signal: controller.signal,
      endpoint,
      cli: new DockerCli(cliEnv(endpoint), io.env.LABCHECK_DOCKER || 'docker'),
      // check only reads: one engine request per distinct query, however many checks ask it.
      docker: mode === 'check' ? readOnce(docker) : docker,
      onProgress: (labId, text) => terminal.onStep?.(labId, text),
    });
    contexts.push(ctx);
    return ctx;
  };

  try {
    if (namespaced) await removeLabelled(docker, ofDeadRuns(hostname()));
    let labs: LabResult[];
    if (mode === 'selftest') {
      // Contexts are made up front (one per lab), since selftestLabs asks for them synchronously.
      const pool = await Promise.all(selected.map(() => newContext(newRunId())));
      labs = await selftestLabs({
        all: LABS,
        selected,
        newContext: () => pool.shift() as LabContext,
        cleanup: async (ctx) => {
          await removeLabelled(docker, ofRun(ctx.runId));
          return countLabelled(docker, ofRun(ctx.runId));
        },
        solveTimeoutMs: SOLVE_TIMEOUT_MS,
        hooks,
      });
    } else {
      const ctx = await newContext(runId ?? 'check');
      const perform = mode !== 'check';
      labs = await runLabs({ all: LABS, selected, ctx, perform, solveTimeoutMs: SOLVE_TIMEOUT_MS, concurrency: perform ? CONCURRENCY : selected.length, hooks });
    }
    return await finish(labs, controller.signal.aborted);
  } finally {
    stopListening();
    if (mode === 'run' && runId) {
      await removeLabelled(docker, ofRun(runId)).catch((e: unknown) => {
        io.stderr.write(`labcheck: cleanup of run ${runId} failed: ${(e as Error).message}; run \`labcheck clean\`\n`);
      });
    }
    if (mode === 'selftest') {
      for (const ctx of contexts) await removeLabelled(docker, ofRun(ctx.runId)).catch(() => undefined);
    }
    await Promise.all(buildDirs.map(removeBuildContext));
  }
}
