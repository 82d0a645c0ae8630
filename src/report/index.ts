import { GradescopeReporter, HtmlReporter } from './files.js';
import { GithubReporter, SummaryReporter } from './github/reporter.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import type { Reporter } from './reporter.js';
import { TerminalReporter } from './terminal.js';

export type { Reporter, RunEndProblems, RunStartInfo } from './reporter.js';
export { ReportWriteError, Reporters, writeProblem } from './reporter.js';

/** The built-in reporters by name; each module is light to load (JUnit's builder loads when it writes). */
export const reporters = {
  terminal: TerminalReporter,
  json: JsonReporter,
  junit: JunitReporter,
  github: GithubReporter,
  summary: SummaryReporter,
  html: HtmlReporter,
  gradescope: GradescopeReporter,
};

export type ReportersMap = typeof reporters;
export type ReporterName = keyof typeof reporters;
export type ReporterOptions<N extends ReporterName> = ConstructorParameters<ReportersMap[N]>[0];

export function createReporter<N extends ReporterName>(name: N, options: ReporterOptions<N>): Reporter {
  const ReporterClass = reporters[name] as new (options: ReporterOptions<N>) => Reporter;
  return new ReporterClass(options);
}

export { cleanText } from './sanitize.js';
export { JsonReporter, toJson, toJsonReport, writeJson } from './json.js';
export type { JsonCheck, JsonLab, JsonReport, JsonReporterOptions } from './json.js';
export { JunitReporter, buildJunit, writeJunit } from './junit.js';
export type { JunitReporterOptions } from './junit.js';
export { TerminalReporter } from './terminal.js';
export { GithubReporter, SummaryReporter } from './github/reporter.js';
export { GradescopeReporter, HtmlReporter } from './files.js';
export type { OutputStream, TerminalOptions } from './terminal.js';
