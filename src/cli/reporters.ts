import { resolve } from 'node:path';
import type { Lang } from '../engine/types.js';
import { createReporter } from '../report/index.js';
import { Reporters, type Reporter } from '../report/reporter.js';
import type { Io } from './app.js';

export const DEFAULT_JUNIT = 'reports/junit.xml';

/** Where the command line asks reports to go. */
export interface ReportTargets {
  json?: string;
  junit?: string;
  noJunit: boolean;
}

/** The file reporters the options ask for: JSON (`-` for stdout) and JUnit (unless --no-junit). */
export function fileReporters(targets: ReportTargets, lang: Lang, io: Io): Reporter[] {
  const list: Reporter[] = [];
  if (targets.json !== undefined) {
    list.push(createReporter('json', { lang, file: targets.json === '-' ? '-' : resolve(targets.json), stdout: io.stdout }));
  }
  if (!targets.noJunit) list.push(createReporter('junit', { lang, file: resolve(targets.junit ?? DEFAULT_JUNIT) }));
  return list;
}

/** The terminal checklist (on stderr when the JSON report takes stdout), then the file reporters. */
export function cliReporters(targets: ReportTargets, lang: Lang, io: Io): Reporters {
  const terminal = createReporter('terminal', { stream: targets.json === '-' ? io.stderr : io.stdout, lang, env: io.env });
  return new Reporters([terminal, ...fileReporters(targets, lang, io)]);
}

/** Says on stderr what reporting could not do: files not written (exit 3), reporters that threw (a bug, exit 4). */
export function tellProblems(reporters: Reporters, io: Io, debug: boolean): void {
  for (const e of reporters.problems.unwritten) io.stderr.write(`labcheck: ${e.message}\n`);
  for (const e of reporters.problems.bugs) {
    io.stderr.write(`labcheck: a reporter failed: ${e.message}. This is a bug in labcheck; please report it${debug ? '' : ' (--debug shows the stack)'}.\n`);
    if (debug) io.stderr.write(`${e.stack ?? ''}\n`);
  }
}
