import type { CheckResult, LabResult, Status, Summary, RunReport } from './types.js';

export type ExitCode = 0 | 1 | 2 | 3 | 4 | 130;

const severity: Record<Status, number> = { passed: 0, skipped: 1, failed: 2, error: 3 };

/** A lab's status is its worst check's: error > failed > skipped > passed. */
export function worstStatus(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((worst, s) => (severity[s] > severity[worst] ? s : worst), 'passed');
}

/** A lab's status: the worst of its applicable checks' (a lab with none applicable is skipped). */
export function labStatus(checks: readonly Pick<CheckResult, 'status' | 'notApplicable'>[]): Status {
  const applicable = checks.filter((c) => !c.notApplicable);
  if (checks.length > 0 && applicable.length === 0) return 'skipped';
  return worstStatus(applicable.map((c) => c.status));
}

/** Not-applicable checks carry 0 of 0 points, so sums leave them out. */
export function labPoints(checks: readonly CheckResult[]): { points: number; maxPoints: number } {
  return {
    points: checks.reduce((sum, c) => sum + c.points, 0),
    maxPoints: checks.reduce((sum, c) => sum + c.maxPoints, 0),
  };
}

/** Counts checks by status and sums points over all labs. */
export function summarize(labs: readonly LabResult[]): Summary {
  const summary: Summary = { passed: 0, failed: 0, error: 0, skipped: 0, points: 0, maxPoints: 0 };
  for (const lab of labs) {
    for (const check of lab.checks) summary[check.status] += 1;
    summary.points += lab.points;
    summary.maxPoints += lab.maxPoints;
  }
  return summary;
}

/**
 * 3 when labcheck could not judge something (environment), 1 when the student's work failed,
 * 0 otherwise. Skipped checks alone do not fail a run: each skip carries its reason.
 */
export function exitCodeFor(report: Pick<RunReport, 'labs'>): 0 | 1 | 3 {
  const all = report.labs.map((l) => l.status);
  if (all.includes('error')) return 3;
  if (all.includes('failed')) return 1;
  return 0;
}

/** How reporting the run went, for its exit code: files that could not be written, reporters that threw. */
export interface ReportingOutcome {
  unwritten: number;
  bugs: number;
}

/**
 * The exit code of a finished run, from its report alone (CONTRACT "Exit codes"): 130 interrupted;
 * 4 a bug in labcheck (a check, a step or a reporter threw), never folded into 1 or 3; 3 the
 * environment failed or a report could not be written; 1 a check failed; 0 otherwise. selftest judges
 * labs, not a student: a lab that misbehaves is a failure (1) unless the environment failed.
 */
export function exitCodeOf(report: RunReport, reporting: ReportingOutcome = { unwritten: 0, bugs: 0 }): ExitCode {
  if (report.interrupted) return 130;
  const checks = report.labs.flatMap((l) => l.checks);
  if (reporting.bugs > 0 || checks.some((c) => c.bug !== undefined)) return 4;
  let code: ExitCode = exitCodeFor(report);
  if (report.mode === 'selftest' && code === 3 && !checks.some((c) => c.environment)) code = 1;
  return reporting.unwritten > 0 ? 3 : code;
}
