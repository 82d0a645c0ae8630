// `--shard I/N` (CONTRACT "Class grading"): which students one machine grades. A student's shard
// depends on its id alone (sha1 of the UTF-8 id, modulo N), so every machine computes the same
// split whatever order or set of folders it sees, and a late folder moves nobody else.
import { createHash } from 'node:crypto';
import { UsageError } from '../engine/errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

// More shards than this is a typo, not a class (one machine per student of a 10,000 course).
const MAX_SHARDS = 10_000;

/** Parses `I/N` (1 ≤ I ≤ N): a UsageError that says what was expected and what was seen otherwise. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new UsageError(`--shard expects I/N, two whole numbers such as 2/4 (shard 2 of 4); saw ${JSON.stringify(text)}`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1) throw new UsageError(`--shard ${text}: the number of shards N must be at least 1; saw ${total}`);
  if (total > MAX_SHARDS) throw new UsageError(`--shard ${text}: at most ${MAX_SHARDS} shards; saw ${match[2]}`);
  if (index < 1 || index > total) throw new UsageError(`--shard ${text}: the shard I counts from 1 to N (${total}); saw ${index}`);
  return { index, total };
}

export const formatShard = (shard: Shard): string => `${shard.index}/${shard.total}`;

/** The 1-based shard of N that a student id falls into: sha1 of its UTF-8 bytes, as a number, modulo N, plus 1. */
export function shardOf(id: string, total: number): number {
  const digest = createHash('sha1').update(id, 'utf8').digest('hex');
  return Number(BigInt(`0x${digest}`) % BigInt(total)) + 1;
}

/** The ids of one shard, in the order given. */
export function selectShard(ids: readonly string[], shard: Shard): string[] {
  return ids.filter((id) => shardOf(id, shard.total) === shard.index);
}

/**
 * Identifies the class a shard was cut from: sha256 of its sorted, distinct student ids. Shards of
 * different class folders (a late submission copied in on one machine only) differ here.
 */
export function classFingerprint(ids: readonly string[]): string {
  const sorted = [...new Set(ids)].sort(compareIds);
  const hash = createHash('sha256');
  for (const id of sorted) hash.update(`${Buffer.byteLength(id, 'utf8')}:${id}`, 'utf8');
  return hash.digest('hex');
}

/** Code point order (the order of the ids' UTF-8 bytes): the same on every machine and locale. */
export function compareIds(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i]?.codePointAt(0) ?? 0;
    const y = cb[i]?.codePointAt(0) ?? 0;
    if (x !== y) return x - y;
  }
  return ca.length - cb.length;
}

/**
 * `shard.json` in a shard's `--out` (and in an unsharded run's, as 1/1): what `labcheck merge`
 * needs to tell that the shards given are one class, one labcheck version, and all there.
 */
export interface ShardManifest {
  tool: 'labcheck';
  /** labcheck's version that graded this shard. */
  version: string;
  shard: Shard;
  /** classFingerprint of every student id in CLASS_DIR (all shards), and how many there were. */
  classFingerprint: string;
  classSize: number;
  /** The ids of this shard's students, each with a `students/<file-safe id>.json`, in id order. */
  students: string[];
  startedAt: string;
  durationMs: number;
}

export const SHARD_MANIFEST = 'shard.json';

/** The manifest a grading run writes, its students sorted. */
export function shardManifest(options: {
  version: string;
  shard: Shard;
  classIds: readonly string[];
  students: readonly string[];
  startedAt: string;
  durationMs: number;
}): ShardManifest {
  return {
    tool: 'labcheck',
    version: options.version,
    shard: { index: options.shard.index, total: options.shard.total },
    classFingerprint: classFingerprint(options.classIds),
    classSize: new Set(options.classIds).size,
    students: [...options.students].sort(compareIds),
    startedAt: options.startedAt,
    durationMs: options.durationMs,
  };
}
