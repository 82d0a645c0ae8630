// `labcheck merge`: the --out folders of a class's shards made into the files one unsharded `grade`
// would have written (students' reports, class.json, grades.csv, junit.xml, pages).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../engine/errors.js';
import type { ExitCode } from '../engine/score.js';
import type { Lang } from '../engine/types.js';
import type { CsvOptions } from './csv.js';
import { mergeShards, parseShardManifest, type ShardOutput } from './merge.js';
import { forEachFile, readStudents, writeClassFiles, writeStudent, type ClassFiles } from './outputs.js';
import { SHARD_MANIFEST, type ShardManifest } from './shard.js';
import { studentStatus } from './summarize.js';
import type { ClassReport } from './types.js';

export interface MergeClassOptions {
  shards: readonly string[];
  out: string;
  csv: CsvOptions;
  lang: Lang;
  pages?: ClassFiles['pages'];
}

async function readShard(dir: string): Promise<ShardOutput> {
  let text: string;
  try {
    text = await readFile(join(dir, SHARD_MANIFEST), 'utf8');
  } catch (e) {
    throw new UsageError(`${dir} holds no ${SHARD_MANIFEST} (${(e as NodeJS.ErrnoException).code}): give the --out folder of a \`labcheck grade\` run`);
  }
  let manifest: ShardManifest;
  try {
    manifest = parseShardManifest(JSON.parse(text), dir);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${dir}/${SHARD_MANIFEST} is not JSON: ${(e as Error).message}`);
  }
  return { source: dir, manifest, reports: await readStudents(dir) };
}

/** Merges the shards (refusing, exit 2, what cannot make one class) and writes the class's files. */
export async function mergeClass(options: MergeClassOptions): Promise<{ classReport: ClassReport; exitCode: ExitCode; ignored: number }> {
  const shards = await Promise.all(options.shards.map(readShard));
  const merged = mergeShards(shards);
  await forEachFile(merged.reports, (report) => writeStudent(options.out, report));
  const first = shards[0]!.manifest;
  const manifest: ShardManifest = {
    ...first,
    version: merged.version,
    shard: { index: 1, total: 1 },
    students: merged.reports.map((r) => r.student),
    startedAt: merged.startedAt,
    durationMs: merged.durationMs,
  };
  const classReport = await writeClassFiles(merged.reports, {
    out: options.out,
    lang: options.lang,
    csv: options.csv,
    run: { version: merged.version, startedAt: merged.startedAt, durationMs: merged.durationMs },
    manifest,
    ...(options.pages ? { pages: options.pages } : {}),
  });
  const statuses = merged.reports.map(studentStatus);
  const exitCode: ExitCode = statuses.includes('error') ? 3 : statuses.every((s) => s === 'passed') && merged.ungraded === 0 ? 0 : 1;
  return { classReport, exitCode, ignored: merged.ignored.length };
}
