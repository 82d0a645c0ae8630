// class.json (CONTRACT "Class grading") from the students' reports: one row per student, per-check
// counts ("which check did most students fail") and the class's totals. Pure: grade and merge both
// call it on the reports they hold, so a merged class equals an unsharded one.
import { worstStatus } from '../engine/score.js';
import type { Status } from '../engine/types.js';
import { compareIds } from './shard.js';
import type { ClassCheckRate, ClassReport, ClassStudent, ClassSummary, StudentReport, StudentStatus } from './types.js';

/** A graded student's status is its worst lab's; otherwise why it has no verdicts. */
export function studentStatus(report: Pick<StudentReport, 'grading' | 'labs'>): StudentStatus {
  switch (report.grading.status) {
    case 'graded':
      // Graded yet no lab at all is labcheck's failure to report, never a pass.
      return report.labs.length === 0 ? 'error' : worstStatus(report.labs.map((l) => l.status));
    case 'timed-out':
      return 'timed-out';
    case 'unreadable':
      return 'unreadable';
    case 'error':
      return 'error';
  }
}

/**
 * The class's points possible: the most any student's report offers. A student not graded to the
 * end (timed out, unreadable, error) is out of that many, not out of the labs it reached.
 */
export function classMaxPoints(reports: readonly Pick<StudentReport, 'summary'>[]): number {
  return reports.reduce((max, r) => Math.max(max, r.summary.maxPoints), 0);
}

export function classStudent(report: StudentReport, maxPoints: number): ClassStudent {
  const labs: Record<string, Status> = {};
  for (const lab of report.labs) labs[lab.id] = lab.status;
  return {
    id: report.student,
    status: studentStatus(report),
    points: report.summary.points,
    maxPoints: report.grading.status === 'graded' ? report.summary.maxPoints : Math.max(maxPoints, report.summary.maxPoints),
    labs,
  };
}

/**
 * One order for keys that each report lists in its own subsequence of the chapter: a key first seen
 * goes right after the key before it in that report, or else right before the next known one, so
 * partial reports (a timed-out student) keep the chapter's order instead of pushing labs to the end.
 */
export function mergeOrder(sequences: readonly (readonly string[])[]): string[] {
  const order: string[] = [];
  for (const sequence of sequences) {
    let previous: string | undefined;
    sequence.forEach((key, i) => {
      if (!order.includes(key)) {
        const next = sequence.slice(i + 1).find((k) => order.includes(k));
        const at = previous !== undefined ? order.indexOf(previous) + 1 : next !== undefined ? order.indexOf(next) : order.length;
        order.splice(at, 0, key);
      }
      previous = key;
    });
  }
  return order;
}

/** The lab ids of a class in chapter order: the columns of grades.csv. */
export const classLabs = (reports: readonly Pick<StudentReport, 'labs'>[]): string[] => mergeOrder(reports.map((r) => r.labs.map((l) => l.id)));

/** Per lab and check, how many students got each status, in chapter order. */
export function checkRates(reports: readonly StudentReport[]): ClassCheckRate[] {
  const rates = new Map<string, ClassCheckRate>();
  for (const report of reports) {
    for (const lab of report.labs) {
      for (const check of lab.checks) {
        const key = JSON.stringify([lab.id, check.id]);
        let rate = rates.get(key);
        if (!rate) {
          rate = { lab: lab.id, check: check.id, passed: 0, failed: 0, error: 0, skipped: 0 };
          rates.set(key, rate);
        }
        rate[check.status] += 1;
      }
    }
  }
  const order = mergeOrder(reports.map((r) => r.labs.flatMap((l) => l.checks.map((c) => JSON.stringify([l.id, c.id])))));
  return order.map((key) => rates.get(key)).filter((rate): rate is ClassCheckRate => rate !== undefined);
}

/** The checks most students failed, most first (ties in chapter order); those no one failed are left out. */
export function mostFailed(checks: readonly ClassCheckRate[], count = 5): ClassCheckRate[] {
  return checks
    .map((rate, order) => ({ rate, order }))
    .filter(({ rate }) => rate.failed > 0)
    .sort((a, b) => b.rate.failed - a.rate.failed || a.order - b.order)
    .slice(0, count)
    .map(({ rate }) => rate);
}

export function classSummary(reports: readonly StudentReport[], students: readonly ClassStudent[]): ClassSummary {
  const count = (status: StudentReport['grading']['status']) => reports.filter((r) => r.grading.status === status).length;
  return {
    students: reports.length,
    graded: count('graded'),
    timedOut: count('timed-out'),
    errors: count('error'),
    points: students.reduce((sum, s) => sum + s.points, 0),
    maxPoints: students.reduce((sum, s) => sum + s.maxPoints, 0),
  };
}

/** Reports sorted by student id (code point order), one per student: a second report of an id is a bug upstream. */
export function byStudent(reports: readonly StudentReport[]): StudentReport[] {
  const sorted = [...reports].sort((a, b) => compareIds(a.student, b.student));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.student === sorted[i - 1]?.student) throw new Error(`two reports for student ${JSON.stringify(sorted[i]?.student)}`);
  }
  return sorted;
}

export interface ClassRun {
  version: string;
  startedAt: string;
  durationMs: number;
}

/** class.json: students in id order, checks in chapter order. */
export function buildClassReport(reports: readonly StudentReport[], run: ClassRun): ClassReport {
  const sorted = byStudent(reports);
  const maxPoints = classMaxPoints(sorted);
  const students = sorted.map((r) => classStudent(r, maxPoints));
  return {
    tool: 'labcheck',
    version: run.version,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    students,
    checks: checkRates(sorted),
    summary: classSummary(sorted, students),
  };
}
