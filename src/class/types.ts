// The files `labcheck grade` and `labcheck merge` write (CONTRACT "Class grading"): shared by the
// grader, the merger, the CSV writers and the class page.
import type { JsonReport } from '../report/json.js';
import type { Status } from '../engine/types.js';

/** How a submission's grading ended: graded (whatever its verdicts), or why it has no verdicts. */
export type GradingStatus = 'graded' | 'timed-out' | 'error' | 'unreadable';

export interface Grading {
  status: GradingStatus;
  /** Why it was not graded (timed out after N s, a symlink out of the folder, the engine went away). */
  reason?: string;
  /** The student whose identical submission was graded, when this result is reused. */
  reusedFrom?: string;
  /** sha256 of the submission's files (names and contents), the key identical submissions share. */
  contentHash: string;
}

/** `students/<file-safe id>.json`: the `--json` shape plus the student and how the grading went. */
export interface StudentReport extends JsonReport {
  student: string;
  grading: Grading;
}

/** A student's overall status on the class page and in class.json: the worst lab status, or why it was not graded. */
export type StudentStatus = Status | Exclude<GradingStatus, 'graded' | 'error'>;

export interface ClassStudent {
  id: string;
  status: StudentStatus;
  points: number;
  maxPoints: number;
  /** Lab id → that lab's status. */
  labs: Record<string, Status>;
}

/** Per check, how many students got each status: "which check did most students fail". */
export interface ClassCheckRate {
  lab: string;
  check: string;
  passed: number;
  failed: number;
  error: number;
  skipped: number;
}

export interface ClassSummary {
  students: number;
  graded: number;
  timedOut: number;
  errors: number;
  points: number;
  maxPoints: number;
}

/** `class.json`. */
export interface ClassReport {
  tool: 'labcheck';
  version: string;
  startedAt: string;
  durationMs: number;
  students: ClassStudent[];
  checks: ClassCheckRate[];
  summary: ClassSummary;
}
