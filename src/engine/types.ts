// The shapes every part of labcheck shares: lab definitions, check outcomes, results.
export type Lang = 'en' | 'zh';

/** A text in both of the chapter's languages. */
export interface Text {
  en: string;
  zh: string;
}

export type Status = 'passed' | 'failed' | 'error' | 'skipped';

export type Mode = 'check' | 'run' | 'solve' | 'selftest';

/** Where a check's verdict points in the student's files: for annotations and pages. Lines are 1-based. */
export interface Location {
  /** Relative to the graded folder, e.g. `Dockerfile`, `app.js`. */
  file: string;
  line?: number;
}

/**
 * The facts the layers picture is drawn from (CONTRACT "HTML reports"): the base image collapsed into
 * one block, then each history entry above it, newest first, as the engine reported them.
 */
export interface LayerFacts {
  base: { ref: string; entries: number; layers: number; size: number };
  above: Array<{
    /** The history entry's CreatedBy, as the engine reported it. */
    createdBy: string;
    /** The Dockerfile instruction it reads as, builder-neutral (`ADD app.js /app.js`). */
    instruction: string;
    size: number;
    /** True when the entry made a filesystem layer (RootFS), not only metadata. */
    makesLayer: boolean;
    /** True for the entries the chapter expects (the ADD/COPY of app.js, the ENTRYPOINT). */
    expected: boolean;
  }>;
}

/** What a check returns: its verdict and what it saw. */
export interface Outcome {
  status: 'passed' | 'failed' | 'skipped';
  message: Text;
  /** A skip because this mode cannot judge the check at all (e.g. `docker history` in check mode). */
  notApplicable?: boolean;
  location?: Location;
  /** image-layers: what the picture of the layers is drawn from; the lab's result carries it. */
  layers?: LayerFacts;
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
  location?: Location;
  /** What the check read of the layers; the lab's result carries it (not written per check). */
  layers?: LayerFacts;
  /** Set when the environment (engine, registry) stopped the check: no verdict on the work. Not in the JSON. */
  environment?: boolean;
  /** Set when labcheck itself failed (an exception inside the check): its stack, for --debug. Not in the JSON. */
  bug?: string;
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
  /** image-layers: the facts its layers picture is drawn from, when a check read them. */
  layers?: LayerFacts;
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
  /** Ctrl-C stopped the run: what was finished is reported. Not in the JSON. */
  interrupted?: boolean;
}
