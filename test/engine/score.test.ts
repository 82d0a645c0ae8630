import { describe, expect, it } from 'vitest';
import { exitCodeFor, labStatus, summarize, worstStatus } from '../../src/engine/score.js';
import type { LabResult, Status } from '../../src/engine/types.js';

const lab = (status: Status, points: number, maxPoints: number, checks: Status[] = [status]): LabResult => ({
  id: 'x',
  title: { en: 'x', zh: 'x' },
  section: 's',
  status,
  durationMs: 0,
  points,
  maxPoints,
  checks: checks.map((s, i) => ({ id: `c${i}`, title: { en: '', zh: '' }, status: s, message: { en: '', zh: '' }, hint: { en: '', zh: '' }, timedOut: false, points: s === 'passed' ? 1 : 0, maxPoints: 1, durationMs: 0 })),
});

describe('worstStatus: error > failed > skipped > passed', () => {
  it.each<[Status[], Status]>([
    [[], 'passed'],
    [['passed', 'passed'], 'passed'],
    [['passed', 'skipped'], 'skipped'],
    [['skipped', 'failed', 'passed'], 'failed'],
    [['failed', 'error', 'skipped'], 'error'],
  ])('%j → %s', (statuses, worst) => expect(worstStatus(statuses)).toBe(worst));
});

describe('summarize', () => {
  it('counts checks by status and sums points', () => {
    expect(summarize([lab('passed', 2, 2, ['passed', 'passed']), lab('failed', 1, 3, ['passed', 'failed', 'skipped'])])).toEqual({
      passed: 3,
      failed: 1,
      error: 0,
      skipped: 1,
      points: 3,
      maxPoints: 5,
    });
  });
});

describe('exitCodeFor', () => {
  it.each<[Status[], number]>([
    [['passed'], 0],
    [['passed', 'skipped'], 0],
    [['passed', 'failed'], 1],
    [['failed', 'error'], 3],
    [[], 0],
  ])('labs %j → %i', (statuses, code) => expect(exitCodeFor({ labs: statuses.map((s) => lab(s, 0, 0)) })).toBe(code));
});

describe('not applicable checks count for neither points nor status', () => {
  const na = { status: 'skipped' as const, notApplicable: true };
  it.each<[Array<{ status: Status; notApplicable?: boolean }>, Status]>([
    [[{ status: 'passed' }, na], 'passed'],
    [[{ status: 'failed' }, na], 'failed'],
    [[na, na], 'skipped'],
    [[{ status: 'passed' }, { status: 'skipped' }], 'skipped'],
    [[], 'passed'],
  ])('%j → %s', (checks, status) => expect(labStatus(checks)).toBe(status));
});
