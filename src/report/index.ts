import type { CheckResult, LabResult, Mode, RunReport, Text } from '../engine/types.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import { TerminalReporter } from './terminal.js';

export interface RunStartInfo {
  mode: Mode;
  labs: string[];
  runId?: string;
}

/**
 * What the runner tells a reporter, every hook optional. The runner awaits onRunEnd, which is
 * where the file reporters write.
 */
export interface Reporter {
  onRunStart?(info: RunStartInfo): void;
  onLabStart?(labId: string, title: Text): void;
  onStep?(labId: string, text: string): void;
  onCheckEnd?(labId: string, check: CheckResult): void;
  onLabEnd?(lab: LabResult): void;
  onRunEnd?(report: RunReport): void | Promise<void>;
}

export const reporters = {
  terminal: TerminalReporter,
  json: JsonReporter,
  junit: JunitReporter,
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
export type { OutputStream, TerminalOptions } from './terminal.js';
