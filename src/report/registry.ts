// The built-in reporters by name, each loaded when it is first asked for: a run loads the terminal's and
// JUnit's modules, not the HTML page's or GitHub's unless it writes them.
import type { Reporter } from './reporter.js';

export const reporters = {
  terminal: async () => (await import('./terminal.js')).TerminalReporter,
  json: async () => (await import('./json.js')).JsonReporter,
  junit: async () => (await import('./junit.js')).JunitReporter,
  github: async () => (await import('./github/reporter.js')).GithubReporter,
  summary: async () => (await import('./github/reporter.js')).SummaryReporter,
  html: async () => (await import('./files.js')).HtmlReporter,
  gradescope: async () => (await import('./files.js')).GradescopeReporter,
};

export type ReportersMap = typeof reporters;
export type ReporterName = keyof ReportersMap;
export type ReporterClass<N extends ReporterName> = Awaited<ReturnType<ReportersMap[N]>>;
export type ReporterOptions<N extends ReporterName> = ConstructorParameters<ReporterClass<N>>[0];

export async function createReporter<N extends ReporterName>(name: N, options: ReporterOptions<N>): Promise<Reporter> {
  const ReporterClass = (await reporters[name]()) as unknown as new (options: ReporterOptions<N>) => Reporter;
  return new ReporterClass(options);
}
