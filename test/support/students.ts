// Literal student reports for the class tests: labs and checks written as tuples, everything else derived.
import type { StudentReport, Grading } from '../../src/class/types.js';
import { labStatus } from '../../src/engine/score.js';
import type { Status } from '../../src/engine/types.js';
import type { JsonCheck, JsonLab } from '../../src/report/json.js';

/** [check id, status, points?, maxPoints?, extra fields?]: points default to 1 of 1 when passed, 0 of 1 otherwise. */
export type CheckRow = [string, Status, number?, number?, Partial<JsonCheck>?];

export function jsonCheck([id, status, points, maxPoints, over]: CheckRow): JsonCheck {
  return {
    id,
    title: `${id} title`,
    status,
    message: `${id} message`,
    hint: `${id} hint`,
    timedOut: false,
    points: points ?? (status === 'passed' ? 1 : 0),
    maxPoints: maxPoints ?? 1,
    durationMs: 10,
    ...over,
  };
}

export function jsonLab(id: string, rows: CheckRow[], over: Partial<JsonLab> = {}): JsonLab {
  const checks = rows.map(jsonCheck);
  return {
    id,
    title: `${id} lab`,
    section: `${id} 节`,
    status: labStatus(checks),
    durationMs: 100,
    points: checks.reduce((s, c) => s + c.points, 0),
    maxPoints: checks.reduce((s, c) => s + c.maxPoints, 0),
    checks,
    ...over,
  };
}

export function student(id: string, labs: JsonLab[], grading: Partial<Grading> = {}, over: Partial<StudentReport> = {}): StudentReport {
  const checks = labs.flatMap((l) => l.checks);
  const count = (s: Status) => checks.filter((c) => c.status === s).length;
  return {
    tool: 'labcheck',
    version: '0.1.0',
    mode: 'run',
    runId: `lc${id.length}`,
    workdir: `/class/${id}`,
    startedAt: '2024-01-01T00:00:00.000Z',
    durationMs: 1000,
    labs,
    summary: {
      passed: count('passed'),
      failed: count('failed'),
      error: count('error'),
      skipped: count('skipped'),
      points: labs.reduce((s, l) => s + l.points, 0),
      maxPoints: labs.reduce((s, l) => s + l.maxPoints, 0),
    },
    student: id,
    grading: { status: 'graded', contentHash: `sha256-${id}`, ...grading },
    ...over,
  };
}

export const hello = (exit: 'passed' | 'failed' = 'passed') => jsonLab('hello-world', [['printed-hello', 'passed'], ['exit-code', exit]]);

// A class as it comes: a full pass, a failure, a timeout part way, an unreadable folder, an engine that went away.
export const sampleClass = [
  student('alice', [hello(), jsonLab('build-image', [['image-built', 'passed', 2, 2]])]),
  student('Bob', [hello('failed'), jsonLab('build-image', [['image-built', 'skipped', 0, 2]])]),
  student('=cmd', [hello()], { status: 'timed-out', reason: 'timed out after 120 s' }),
  student('张三', [], { status: 'unreadable', reason: 'app.js is a symlink out of the folder' }),
  student('eve', [], { status: 'error', reason: 'the Docker engine went away' }),
];
