export type { Reporter, RunEndProblems, RunStartInfo } from './reporter.js';
export { ReportWriteError, Reporters, writeProblem } from './reporter.js';

export { createReporter, reporters } from './registry.js';
export type { ReporterClass, ReporterName, ReporterOptions, ReportersMap } from './registry.js';

export { cleanText } from './sanitize.js';
export { JsonReporter, toJson, toJsonReport, writeJson } from './json.js';
export type { JsonCheck, JsonLab, JsonReport, JsonReporterOptions } from './json.js';
export { JunitReporter, buildJunit, writeJunit } from './junit.js';
export type { JunitReporterOptions } from './junit.js';
export { TerminalReporter } from './terminal.js';
export { GithubReporter, SummaryReporter } from './github/reporter.js';
export { GradescopeReporter, HtmlReporter } from './files.js';
export type { OutputStream, TerminalOptions } from './terminal.js';
