// What a watch has seen so far: the live verdict of each lab from the latest check, and which labs
// the student has already got through in this watch. The chapter undoes its own work at the end
// (stop-remove removes the container and the image that run-container and build-image judge), so
// "done" is remembered: a lab is done once a check has found it clear, whatever later steps change.
import type { LabResult, RunReport, Status } from '../engine/types.js';

/** One lab as the watch knows it. */
export interface LabStanding {
  /** The latest check's result. */
  live: LabResult;
  /** The live result is clear: passed as far as check mode can see. */
  clear: boolean;
  /** The clear result with the most points seen in this watch; set once the lab is done. */
  credit?: LabResult;
}

export interface Progress {
  labs: LabStanding[];
  /** When the latest check finished (ms since the epoch) and how long it took. */
  checkedAt: number;
  durationMs: number;
}

/**
 * Clear: no check failed or errored and at least one passed. A skip is what check mode cannot see
 * (node-app's app is not run, stop-remove's history may be gone), never counted against the student;
 * a lab with nothing passed (all skipped) has shown nothing yet.
 */
export function isClear(lab: Pick<LabResult, 'status' | 'checks'>): boolean {
  if (lab.status === 'passed') return true;
  const applicable = lab.checks.filter((c) => !c.notApplicable);
  return applicable.every((c) => c.status === 'passed' || c.status === 'skipped') && applicable.some((c) => c.status === 'passed');
}

/** The progress after one more check: its verdicts, and every lab done before or now. */
export function advance(previous: Progress | undefined, report: Pick<RunReport, 'labs' | 'durationMs'>, checkedAt: number): Progress {
  const before = new Map(previous?.labs.map((s) => [s.live.id, s.credit]));
  const labs = report.labs.map((live): LabStanding => {
    const clear = isClear(live);
    const earlier = before.get(live.id);
    const credit = clear && (!earlier || live.points > earlier.points) ? live : earlier;
    return { live, clear, ...(credit ? { credit } : {}) };
  });
  return { labs, checkedAt, durationMs: report.durationMs };
}

/** The first lab, in chapter order, not done yet: what to do next. */
export const nextLab = (progress: Progress): LabStanding | undefined => progress.labs.find((s) => !s.credit);

export const allDone = (progress: Progress): boolean => progress.labs.length > 0 && progress.labs.every((s) => s.credit);

/** Points of what is done: each done lab's best clear result, the others' live one. */
export function totals(progress: Progress): { done: number; labs: number; points: number; maxPoints: number } {
  let points = 0;
  let maxPoints = 0;
  for (const s of progress.labs) {
    const counted = s.credit ?? s.live;
    points += counted.points;
    maxPoints += counted.maxPoints;
  }
  return { done: progress.labs.filter((s) => s.credit).length, labs: progress.labs.length, points, maxPoints };
}

/** What one lab's line shows. */
export interface Row {
  id: string;
  /** The mark: passed for a lab done (now or earlier), else the live status. */
  status: Status;
  points: number;
  maxPoints: number;
  /** Checks skipped in the result shown: what check mode could not see. */
  skipped: number;
  /** Done earlier in this watch, not clear now: the live verdict. */
  now?: { status: Status; points: number; maxPoints: number };
  next: boolean;
}

const skippedIn = (lab: LabResult): number => lab.checks.filter((c) => c.status === 'skipped' && !c.notApplicable).length;

export function rowsOf(progress: Progress): Row[] {
  const next = nextLab(progress)?.live.id;
  return progress.labs.map(({ live, clear, credit }): Row => {
    const shown = clear ? live : (credit ?? live);
    const row: Row = {
      id: live.id,
      status: clear || credit ? 'passed' : live.status,
      points: shown.points,
      maxPoints: shown.maxPoints,
      skipped: skippedIn(shown),
      next: live.id === next,
    };
    return !clear && credit ? { ...row, now: { status: live.status, points: live.points, maxPoints: live.maxPoints } } : row;
  });
}

/** A row's identity for "did it change": everything its line shows. */
export const rowKey = (row: Row): string =>
  [row.status, row.points, row.maxPoints, row.skipped, row.now ? `${row.now.status}:${row.now.points}/${row.now.maxPoints}` : ''].join('|');
