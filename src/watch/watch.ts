// `labcheck check --watch`: the chapter's checklist kept up to date as the student types. Engine
// events, file changes, a slow timer and keys trigger; every verdict is a whole `check` session of
// the live state, so watch judges exactly as `check` does and, like it, creates and removes nothing.
import { watch as watchFolder, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { connectEngine } from '../docker/connect.js';
import { ping } from '../docker/api.js';
import type { LabDef } from '../engine/define.js';
import { EnvironmentError, UsageError } from '../engine/errors.js';
import { chapterNames } from '../engine/names.js';
import { runSession } from '../engine/session.js';
import type { Lang, RunReport } from '../engine/types.js';
import { packageRoot } from '../paths.js';
import { isCI, painter, useColor } from '../report/terminal.js';
import { EventFeed, openEngineEvents } from './events.js';
import { readCommands, type Command, type CommandInput } from './keys.js';
import { changeLines } from './lines.js';
import { OutputFollower } from './output.js';
import { advance, allDone, rowKey, rowsOf, totals } from './progress.js';
import { CheckScheduler, DEFAULT_SCHEDULE, type ScheduleOptions, type Trigger } from './schedule.js';
import { finalLines, rowText, screenLines, watchWords, type View } from './screen.js';
import { LiveScreen } from './tty.js';

export interface WatchIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream;
  /** Keys on a terminal, commands as lines on a pipe; process.stdin by default. */
  stdin?: CommandInput;
  env: NodeJS.ProcessEnv;
}

export interface WatchOptions {
  /** Every lab, in chapter order. */
  labs: readonly LabDef[];
  selected: readonly string[];
  /** The student's folder (validated), read for app.js and the Dockerfile and watched for changes. */
  workdir: string;
  lang: Lang;
  port: number;
  registry?: string;
  timeoutMs: number;
  dockerBin?: string;
  /** --no-clear: keep every frame instead of redrawing in place. */
  noClear: boolean;
  io: WatchIo;
  schedule?: ScheduleOptions;
}

/** Output of the app in the ms after a check may be the check's own probe of it: no news. */
const PROBE_ECHO_MS = 500;

const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

/** Whether a change in the folder may change a verdict: editors' swap and backup files cannot. */
const mayMatter = (name: string | null): boolean => name === null || !(name.startsWith('.') || name.endsWith('~') || name === '4913');

/** A path as short as it can be shown: relative to the current folder when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}

/** Bugs inside checks: said once at the end on stderr, as `check` says them. */
function bugNote(report: RunReport | undefined): string | undefined {
  const where = report?.labs.flatMap((lab) => lab.checks.filter((c) => c.bug !== undefined).map((c) => `${lab.id}/${c.id}`)) ?? [];
  if (where.length === 0) return undefined;
  return `labcheck: ${where.join(', ')}: labcheck itself failed (an exception inside the check). This is a bug in labcheck; please report it.\n`;
}

/** LABCHECK_WATCH_POLL_MS sets the slow timer's shortest period; 0 turns it off (tests do, to see each trigger work alone). */
export function scheduleFrom(env: NodeJS.ProcessEnv): ScheduleOptions {
  const value = env.LABCHECK_WATCH_POLL_MS;
  if (value === undefined || value === '') return DEFAULT_SCHEDULE;
  if (!/^\d+$/.test(value)) throw new UsageError(`LABCHECK_WATCH_POLL_MS must be a whole number of milliseconds (0: no slow timer); got "${value}"`);
  return { ...DEFAULT_SCHEDULE, pollMinMs: Number(value) };
}

/**
 * Watches until `q`, Ctrl-C or a signal, and returns the exit code: 0 when the student quits, 3
 * when no engine answers at start, 4 when watch itself failed.
 */
export async function watchCheck(options: WatchOptions): Promise<number> {
  const { io, workdir } = options;
  const schedule = options.schedule ?? scheduleFrom(io.env);
  let engine;
  try {
    engine = await connectEngine(io.env);
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    io.stderr.write(`labcheck: ${e.message}\n`);
    return 3;
  }
  const { docker, endpoint } = engine;

  const live = io.stdout.isTTY === true && !isCI(io.env);
  const paint = painter(useColor(io.stdout, io.env));
  const screen = live ? new LiveScreen(io.stdout, !options.noClear) : undefined;
  const stdin = io.stdin ?? process.stdin;
  const write = (line: string) => io.stdout.write(`${line}\n`);

  let view: View = { lang: options.lang, onlyOpen: false, workdir, engine: { up: true }, readme: (id) => shown(join(packageRoot, 'labs', id, 'README.md')) };
  let shownView: View | undefined;
  let lastReport: RunReport | undefined;
  let celebrated = false;
  let ackKey = false;
  let inFlight: AbortController | undefined;
  let lastCheckEnd = 0;

  const draw = () => {
    if (!screen) return;
    // With --no-clear, a frame is kept only when something in it changed, so the time is left out.
    const frame = options.noClear ? { ...view, checkedAt: undefined } : view;
    screen.draw(screenLines(frame, paint, io.stdout.columns || 80, options.noClear ? undefined : io.stdout.rows || undefined));
  };
  const tell = () => {
    if (screen) return draw();
    for (const line of changeLines(shownView, view, paint)) write(line);
    shownView = view;
  };
  const checklist = () => {
    if (!view.progress) return;
    for (const row of rowsOf(view.progress)) if (!view.onlyOpen || row.status !== 'passed') write(rowText({ ...row, next: false }, view.lang, paint));
  };

  const check = async (trigger: Trigger): Promise<boolean> => {
    const controller = new AbortController();
    inFlight = controller;
    let report: RunReport;
    try {
      report = await runSession({
        labs: options.labs,
        selected: options.selected,
        mode: 'check',
        workdir,
        engine,
        signal: controller.signal,
        lang: view.lang,
        port: options.port,
        registry: options.registry,
        timeoutMs: options.timeoutMs,
        dockerBin: options.dockerBin,
      });
    } finally {
      inFlight = undefined;
      lastCheckEnd = Date.now();
    }
    if (controller.signal.aborted || !view.engine.up) return false;
    // The engine may have gone while this check ran, before its event stream says so: such
    // verdicts say nothing of the student's work, and the last good ones stay on screen.
    if (report.labs.some((lab) => lab.checks.some((c) => c.environment))) {
      const reachable = await ping(docker, endpoint, 2000).then(() => true, () => false);
      if (!reachable) return false;
    }
    lastReport = report;
    const before = view.progress ? rowsOf(view.progress).map(rowKey).join() : undefined;
    view = { ...view, progress: advance(view.progress, report, Date.now()), checkedAt: clock(Date.now()) };
    const progress = view.progress as NonNullable<View['progress']>;
    const changed = before !== rowsOf(progress).map(rowKey).join();
    tell();
    if (!screen && ackKey && !changed) write(`${watchWords[view.lang].checked(view.checkedAt ?? '', (progress.durationMs / 1000).toFixed(1))}`);
    ackKey = false;
    if (!celebrated && allDone(progress)) {
      celebrated = true;
      const t = totals(progress);
      if (!screen) write(paint('green', `✔ ${watchWords[view.lang].allDone(t.labs, t.points, t.maxPoints)}`));
    }
    return changed || trigger === 'start';
  };

  let finish: (code: number, error?: unknown) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    let finished = false;
    finish = (code, error) => {
      if (finished) return;
      finished = true;
      scheduler.stop();
      feed.stop();
      app.stop();
      folder?.close();
      inFlight?.abort(new Error('watch ended'));
      stopKeys();
      for (const signal of SIGNALS) process.off(signal, onSignal);
      if (screen) {
        io.stdout.off?.('resize', redraw);
        screen.close();
      }
      // The last checklist stays on the terminal (and ends the log in the line mode).
      write('');
      for (const line of finalLines({ ...view, onlyOpen: false }, paint)) write(line);
      const bugs = bugNote(lastReport);
      if (bugs) io.stderr.write(bugs);
      if (error !== undefined) {
        io.stderr.write(`labcheck: watch failed: ${error instanceof Error ? error.message : String(error)}. This is a bug in labcheck; please report it.\n`);
        if (error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
      }
      resolve(code);
    };
  });

  const scheduler = new CheckScheduler(check, (e) => finish(4, e), undefined, schedule);
  // The chapter's app logs each request; labcheck's own requests to it (made during a check, echoed
  // just after) are no news.
  const appName = chapterNames().kubiaContainer;
  const app = new OutputFollower(docker, appName, () => {
    if (!scheduler.busy && Date.now() - lastCheckEnd >= PROBE_ECHO_MS) scheduler.changed('event');
  });
  let wasDown = false;
  const feed = new EventFeed(openEngineEvents(docker), {
    onEvent: (event) => {
      scheduler.changed('event');
      if (event.Type === 'container' && event.Actor.Attributes?.name === appName) void app.refresh();
    },
    onUp: () => {
      if (!wasDown) return;
      wasDown = false;
      view = { ...view, engine: { up: true } };
      tell();
      scheduler.resume();
      void app.refresh();
    },
    onDown: (why, retryInMs, attempt) => {
      wasDown = true;
      inFlight?.abort(new Error('the engine went away'));
      scheduler.pause();
      view = { ...view, engine: { up: false, why, retryInMs, attempt } };
      tell();
    },
  });

  const act = (command: Command) => {
    switch (command) {
      case 'quit':
        return finish(0);
      case 'recheck':
        ackKey = true;
        return scheduler.now('key');
      case 'open-only':
        view = { ...view, onlyOpen: !view.onlyOpen };
        return screen ? draw() : checklist();
      case 'lang':
        view = { ...view, lang: view.lang === 'en' ? 'zh' : 'en' };
        return screen ? draw() : checklist();
    }
  };

  const stopKeys = readCommands(stdin, act);

  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = () => finish(0);
  for (const signal of SIGNALS) process.on(signal, onSignal);

  // app.js and the Dockerfile are the student's files: their changes make no engine event.
  let folder: FSWatcher | undefined;
  try {
    folder = watchFolder(workdir, { persistent: false }, (_type, name) => {
      if (mayMatter(name)) scheduler.changed('file');
    });
    folder.on('error', () => folder?.close());
  } catch {
    // No file watching here (too many watches, an unsupported file system): the slow timer still checks.
    folder = undefined;
  }

  const redraw = () => {
    screen?.invalidate();
    draw();
  };
  if (screen) {
    screen.open();
    io.stdout.on?.('resize', redraw);
  } else {
    write(watchWords[view.lang].watching(workdir));
  }
  tell();
  feed.start();
  scheduler.start();
  void app.refresh();
  return done;
}
