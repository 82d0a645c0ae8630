import { homedir, hostname } from 'node:os';
import { LABS } from '../../labs/index.js';
import { LabContext } from '../engine/context.js';
import { EnvironmentError } from '../engine/errors.js';
import { t } from '../engine/lang.js';
import { chapterNames, newRunId, runNames } from '../engine/names.js';
import { allChecks, labResult, runLabs } from '../engine/runner.js';
import { exitCodeFor, summarize } from '../engine/score.js';
import type { LabResult, Lang, RunReport } from '../engine/types.js';
import { connect, ping } from '../docker/api.js';
import { DockerCli } from '../docker/cli.js';
import { removeLabelled, ofDeadRuns, ofRun } from '../docker/cleanup.js';
import { cliEnv, resolveEndpoint, type Endpoint } from '../docker/endpoint.js';
import { fixturesDir, packageVersion } from '../paths.js';
import type { Reporter } from '../report/index.js';
import { modeOf, type CliOptions } from './args.js';
import type { Io } from './app.js';
import { writeReports } from './reports.js';
import { copyToBuildContext, removeBuildContext, validateWorkdir } from './workdir.js';

const STEP_TIMEOUT_MS = 300_000;
const SOLVE_TIMEOUT_MS = 600_000;

/** The engine as the docker CLI finds it; a broken context configuration is an environment error. */
export function findEndpoint(env: NodeJS.ProcessEnv): Endpoint {
  try {
    return resolveEndpoint({ env, home: homedir(), platform: process.platform });
  } catch (e) {
    throw new EnvironmentError((e as Error).message, { cause: e });
  }
}

/** Ctrl-C aborts the run (which then cleans up and reports); a second one exits at once. */
function onInterrupt(controller: AbortController): () => void {
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error('interrupted (SIGINT)'));
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

/** check, run and solve: performs and checks the selected labs, reports, cleans up what the run made. */
export async function grade(options: CliOptions, lang: Lang, io: Io): Promise<number> {
  const mode = modeOf(options.command as 'check' | 'run' | 'solve');
  const selected = selectLabs(options.labs);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const workdir = options.workdir
    ? await validateWorkdir(options.workdir)
    : mode === 'check'
      ? process.cwd()
      : fixturesDir;

  const { TerminalReporter } = await import('../report/index.js');
  const terminal: Reporter = new TerminalReporter({
    stream: options.json === '-' ? io.stderr : io.stdout,
    lang,
    env: io.env,
  });
  const runId = mode === 'check' ? 'check' : newRunId();
  terminal.onRunStart?.({ mode, labs: selected, runId: mode === 'check' ? undefined : runId });

  const finish = async (labs: LabResult[], interrupted: boolean): Promise<number> => {
    const report: RunReport = {
      tool: 'labcheck',
      version: packageVersion(),
      mode,
      ...(mode === 'check' ? {} : { runId }),
      workdir,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      labs,
      summary: summarize(labs),
    };
    await terminal.onRunEnd?.(report);
    const written = await writeReports(report, lang, options, io);
    if (interrupted) return 130;
    const code = exitCodeFor(report);
    return written ? code : Math.max(code, 3);
  };

  const endpoint = findEndpoint(io.env);
  let docker;
  try {
    docker = await connect(endpoint);
    await ping(docker, endpoint);
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    io.stderr.write(`labcheck: ${e.message}\n`);
    const labs = LABS.filter((lab) => selected.includes(lab.id)).map((lab) =>
      labResult(lab, allChecks(lab, 'error', t(e.message, e.message)), 0),
    );
    await finish(labs, false);
    return 3;
  }

  const controller = new AbortController();
  const stopListening = onInterrupt(controller);
  let buildDir = workdir;
  let currentLab = '';
  try {
    if (mode === 'run') {
      await removeLabelled(docker, ofDeadRuns(hostname()));
      buildDir = await copyToBuildContext(workdir, runId);
    }
    const ctx = new LabContext({
      mode,
      runId,
      lang,
      names: mode === 'run' ? runNames(runId) : chapterNames(),
      workdir,
      buildDir,
      port: options.port,
      registry: options.registry,
      timeoutMs: options.timeoutMs,
      stepTimeoutMs: STEP_TIMEOUT_MS,
      signal: controller.signal,
      endpoint,
      cli: new DockerCli(cliEnv(endpoint), io.env.LABCHECK_DOCKER || 'docker'),
      docker,
      onProgress: (text) => terminal.onStep?.(currentLab, text),
    });
    const labs = await runLabs({
      all: LABS,
      selected,
      ctx,
      perform: mode !== 'check',
      solveTimeoutMs: SOLVE_TIMEOUT_MS,
      hooks: {
        onLabStart: (id, title) => {
          currentLab = id;
          terminal.onLabStart?.(id, title);
        },
        onCheckEnd: (id, check) => terminal.onCheckEnd?.(id, check),
        onLabEnd: (lab) => terminal.onLabEnd?.(lab),
      },
    });
    return await finish(labs, controller.signal.aborted);
  } finally {
    stopListening();
    if (mode === 'run') {
      await removeLabelled(docker, ofRun(runId)).catch((e: unknown) => {
        io.stderr.write(`labcheck: cleanup of run ${runId} failed: ${(e as Error).message}; run \`labcheck clean\`\n`);
      });
      if (buildDir !== workdir) await removeBuildContext(buildDir);
    }
  }
}

