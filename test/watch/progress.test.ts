import { describe, expect, it } from 'vitest';
import { advance, allDone, isClear, nextLab, rowKey, rowsOf, totals } from '../../src/watch/progress.js';
import { check, lab, report } from '../support/reports.js';

const passed = (id: string) => lab(id, [check('a'), check('b')]);
const failed = (id: string) => lab(id, [check('a'), check('b', 'failed')]);
const skippedWithPass = (id: string) => lab(id, [check('a'), check('b', 'skipped')]);
const allSkipped = (id: string) => lab(id, [check('a', 'skipped'), check('b', 'skipped')]);

describe('isClear: passed as far as check mode can see', () => {
  it.each([
    ['every check passed', passed('x'), true],
    ['passed and skipped: the skip is what check cannot see', skippedWithPass('x'), true],
    ['a failure', failed('x'), false],
    ['an error', lab('x', [check('a'), check('b', 'error')]), false],
    ['all skipped: nothing seen yet', allSkipped('x'), false],
    ['passed and not applicable', lab('x', [check('a'), check('b', 'skipped', { notApplicable: true, maxPoints: 0 })]), true],
    ['skipped and not applicable only', lab('x', [check('a', 'skipped'), check('b', 'skipped', { notApplicable: true, maxPoints: 0 })]), false],
  ])('%s → %s', (_name, result, clear) => {
    expect(isClear(result)).toBe(clear);
  });
});

describe('advance', () => {
  it('the first check: live verdicts, credit for the clear labs, the first open lab is next', () => {
    const p = advance(undefined, report([passed('hello'), failed('redis'), failed('tags')]), 1000);
    expect(p.labs.map((s) => [s.live.id, s.clear, s.credit?.id])).toEqual([
      ['hello', true, 'hello'],
      ['redis', false, undefined],
      ['tags', false, undefined],
    ]);
    expect(nextLab(p)?.live.id).toBe('redis');
    expect(allDone(p)).toBe(false);
    expect(p.checkedAt).toBe(1000);
  });

  it('a lab done stays done when a later step undoes its state, and next does not go back to it', () => {
    const first = advance(undefined, report([passed('build'), failed('stop')]), 1);
    const second = advance(first, report([failed('build'), passed('stop')]), 2);
    expect(second.labs.map((s) => [s.live.id, s.live.status, s.clear, s.credit?.status])).toEqual([
      ['build', 'failed', false, 'passed'],
      ['stop', 'passed', true, 'passed'],
    ]);
    expect(nextLab(second)).toBeUndefined();
    expect(allDone(second)).toBe(true);
  });

  it('keeps the clear result with the most points', () => {
    const partial = lab('x', [check('a'), check('b', 'skipped')]);
    const whole = passed('x');
    const p1 = advance(undefined, report([partial]), 1);
    const p2 = advance(p1, report([whole]), 2);
    const p3 = advance(p2, report([partial]), 3);
    expect([p1, p2, p3].map((p) => p.labs[0]?.credit?.points)).toEqual([1, 2, 2]);
  });

  it('totals count each done lab by its credit and the others live', () => {
    const p1 = advance(undefined, report([passed('a'), failed('b')]), 1);
    const p2 = advance(p1, report([failed('a'), failed('b')]), 2);
    expect(totals(p2)).toEqual({ done: 1, labs: 2, points: 3, maxPoints: 4 });
  });

  it('no labs is never all done', () => {
    expect(allDone(advance(undefined, report([]), 1))).toBe(false);
  });
});

describe('rowsOf', () => {
  it('marks, points, skips, the live verdict of a lab done earlier, and next', () => {
    const first = advance(undefined, report([passed('a'), skippedWithPass('b'), failed('c'), allSkipped('d')]), 1);
    const second = advance(first, report([failed('a'), skippedWithPass('b'), failed('c'), allSkipped('d')]), 2);
    expect(rowsOf(second)).toEqual([
      { id: 'a', status: 'passed', points: 2, maxPoints: 2, skipped: 0, next: false, now: { status: 'failed', points: 1, maxPoints: 2 } },
      { id: 'b', status: 'passed', points: 1, maxPoints: 2, skipped: 1, next: false },
      { id: 'c', status: 'failed', points: 1, maxPoints: 2, skipped: 0, next: true },
      { id: 'd', status: 'skipped', points: 0, maxPoints: 2, skipped: 2, next: false },
    ]);
  });

  it('rowKey changes with what the line shows and only with it', () => {
    const [a] = rowsOf(advance(undefined, report([failed('a')]), 1));
    const [b] = rowsOf(advance(undefined, report([failed('a')]), 2));
    const [c] = rowsOf(advance(undefined, report([passed('a')]), 3));
    expect(rowKey(a!)).toBe(rowKey(b!));
    expect(rowKey(a!)).not.toBe(rowKey(c!));
  });
});
