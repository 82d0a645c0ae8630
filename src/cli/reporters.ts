import { resolve } from 'node:path';
import type { Lang } from '../engine/types.js';
import { createReporter } from '../report/registry.js';
import { Reporters, type Reporter } from '../report/reporter.js';
import type { Io } from './app.js';

export const DEFAULT_JUNIT = 'reports/junit.xml';

/** Where the command line asks reports to go. */
export interface ReportTargets {
  json?: string;
  junit?: string;
  noJunit: boolean;
  summary?: string;
  html?: string;
  gradescope?: string;
}

/**
 * The file reporters the options and the CI ask for: GitHub's annotations and job summary inside
 * GitHub Actions (first, so it can switch workflow commands off before any student output), JSON
 * (`-` for stdout), JUnit (unless --no-junit), the Markdown summary (--summary), the student's page
 * (--html), Gradescope's results.json (--gradescope).
 */
export async function fileReporters(targets: ReportTargets, lang: Lang, io: Io): Promise<Reporter[]> {
  const list: Array<Promise<Reporter>> = [];
  // GITHUB_ACTIONS=true: the runner's own variable (actions/toolkit reads it the same way).
  if (io.env.GITHUB_ACTIONS === 'true') {
    const summaryFile = io.env.GITHUB_STEP_SUMMARY || undefined;
    list.push(createReporter('github', { lang, stream: targets.json === '-' ? io.stderr : io.stdout, ...(summaryFile ? { summaryFile } : {}) }));
  }
  if (targets.json !== undefined) {
    list.push(createReporter('json', { lang, file: targets.json === '-' ? '-' : resolve(targets.json), stdout: io.stdout }));
  }
  if (!targets.noJunit) list.push(createReporter('junit', { lang, file: resolve(targets.junit ?? DEFAULT_JUNIT) }));
  if (targets.summary !== undefined) list.push(createReporter('summary', { lang, file: resolve(targets.summary) }));
  if (targets.html !== undefined) list.push(createReporter('html', { lang, file: resolve(targets.html) }));
  if (targets.gradescope !== undefined) list.push(createReporter('gradescope', { lang, file: resolve(targets.gradescope) }));
  return Promise.all(list);
}

/** The terminal checklist (on stderr when the JSON report takes stdout) and the file reporters. */
export async function cliReporters(targets: ReportTargets, lang: Lang, io: Io): Promise<Reporters> {
  const [terminal, files] = await Promise.all([
    createReporter('terminal', { stream: targets.json === '-' ? io.stderr : io.stdout, lang, env: io.env }),
    fileReporters(targets, lang, io),
  ]);
  // GitHub's reporter (first when there is one) switches workflow commands off before the checklist prints student output.
  const github = io.env.GITHUB_ACTIONS === 'true' ? files.slice(0, 1) : [];
  return new Reporters([...github, terminal, ...files.slice(github.length)]);
}

/** Says on stderr what reporting could not do: files not written (exit 3), reporters that threw (a bug, exit 4). */
export function tellProblems(reporters: Reporters, io: Io, debug: boolean): void {
  for (const e of reporters.problems.unwritten) io.stderr.write(`labcheck: ${e.message}\n`);
  for (const e of reporters.problems.bugs) {
    io.stderr.write(`labcheck: a reporter failed: ${e.message}. This is a bug in labcheck; please report it${debug ? '' : ' (--debug shows the stack)'}.\n`);
    if (debug) io.stderr.write(`${e.stack ?? ''}\n`);
  }
}
