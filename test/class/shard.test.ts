import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/engine/errors.js';
import { classFingerprint, compareIds, formatShard, parseShard, selectShard, shardManifest, shardOf } from '../../src/class/shard.js';

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, total: 1 }],
    ['2/4', { index: 2, total: 4 }],
    [' 3 / 3 ', { index: 3, total: 3 }],
    ['007/010', { index: 7, total: 10 }],
  ])('%j', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
    expect(formatShard(parseShard(text))).toBe(`${shard.index}/${shard.total}`);
  });

  it.each([
    ['0/0', 'the number of shards N must be at least 1; saw 0'],
    ['1/0', 'the number of shards N must be at least 1; saw 0'],
    ['0/3', 'the shard I counts from 1 to N (3); saw 0'],
    ['3/2', 'the shard I counts from 1 to N (2); saw 3'],
    ['1/10001', 'at most 10000 shards; saw 10001'],
    ['', '--shard expects I/N, two whole numbers such as 2/4 (shard 2 of 4); saw ""'],
    ['2', 'saw "2"'],
    ['a/b', 'saw "a/b"'],
    ['1/2/3', 'saw "1/2/3"'],
    ['-1/2', 'saw "-1/2"'],
    ['1.5/2', 'saw "1.5/2"'],
    ['1/2x', 'saw "1/2x"'],
    ['１/２', 'saw "１/２"'],
  ])('refuses %j as a usage error', (text, message) => {
    let error: unknown;
    try {
      parseShard(text);
    } catch (e) {
      error = e;
    }
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});

describe('shardOf', () => {
  it('is sha1 of the UTF-8 id modulo N, plus 1', () => {
    // sha1("alice") = 522b276a356bdf39013dfabea2cd43e141ecc9e8
    expect(createHash('sha1').update('alice').digest('hex')).toBe('522b276a356bdf39013dfabea2cd43e141ecc9e8');
    expect(shardOf('alice', 1)).toBe(1);
    expect(shardOf('alice', 2)).toBe(1); // …e8 is even
    expect(shardOf('alice', 16)).toBe(9); // last hex digit 8 → 8 + 1
    expect(shardOf('alice', 7)).toBe(Number(BigInt('0x522b276a356bdf39013dfabea2cd43e141ecc9e8') % 7n) + 1);
    expect(shardOf('张三', 16)).toBe(Number.parseInt(createHash('sha1').update(Buffer.from('张三', 'utf8')).digest('hex').slice(-1), 16) + 1);
  });

  it('spreads a class over its shards', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `student${i}`);
    const sizes = [1, 2, 3, 4].map((index) => selectShard(ids, { index, total: 4 }).length);
    expect(sizes.reduce((a, b) => a + b)).toBe(300);
    for (const size of sizes) expect(size).toBeGreaterThan(50);
  });
});

describe('shard properties', () => {
  const idSet = fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { maxLength: 80 });

  it('shards are disjoint and together the whole class, for any N', () => {
    fc.assert(
      fc.property(idSet, fc.integer({ min: 1, max: 12 }), (ids, total) => {
        const shards = Array.from({ length: total }, (_, i) => selectShard(ids, { index: i + 1, total }));
        const all = shards.flat();
        expect(all).toHaveLength(ids.length);
        expect(new Set(all)).toEqual(new Set(ids));
      }),
      { numRuns: 300 },
    );
  });

  it('a shard does not depend on the order of the folders nor on the other students', () => {
    const classAndViews = idSet.chain((ids) =>
      fc.tuple(fc.constant(ids), fc.shuffledSubarray(ids, { minLength: ids.length }), fc.subarray(ids), fc.integer({ min: 1, max: 12 })),
    );
    fc.assert(
      fc.property(classAndViews, ([ids, shuffled, subset, total]) => {
        for (let index = 1; index <= total; index++) {
          const shard = { index, total };
          const whole = selectShard(ids, shard);
          expect(new Set(selectShard(shuffled, shard))).toEqual(new Set(whole));
          for (const id of selectShard(subset, shard)) expect(whole).toContain(id);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('classFingerprint and compareIds', () => {
  it('is the same for the same ids in any order and differs when one is added', () => {
    expect(classFingerprint(['b', 'a', 'a'])).toBe(classFingerprint(['a', 'b']));
    expect(classFingerprint(['a', 'b'])).not.toBe(classFingerprint(['a', 'b', 'c']));
    // Length-prefixed: ["ab"] and ["a", "b"] are different classes.
    expect(classFingerprint(['ab'])).not.toBe(classFingerprint(['a', 'b']));
  });

  it('orders ids by code point, not by UTF-16 unit or locale', () => {
    const ids = ['b', 'B', 'a', '\uFF21', '😀', 'ä', 'a b', 'ab', '10', '9'];
    expect([...ids].sort(compareIds)).toEqual(['10', '9', 'B', 'a', 'a b', 'ab', 'b', 'ä', '\uFF21', '😀']);
  });

  it('a manifest lists its students in id order and counts the class', () => {
    expect(
      shardManifest({ version: '0.1.0', shard: { index: 2, total: 3 }, classIds: ['c', 'a', 'b', 'a'], students: ['c', 'a'], startedAt: '2024-01-01T00:00:00.000Z', durationMs: 5 }),
    ).toEqual({
      tool: 'labcheck',
      version: '0.1.0',
      shard: { index: 2, total: 3 },
      classFingerprint: classFingerprint(['a', 'b', 'c']),
      classSize: 3,
      students: ['a', 'c'],
      startedAt: '2024-01-01T00:00:00.000Z',
      durationMs: 5,
    });
  });
});
