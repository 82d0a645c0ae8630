import type { Outcome, Text } from './types.js';
import type { CheckContext, StepContext } from './context.js';
import type { Names } from './names.js';

export interface CheckDef {
  id: string;
  title: Text;
  points: number;
  hint: Text;
  /** Per-check deadline; defaults to the run's --timeout. */
  timeoutMs?: number;
  /** Judges: reads the engine and what the steps recorded, changes nothing. */
  run(ctx: CheckContext): Promise<Outcome>;
}

export interface LabDef {
  id: string;
  /** The chapter's section heading, as written there. */
  section: string;
  title: Text;
  /** Labs whose steps must have been performed first, by id. */
  dependsOn: readonly string[];
  /** Labs that must be done first when they are part of the run, passed or not (e.g. before removing what they use). */
  after?: readonly string[];
  /**
   * False for a lab whose steps and checks use nothing of the graded folder (busybox, redis): its
   * verdict is the same for every submission, so a class grades it once and shares it.
   */
  readsWorkdir?: boolean;
  /** Performs the lab's steps as a student types them (run, solve, selftest). Records what it saw in ctx. */
  solve(ctx: StepContext): Promise<void>;
  /** The containers, images and volumes its steps create, by name: what solve must not replace of the user's. */
  creates?(names: Names): Creates;
  checks: readonly CheckDef[];
}

export interface Creates {
  containers?: readonly string[];
  images?: readonly string[];
  volumes?: readonly string[];
}

/** Returns its argument: a typed lab without ceremony. */
export const defineLab = (lab: LabDef): LabDef => lab;

export const passed = (message: Text): Outcome => ({ status: 'passed', message });
export const failed = (message: Text): Outcome => ({ status: 'failed', message });
export const skipped = (message: Text): Outcome => ({ status: 'skipped', message });
/** Not judged because this mode cannot judge it at all: counts for neither points nor the lab's status. */
export const notApplicable = (message: Text): Outcome => ({ status: 'skipped', message, notApplicable: true });

/** passed or failed on a condition, with one message for each. */
export const verdict = (ok: boolean, good: Text, bad: Text): Outcome => (ok ? passed(good) : failed(bad));
