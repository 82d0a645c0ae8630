import { LABS } from '../../labs/index.js';
import { EnvironmentError } from '../engine/errors.js';
import { t } from '../engine/lang.js';
import { chapterNames } from '../engine/names.js';
import { withDependencies } from '../engine/runner.js';
import { exitCodeOf } from '../engine/score.js';
import { runSession, unstartedReport } from '../engine/session.js';
import type { Lang, Mode, RunReport } from '../engine/types.js';
import { validateWorkdir } from '../engine/workdir.js';
import { connectEngine } from '../docker/connect.js';
import { fixturesDir } from '../paths.js';
import { modeOf, type CliOptions } from './args.js';
import type { Io } from './app.js';
import { cliReporters, tellProblems } from './reporters.js';
import { refuseToReplace } from './solve-guard.js';

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

/** Bugs inside checks: said once on stderr, with their stacks under --debug. */
function tellBugs(report: RunReport, io: Io, debug: boolean): void {
  const bugs = report.labs.flatMap((lab) => lab.checks.filter((c) => c.bug !== undefined).map((c) => ({ lab, check: c })));
  if (bugs.length === 0) return;
  const where = bugs.map(({ lab, check }) => `${lab.id}/${check.id}`).join(', ');
  io.stderr.write(`labcheck: ${where}: labcheck itself failed (an exception inside the check). This is a bug in labcheck; please report it${debug ? '' : ' (--debug shows the stack)'}.\n`);
  if (debug) for (const { check } of bugs) io.stderr.write(`${check.bug}\n`);
}

/** check, run, solve and selftest: parse, connect, and hand the rest to one grading session. */
export async function grade(options: CliOptions, lang: Lang, io: Io): Promise<number> {
  const mode = modeOf(options.command as 'check' | 'run' | 'solve' | 'selftest');
  const selected = selectLabs(options.labs);
  const workdir = await workdirFor(mode, options.workdir);
  if (options.watch) {
    const { watchCheck } = await import('../watch/watch.js');
    return watchCheck({ labs: LABS, selected, workdir, lang, port: options.port, registry: options.registry, timeoutMs: options.timeoutMs, dockerBin: io.env.LABCHECK_DOCKER, noClear: options.noClear, io });
  }
  const reporters = await cliReporters(options, lang, io);

  let engine;
  try {
    engine = await connectEngine(io.env);
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    io.stderr.write(`labcheck: ${e.message}\n`);
    const report = unstartedReport({ labs: LABS, selected, mode, workdir }, t(e.message, e.message));
    reporters.onRunStart({ mode, labs: selected });
    for (const lab of report.labs) reporters.onLabEnd(lab);
    await reporters.onRunEnd(report);
    tellProblems(reporters, io, options.debug);
    return 3;
  }

  const controller = new AbortController();
  const stopListening = onInterrupt(controller);
  try {
    const report = await runSession({
      labs: LABS,
      selected,
      mode,
      workdir,
      engine,
      signal: controller.signal,
      reporter: reporters,
      lang,
      port: options.port,
      registry: options.registry,
      timeoutMs: options.timeoutMs,
      dockerBin: io.env.LABCHECK_DOCKER,
      ...(mode === 'solve' ? { beforePerform: () => refuseToReplace(engine.docker, withDependencies(LABS, selected), chapterNames()) } : {}),
      warn: (message) => io.stderr.write(`labcheck: ${message}\n`),
    });
    tellBugs(report, io, options.debug);
    tellProblems(reporters, io, options.debug);
    return exitCodeOf(report, { unwritten: reporters.problems.unwritten.length, bugs: reporters.problems.bugs.length });
  } finally {
    stopListening();
  }
}
