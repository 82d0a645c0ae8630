import { describe, expect, it } from 'vitest';
import { mergeShards, parseShardManifest, parseStudentReport, verdictOf, type ShardOutput } from '../../src/class/merge.js';
import { selectShard, shardManifest, shardOf } from '../../src/class/shard.js';
import { buildClassReport } from '../../src/class/summarize.js';
import type { StudentReport } from '../../src/class/types.js';
import { isUsageError } from '../../src/engine/errors.js';
import { hello, jsonLab, sampleClass, student } from '../support/students.js';

const classIds = sampleClass.map((r) => r.student);

/** The outputs `grade --shard I/N` would leave for sampleClass, one per I, started a second apart. */
function shards(total: number, reports: readonly StudentReport[] = sampleClass, version = '0.1.0'): ShardOutput[] {
  return Array.from({ length: total }, (_, i) => {
    const shard = { index: i + 1, total };
    const ids = selectShard(classIds, shard);
    return {
      source: `out${i + 1}`,
      manifest: shardManifest({ version, shard, classIds, students: ids, startedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(), durationMs: 3000 }),
      reports: reports.filter((r) => ids.includes(r.student)).map((r) => ({ ...r, version })),
    };
  });
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isUsageError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('mergeShards', () => {
  it('gives the class one unsharded run gives, for any number of shards', () => {
    const run = (r: { version: string; startedAt: string; durationMs: number }) => ({ ...r, startedAt: 'x', durationMs: 0 });
    const unsharded = mergeShards(shards(1));
    for (const total of [2, 3, 5]) {
      const merged = mergeShards(shards(total));
      expect(merged.reports).toEqual(unsharded.reports);
      expect(buildClassReport(merged.reports, run(merged))).toEqual(buildClassReport(sampleClass, run(merged)));
    }
    expect(unsharded.reports.map((r) => r.student)).toEqual(['=cmd', 'Bob', 'alice', 'eve', '张三']);
  });

  it('counts the students no shard graded (shards run with --only)', () => {
    expect(mergeShards(shards(2)).ungraded).toBe(0);
    const [one, two] = shards(2) as [ShardOutput, ShardOutput];
    const kept = one.manifest.students.slice(0, 1);
    const only = { ...one, reports: one.reports.filter((r) => kept.includes(r.student)), manifest: { ...one.manifest, students: kept } };
    expect(mergeShards([only, two]).ungraded).toBe(one.manifest.students.length - 1);
  });

  it('spans the run from the first shard start to the last shard end', () => {
    const merged = mergeShards(shards(3).reverse());
    expect([merged.version, merged.startedAt, merged.durationMs]).toEqual(['0.1.0', '2024-01-01T00:00:00.000Z', 5000]);
  });

  it('merges a student graded twice with the same result, timings and wording aside', () => {
    const [one, two] = shards(2) as [ShardOutput, ShardOutput];
    const alice = sampleClass.find((r) => r.student === 'alice') as StudentReport;
    const home = shardOf('alice', 2) === 1 ? one : two;
    const again = { ...home, source: 'rerun', reports: [{ ...alice, durationMs: 99, runId: 'lcother', labs: alice.labs.map((l) => ({ ...l, durationMs: 1, checks: l.checks.map((c) => ({ ...c, message: 'kubia-lcother' })) })) }], manifest: { ...home.manifest, students: ['alice'] } };
    expect(mergeShards([one, two, again]).reports).toHaveLength(5);
  });

  it('refuses shards of different labcheck versions, naming them', () => {
    const mixed = [...shards(2).slice(0, 1), ...shards(2, sampleClass, '0.2.0').slice(1)];
    expect(refusal(() => mergeShards(mixed))).toBe(
      'cannot merge reports of different labcheck versions; expected one version, saw 0.1.0: out1 (shard 1/2); 0.2.0: out2 (shard 2/2). Grade every shard with the same labcheck.',
    );
  });

  it('refuses a report made by another version inside a shard', () => {
    const [one, two] = shards(2) as [ShardOutput, ShardOutput];
    const odd = { ...two, reports: two.reports.map((r, i) => (i === 0 ? { ...r, version: '0.0.9' } : r)) };
    expect(refusal(() => mergeShards([one, odd]))).toMatch(/0\.0\.9: out2\/students\/.+\.json/);
  });

  it('refuses a missing shard, saying which', () => {
    const [one, , three] = shards(4) as ShardOutput[];
    expect(refusal(() => mergeShards([one as ShardOutput, three as ShardOutput]))).toBe(
      'missing shards 2/4, 4/4: expected the --out folder of every shard 1/4 … 4/4, got 2 (out1 = 1/4, out3 = 3/4)',
    );
  });

  it('refuses shards of different splits or class folders', () => {
    expect(refusal(() => mergeShards([...shards(2), ...shards(3)]))).toBe(
      'cannot merge shards of different splits: out1 is shard 1/2, out1 is shard 1/3. Give the outputs of one --shard I/N run for every I.',
    );
    const other = shards(2).map((s) => ({ ...s, manifest: { ...s.manifest, classFingerprint: 'f', classSize: 6 } }));
    expect(refusal(() => mergeShards([shards(2)[0] as ShardOutput, other[1] as ShardOutput]))).toBe(
      'cannot merge shards cut from different class folders: out1 saw 5 students, out2 saw 6 (or other ids). Grade every shard on the same CLASS_DIR.',
    );
  });

  it('refuses a student graded in two shards with different results, saying how they differ', () => {
    const all = shards(1)[0] as ShardOutput;
    const bob = sampleClass.find((r) => r.student === 'Bob') as StudentReport;
    const better = student('Bob', [hello(), jsonLab('build-image', [['image-built', 'passed', 2, 2]])]);
    const second = { ...all, source: 'again', reports: [better], manifest: { ...all.manifest, students: ['Bob'] } };
    expect(verdictOf(better)).not.toBe(verdictOf(bob));
    expect(refusal(() => mergeShards([all, second]))).toBe(
      'student "Bob" was graded in out1 and in again with different results (check hello-world/exit-code: failed 0/1 vs passed 1/1); grade that student once (--only) and merge again.',
    );
  });

  it('refuses a shard that lists a student it has no report for', () => {
    const [one, two] = shards(2) as [ShardOutput, ShardOutput];
    const cut = { ...one, reports: one.reports.slice(1) };
    const lost = one.reports[0]?.student ?? '';
    expect(refusal(() => mergeShards([cut, two]))).toContain(`out1 (shard 1/2) lists student ${JSON.stringify(lost)} but has no students/`);
  });

  it('refuses a student in a shard its id does not hash into', () => {
    const [one, two] = shards(2) as [ShardOutput, ShardOutput];
    const moved = two.reports[0] as StudentReport;
    const wrong = { ...one, reports: [...one.reports, moved], manifest: { ...one.manifest, students: [...one.manifest.students, moved.student] } };
    expect(refusal(() => mergeShards([wrong, { ...two, reports: two.reports.slice(1), manifest: { ...two.manifest, students: two.manifest.students.filter((s) => s !== moved.student) } }]))).toBe(
      `out1 holds student ${JSON.stringify(moved.student)} as shard 1/2, but that id hashes into shard 2/2: these folders were not made by one --shard run.`,
    );
  });

  it('leaves out, and names, reports its manifest does not list', () => {
    const [one] = shards(1) as [ShardOutput];
    const stale = { ...one, reports: [...one.reports, student('mallory', [])] };
    const merged = mergeShards([stale]);
    expect(merged.reports.map((r) => r.student)).not.toContain('mallory');
    expect(merged.ignored).toEqual([{ source: 'out1', student: 'mallory' }]);
  });

  it('refuses nothing to merge', () => {
    expect(refusal(() => mergeShards([]))).toBe('merge needs the --out folder of at least one shard');
  });
});

describe('reading the files', () => {
  it('accepts what grade writes', () => {
    const manifest = (shards(2)[0] as ShardOutput).manifest;
    expect(parseShardManifest(JSON.parse(JSON.stringify(manifest)), 'out1')).toEqual(manifest);
    const report = sampleClass[0] as StudentReport;
    expect(parseStudentReport(JSON.parse(JSON.stringify(report)), 'a.json')).toEqual(report);
  });

  it.each([
    [null, 'expected an object with "tool": "labcheck"'],
    [{ tool: 'labcheck', version: '1', shard: { index: 3, total: 2 } }, '"shard" must be {"index": I, "total": N} with 1 ≤ I ≤ N'],
    [{ tool: 'labcheck', version: '1', shard: { index: 1, total: 2 }, classFingerprint: 'f', classSize: 1, students: [1] }, '"students" must be a list of student ids'],
  ])('refuses a manifest %#', (value, why) => {
    expect(refusal(() => parseShardManifest(value, 'out9'))).toBe(`out9/shard.json is not a labcheck shard manifest: ${why}`);
  });

  it.each([
    [{ tool: 'labcheck', version: '1', student: 'a', grading: { status: 'done', contentHash: 'h' } }, '"grading" must have a "status" (graded, timed-out, error, unreadable) and a "contentHash"'],
    [{ tool: 'labcheck', version: '1', student: '', grading: {} }, '"student" must be the student id'],
    [{ tool: 'labcheck', version: '1', student: 'a', grading: { status: 'graded', contentHash: 'h' }, labs: [{ id: 'x', status: 'passed', checks: [{ id: 'c', status: 'ok' }] }] }, 'every check of lab x needs an "id", a "status", "points" and "maxPoints"'],
  ])('refuses a student report %#', (value, why) => {
    expect(refusal(() => parseStudentReport(value, 'students/a.json'))).toBe(`students/a.json is not a labcheck student report: ${why}`);
  });
});
