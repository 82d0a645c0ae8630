import type { CheckResult, LabResult, Status, Summary, RunReport } from './types.js';

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
