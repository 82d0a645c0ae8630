// The shapes every part of labcheck shares: lab definitions, check outcomes, results.
export type Lang = 'en' | 'zh';

/** A text in both of the chapter's languages. */
export interface Text {
  en: string;
  zh: string;
}

export type Status = 'passed' | 'failed' | 'error' | 'skipped';

export type Mode = 'check' | 'run' | 'solve' | 'selftest';

/** What a check returns: its verdict and what it saw. */
export interface Outcome {
  status: 'passed' | 'failed' | 'skipped';
  message: Text;
  /** A skip because this mode cannot judge the check at all (e.g. `docker history` in check mode). */
  notApplicable?: boolean;
}

export interface CheckResult {
  id: string;
  title: Text;
  status: Status;
  message: Text;
  hint: Text;
  timedOut: boolean;
  points: number;
  maxPoints: number;
  durationMs: number;
  /**
   * `skipped` because the mode cannot judge this check at all: it counts for neither the points
   * (0 of 0) nor the lab's status.
   */
  notApplicable?: boolean;
  /** Set when the environment (engine, registry) stopped the check: no verdict on the work. Not in the JSON. */
  environment?: boolean;
}

export interface LabResult {
  id: string;
  title: Text;
  section: string;
  status: Status;
  durationMs: number;
  points: number;
  maxPoints: number;
  checks: CheckResult[];
}

export interface Summary {
  passed: number;
  failed: number;
  error: number;
  skipped: number;
  points: number;
  maxPoints: number;
}

export interface RunReport {
  tool: 'labcheck';
  version: string;
  mode: Mode;
  /** The run's namespace (`io.labcheck.run` label value); absent in check mode, which makes nothing. */
  runId?: string;
  workdir: string;
  startedAt: string;
  durationMs: number;
  labs: LabResult[];
  summary: Summary;
}
