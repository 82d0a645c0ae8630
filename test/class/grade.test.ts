import { describe, expect, it } from 'vitest';
import { classExitCode, inChapterOrder, studentReport } from '../../src/class/grade.js';
import { finishedLine, liveLine, summaryText } from '../../src/class/progress.js';
import type { StudentReport } from '../../src/class/types.js';
import { defineLab } from '../../src/engine/define.js';
import { check, lab, report, t } from '../support/reports.js';

const labs = ['hello-world', 'node-app', 'build-image'].map((id) => defineLab({ id, section: id, title: t(id, id), dependsOn: [], solve: async () => undefined, checks: [] }));

describe('a student report from a run and the class\'s shared labs', () => {
  it('puts the labs back in chapter order and sums them', () => {
    expect(inChapterOrder(labs, [lab('hello-world', [check('a')])], [lab('build-image', [check('c', 'failed')]), lab('node-app', [check('b')])]).map((l) => l.id)).toEqual(['hello-world', 'node-app', 'build-image']);
    const run = report([lab('build-image', [check('c', 'failed')]), lab('node-app', [check('b')])], { workdir: '/tmp/copy' });
    const s = studentReport('zoë', '/class/zoë', run, [lab('hello-world', [check('a')])], { status: 'graded', contentHash: 'sha256:x' }, labs, 'zh');
    expect(s).toMatchObject({ student: 'zoë', workdir: '/class/zoë', grading: { status: 'graded' }, summary: { passed: 2, failed: 1, points: 2, maxPoints: 3 } });
    expect(s.labs.map((l) => [l.id, l.title])).toEqual([['hello-world', 'hello-world 实验'], ['node-app', 'node-app 实验'], ['build-image', 'build-image 实验']]);
  });
});

const student = (status: StudentReport['grading']['status'], labStatus: 'passed' | 'failed' | 'error' = 'passed'): StudentReport =>
  ({ ...report([lab('x', [check('c', labStatus)])]), labs: status === 'graded' ? [{ id: 'x', status: labStatus } as never] : [], student: 's', grading: { status, contentHash: '' } }) as StudentReport;

describe('classExitCode', () => {
  it.each([
    [{ reports: [student('graded')] }, 0],
    [{ reports: [student('graded'), student('graded', 'failed')] }, 1],
    [{ reports: [student('graded'), student('timed-out')] }, 1],
    [{ reports: [student('unreadable')] }, 1],
    [{ reports: [student('graded'), student('error')] }, 3],
    [{ reports: [student('graded')], environmentFailure: true }, 3],
    [{ reports: [student('graded', 'failed')], bugs: 1 }, 4],
    [{ reports: [student('graded')], interrupted: true, bugs: 1 }, 130],
  ])('%j → %i', (facts, code) => {
    expect(classExitCode({ interrupted: false, environmentFailure: false, bugs: 0, ...facts })).toBe(code);
  });
});

describe('progress lines', () => {
  it('says one finished student in a line', () => {
    expect(finishedLine({ id: 'bob', status: 'failed', points: 49, maxPoints: 52, durationMs: 15_800, detail: 'image-layers failed' }, 'en')).toBe('✘ "bob"  49/52 15.8 s  image-layers failed');
    expect(finishedLine({ id: 'a b', status: 'passed', points: 52, maxPoints: 52, durationMs: 0, detail: '', reusedFrom: '=x' }, 'en')).toBe('✔ "a b"  52/52 (same files as "=x", its result reused)');
    expect(finishedLine({ id: 'eve', status: 'unreadable', points: 0, maxPoints: 0, durationMs: 0, detail: 'a link out' }, 'zh')).toBe('? "eve"  a link out');
  });

  it('draws the live line with running students, time-outs and the time left', () => {
    expect(liveLine({ done: 5, total: 12, running: ['ann', 'bob'], timedOut: 1, etaMs: 80_000 }, 'en')).toBe('graded 5/12 · running 2: "ann", "bob" · timed out 1 · about 1 min 20 s left');
    expect(liveLine({ done: 0, total: 3, running: [], timedOut: 0 }, 'zh')).toBe('已评分 0/3');
  });

  it('ends with counts, the slowest and who did not pass', () => {
    const text = summaryText({ students: 3, graded: 2, reused: 1, kept: 0, durationMs: 61_000, finished: [
      { id: 'a', status: 'passed', points: 2, maxPoints: 2, durationMs: 20_000, detail: '' },
      { id: 'b', status: 'timed-out', points: 0, maxPoints: 2, durationMs: 30_000, detail: 'grading did not finish within 30.0 s' },
      { id: 'c', status: 'passed', points: 2, maxPoints: 2, durationMs: 0, detail: '', reusedFrom: 'a' },
    ] }, 'en');
    expect(text).toBe([
      '3 students in 1 min 1 s: 2 distinct submissions graded, 1 reused for identical files, 0 kept from an earlier run',
      '2 passed, 0 failed, 1 timed out, 0 unreadable, 0 error',
      'slowest: "b" 30.0 s, "a" 20.0 s',
      'not passed:',
      '  ⏱ "b"  0/2 30.0 s  grading did not finish within 30.0 s',
    ].join('\n'));
  });
});
