// What every reporter is: optional hooks the grading session calls as labs progress. A leaf module:
// the engine, the CLI and each reporter import it without importing one another.
import type { CheckResult, LabResult, Mode, RunReport, Text } from '../engine/types.js';

export interface RunStartInfo {
  mode: Mode;
  labs: string[];
  runId?: string;
}

/**
 * Every hook optional. onRunEnd is awaited: file reporters write there, and throw a
 * ReportWriteError when the file cannot be written (the run then exits 3).
 */
export interface Reporter {
  onRunStart?(info: RunStartInfo): void;
  onLabStart?(labId: string, title: Text): void;
  onStep?(labId: string, text: string): void;
  onCheckEnd?(labId: string, check: CheckResult): void;
  onLabEnd?(lab: LabResult): void;
  onRunEnd?(report: RunReport): void | Promise<void>;
}

/** A report file that could not be written: the environment's fault, said in words a person can act on. */
export class ReportWriteError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(writeProblem(file, cause), { cause });
    this.name = 'ReportWriteError';
  }
}

/** Why a report file could not be written, in words a person can act on. */
export function writeProblem(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'the file system is read-only' : (e as Error).message;
  return `could not write the report ${file}: ${why}`;
}

/** Runs a file reporter's write, turning any failure into a ReportWriteError naming the file. */
export async function writingTo(file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    throw new ReportWriteError(file, e);
  }
}

/** What reporting the end of a run went through: the reporters that failed, and why. */
export interface RunEndProblems {
  /** Files that could not be written (exit 3). */
  unwritten: ReportWriteError[];
  /** Reporters that threw anything else: a bug in labcheck (exit 4). */
  bugs: Error[];
}

/** One reporter that sends every hook to each of a list, in order; a reporter's hook failing stops no other. */
export class Reporters implements Reporter {
  readonly problems: RunEndProblems = { unwritten: [], bugs: [] };

  constructor(readonly list: readonly Reporter[]) {}

  onRunStart(info: RunStartInfo): void {
    this.each((r) => r.onRunStart?.(info));
  }

  onLabStart(labId: string, title: Text): void {
    this.each((r) => r.onLabStart?.(labId, title));
  }

  onStep(labId: string, text: string): void {
    this.each((r) => r.onStep?.(labId, text));
  }

  onCheckEnd(labId: string, check: CheckResult): void {
    this.each((r) => r.onCheckEnd?.(labId, check));
  }

  onLabEnd(lab: LabResult): void {
    this.each((r) => r.onLabEnd?.(lab));
  }

  async onRunEnd(report: RunReport): Promise<void> {
    for (const r of this.list) {
      try {
        await r.onRunEnd?.(report);
      } catch (e) {
        this.note(e);
      }
    }
  }

  private each(hook: (r: Reporter) => void): void {
    for (const r of this.list) {
      try {
        hook(r);
      } catch (e) {
        this.note(e);
      }
    }
  }

  private note(e: unknown): void {
    if (e instanceof ReportWriteError) this.problems.unwritten.push(e);
    else this.problems.bugs.push(e instanceof Error ? e : new Error(String(e)));
  }
}
