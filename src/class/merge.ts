// `labcheck merge` as pure functions (CONTRACT "Class grading"): the checks that refuse shards which
// cannot make one class — other labcheck versions, other splits or class folders, a missing shard,
// a student graded twice with different results — and the one list of students they make.
import { UsageError } from '../engine/errors.js';
import type { Status } from '../engine/types.js';
import { fileSafeId } from './ids.js';
import { compareIds, formatShard, SHARD_MANIFEST, shardOf, type ShardManifest } from './shard.js';
import type { GradingStatus, StudentReport } from './types.js';

/** One shard's `--out` as the merge read it: where it is, its manifest, its students' reports. */
export interface ShardOutput {
  /** The folder given on the command line, for messages. */
  source: string;
  manifest: ShardManifest;
  reports: StudentReport[];
}

export interface MergeResult {
  /** One report per student, in id order. */
  reports: StudentReport[];
  /** Reports found in a shard's folder that its manifest does not list (a leftover of an earlier run): not merged. */
  ignored: Array<{ source: string; student: string }>;
  /** Students of the class that no shard graded (shards run with --only): the class is incomplete by that many. */
  ungraded: number;
  version: string;
  startedAt: string;
  /** From the first shard's start to the last one's end. */
  durationMs: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const GRADING: readonly GradingStatus[] = ['graded', 'timed-out', 'error', 'unreadable'];
const STATUS: readonly Status[] = ['passed', 'failed', 'error', 'skipped'];

/** Checks the shape of a parsed `shard.json`: a UsageError naming the file and the field otherwise. */
export function parseShardManifest(value: unknown, source: string): ShardManifest {
  const where = `${source}/${SHARD_MANIFEST}`;
  const bad = (what: string) => new UsageError(`${where} is not a labcheck shard manifest: ${what}`);
  if (!isObject(value) || value.tool !== 'labcheck') throw bad('expected an object with "tool": "labcheck"');
  if (typeof value.version !== 'string' || value.version === '') throw bad('"version" must be labcheck\'s version');
  const shard = value.shard;
  if (!isObject(shard) || !isCount(shard.index) || !isCount(shard.total) || shard.index < 1 || shard.index > shard.total) {
    throw bad('"shard" must be {"index": I, "total": N} with 1 ≤ I ≤ N');
  }
  if (typeof value.classFingerprint !== 'string' || !isCount(value.classSize)) throw bad('"classFingerprint" and "classSize" are missing');
  if (!Array.isArray(value.students) || !value.students.every((s) => typeof s === 'string')) throw bad('"students" must be a list of student ids');
  if (typeof value.startedAt !== 'string' || !isCount(value.durationMs)) throw bad('"startedAt" and "durationMs" are missing');
  return value as unknown as ShardManifest;
}

/** Checks the shape of a parsed `students/<file-safe id>.json` as far as merging reads it. */
export function parseStudentReport(value: unknown, file: string): StudentReport {
  const bad = (what: string) => new UsageError(`${file} is not a labcheck student report: ${what}`);
  if (!isObject(value) || value.tool !== 'labcheck') throw bad('expected an object with "tool": "labcheck"');
  if (typeof value.student !== 'string' || value.student === '') throw bad('"student" must be the student id');
  if (typeof value.version !== 'string') throw bad('"version" is missing');
  const grading = value.grading;
  if (!isObject(grading) || !GRADING.includes(grading.status as GradingStatus) || typeof grading.contentHash !== 'string') {
    throw bad(`"grading" must have a "status" (${GRADING.join(', ')}) and a "contentHash"`);
  }
  if (!Array.isArray(value.labs)) throw bad('"labs" must be a list');
  for (const lab of value.labs as unknown[]) {
    if (!isObject(lab) || typeof lab.id !== 'string' || !STATUS.includes(lab.status as Status) || !Array.isArray(lab.checks)) {
      throw bad('every lab needs an "id", a "status" and its "checks"');
    }
    for (const check of lab.checks as unknown[]) {
      if (!isObject(check) || typeof check.id !== 'string' || !STATUS.includes(check.status as Status) || typeof check.points !== 'number' || typeof check.maxPoints !== 'number') {
        throw bad(`every check of lab ${lab.id} needs an "id", a "status", "points" and "maxPoints"`);
      }
    }
  }
  const summary = value.summary;
  if (!isObject(summary) || typeof summary.points !== 'number' || typeof summary.maxPoints !== 'number') throw bad('"summary" needs "points" and "maxPoints"');
  return value as unknown as StudentReport;
}

/**
 * What two gradings of one student must agree on to be the same result: how the grading ended,
 * what was graded (content hash), and every lab's and check's verdict and points. Not timings, run
 * ids, workdirs or message wording (messages carry run-scoped names).
 */
export function verdictOf(report: StudentReport): string {
  return JSON.stringify({
    grading: report.grading.status,
    contentHash: report.grading.contentHash,
    labs: report.labs.map((lab) => ({
      id: lab.id,
      status: lab.status,
      points: lab.points,
      maxPoints: lab.maxPoints,
      checks: lab.checks.map((c) => [c.id, c.status, c.points, c.maxPoints, c.timedOut, c.notApplicable === true]),
    })),
  });
}

/** Where a verdict differs from another, in words: the first lab or check that differs. */
export function verdictDifference(a: StudentReport, b: StudentReport): string {
  if (a.grading.status !== b.grading.status) return `grading ${a.grading.status} vs ${b.grading.status}`;
  if (a.grading.contentHash !== b.grading.contentHash) return 'different submitted files (content hash)';
  const labs = new Map(b.labs.map((l) => [l.id, l]));
  for (const lab of a.labs) {
    const other = labs.get(lab.id);
    if (!other) return `lab ${lab.id} only in one`;
    const checks = new Map(other.checks.map((c) => [c.id, c]));
    for (const check of lab.checks) {
      const o = checks.get(check.id);
      if (!o) return `check ${lab.id}/${check.id} only in one`;
      if (o.status !== check.status || o.points !== check.points || o.maxPoints !== check.maxPoints || o.timedOut !== check.timedOut) {
        return `check ${lab.id}/${check.id}: ${check.status} ${check.points}/${check.maxPoints} vs ${o.status} ${o.points}/${o.maxPoints}`;
      }
    }
    if (other.checks.length !== lab.checks.length || other.status !== lab.status || other.points !== lab.points) return `lab ${lab.id}: ${lab.status} vs ${other.status}`;
  }
  return a.labs.length !== b.labs.length ? 'a lab only in one' : 'the same verdicts';
}

function refuseMixedVersions(shards: readonly ShardOutput[]): string {
  const versions = new Map<string, string[]>();
  const note = (version: string, where: string) => versions.set(version, [...(versions.get(version) ?? []), where]);
  for (const shard of shards) {
    note(shard.manifest.version, `${shard.source} (shard ${formatShard(shard.manifest.shard)})`);
    for (const report of shard.reports) {
      if (report.version !== shard.manifest.version) note(report.version, `${shard.source}/students/${fileSafeId(report.student)}.json`);
    }
  }
  if (versions.size > 1) {
    const seen = [...versions].map(([version, where]) => `${version}: ${where.slice(0, 3).join(', ')}${where.length > 3 ? ` and ${where.length - 3} more` : ''}`);
    throw new UsageError(`cannot merge reports of different labcheck versions; expected one version, saw ${seen.join('; ')}. Grade every shard with the same labcheck.`);
  }
  return [...versions.keys()][0] ?? '';
}

function refuseOtherSplits(shards: readonly ShardOutput[]): void {
  const first = shards[0];
  if (!first) return;
  for (const shard of shards) {
    if (shard.manifest.shard.total !== first.manifest.shard.total) {
      throw new UsageError(
        `cannot merge shards of different splits: ${first.source} is shard ${formatShard(first.manifest.shard)}, ${shard.source} is shard ${formatShard(shard.manifest.shard)}. Give the outputs of one --shard I/N run for every I.`,
      );
    }
    if (shard.manifest.classFingerprint !== first.manifest.classFingerprint) {
      throw new UsageError(
        `cannot merge shards cut from different class folders: ${first.source} saw ${first.manifest.classSize} students, ${shard.source} saw ${shard.manifest.classSize} (or other ids). Grade every shard on the same CLASS_DIR.`,
      );
    }
  }
}

function refuseMissingShards(shards: readonly ShardOutput[]): void {
  const total = shards[0]?.manifest.shard.total ?? 0;
  const present = new Set(shards.map((s) => s.manifest.shard.index));
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !present.has(i));
  if (missing.length > 0) {
    const names = missing.map((i) => `${i}/${total}`);
    throw new UsageError(`missing shard${missing.length > 1 ? 's' : ''} ${names.join(', ')}: expected the --out folder of every shard 1/${total} … ${total}/${total}, got ${shards.length} (${shards.map((s) => `${s.source} = ${formatShard(s.manifest.shard)}`).join(', ')})`);
  }
}

/**
 * Validates the shards and makes one list of student reports. Refuses (UsageError, exit 2), saying
 * which: no shard, different labcheck versions, different splits or class folders, a missing
 * shard, a listed student without a report, a student in a shard it does not hash into, and a
 * student graded in two shards with different results (identical ones are merged into one).
 */
export function mergeShards(shards: readonly ShardOutput[]): MergeResult {
  if (shards.length === 0) throw new UsageError('merge needs the --out folder of at least one shard');
  const version = refuseMixedVersions(shards);
  refuseOtherSplits(shards);
  refuseMissingShards(shards);

  const chosen = new Map<string, { source: string; report: StudentReport }>();
  const ignored: MergeResult['ignored'] = [];
  for (const shard of shards) {
    const { index, total } = shard.manifest.shard;
    const listed = new Set(shard.manifest.students);
    const reports = new Map<string, StudentReport>();
    for (const report of shard.reports) {
      if (!listed.has(report.student)) {
        ignored.push({ source: shard.source, student: report.student });
        continue;
      }
      reports.set(report.student, report);
    }
    for (const student of shard.manifest.students) {
      const report = reports.get(student);
      if (!report) {
        throw new UsageError(`${shard.source} (shard ${index}/${total}) lists student ${JSON.stringify(student)} but has no students/${fileSafeId(student)}.json: that shard did not finish; run it again.`);
      }
      const home = shardOf(student, total);
      if (home !== index) {
        throw new UsageError(`${shard.source} holds student ${JSON.stringify(student)} as shard ${index}/${total}, but that id hashes into shard ${home}/${total}: these folders were not made by one --shard run.`);
      }
      const earlier = chosen.get(student);
      if (!earlier) {
        chosen.set(student, { source: shard.source, report });
      } else if (verdictOf(earlier.report) !== verdictOf(report)) {
        throw new UsageError(
          `student ${JSON.stringify(student)} was graded in ${earlier.source} and in ${shard.source} with different results (${verdictDifference(earlier.report, report)}); grade that student once (--only) and merge again.`,
        );
      }
    }
  }

  const starts = shards.map((s) => Date.parse(s.manifest.startedAt));
  const ends = shards.map((s, i) => (starts[i] ?? 0) + s.manifest.durationMs);
  const first = Math.min(...starts);
  const startedAt = shards[starts.indexOf(first)]?.manifest.startedAt ?? '';
  return {
    reports: [...chosen.values()].map((c) => c.report).sort((a, b) => compareIds(a.student, b.student)),
    ignored,
    ungraded: Math.max(0, (shards[0]?.manifest.classSize ?? 0) - chosen.size),
    version,
    startedAt,
    durationMs: Number.isFinite(first) ? Math.max(...ends) - first : 0,
  };
}
