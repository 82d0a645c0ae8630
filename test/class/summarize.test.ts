import { describe, expect, it } from 'vitest';
import { buildClassReport, classLabs, mergeOrder, mostFailed, studentStatus } from '../../src/class/summarize.js';
import { hello, jsonLab, sampleClass, student } from '../support/students.js';

describe('buildClassReport', () => {
  it('writes class.json: students in id order, per-check counts, totals', () => {
    expect(buildClassReport(sampleClass, { version: '0.1.0', startedAt: '2024-01-01T00:00:00.000Z', durationMs: 5000 })).toEqual({
      tool: 'labcheck',
      version: '0.1.0',
      startedAt: '2024-01-01T00:00:00.000Z',
      durationMs: 5000,
      students: [
        { id: '=cmd', status: 'timed-out', points: 2, maxPoints: 4, labs: { 'hello-world': 'passed' } },
        { id: 'Bob', status: 'failed', points: 1, maxPoints: 4, labs: { 'hello-world': 'failed', 'build-image': 'skipped' } },
        { id: 'alice', status: 'passed', points: 4, maxPoints: 4, labs: { 'hello-world': 'passed', 'build-image': 'passed' } },
        { id: 'eve', status: 'error', points: 0, maxPoints: 4, labs: {} },
        { id: '张三', status: 'unreadable', points: 0, maxPoints: 4, labs: {} },
      ],
      checks: [
        { lab: 'hello-world', check: 'printed-hello', passed: 3, failed: 0, error: 0, skipped: 0 },
        { lab: 'hello-world', check: 'exit-code', passed: 2, failed: 1, error: 0, skipped: 0 },
        { lab: 'build-image', check: 'image-built', passed: 1, failed: 0, error: 0, skipped: 1 },
      ],
      summary: { students: 5, graded: 2, timedOut: 1, errors: 1, points: 7, maxPoints: 20 },
    });
  });

  it('does not depend on the order the reports come in', () => {
    const run = { version: '0.1.0', startedAt: 'x', durationMs: 0 };
    expect(buildClassReport([...sampleClass].reverse(), run)).toEqual(buildClassReport(sampleClass, run));
  });

  it('refuses two reports of one student', () => {
    expect(() => buildClassReport([student('a', []), student('a', [])], { version: '0', startedAt: '', durationMs: 0 })).toThrow('two reports for student "a"');
  });

  it('counts an empty class as nothing', () => {
    expect(buildClassReport([], { version: '0', startedAt: '', durationMs: 0 }).summary).toEqual({ students: 0, graded: 0, timedOut: 0, errors: 0, points: 0, maxPoints: 0 });
  });
});

describe('studentStatus', () => {
  it.each([
    [student('a', [hello(), jsonLab('x', [['c', 'error']])]), 'error'],
    [student('a', [hello(), jsonLab('x', [['c', 'skipped']])]), 'skipped'],
    [student('a', [hello('failed'), jsonLab('x', [['c', 'skipped']])]), 'failed'],
    [student('a', [hello()]), 'passed'],
    [student('a', []), 'error'],
    [student('a', [hello()], { status: 'timed-out' }), 'timed-out'],
  ] as const)('%#: %s', (report, status) => {
    expect(studentStatus(report)).toBe(status);
  });
});

describe('orders', () => {
  it('keeps chapter order when reports hold different subsets of the labs', () => {
    expect(mergeOrder([['a', 'c'], ['a', 'b', 'c', 'e'], ['d', 'e'], []])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(classLabs([student('x', [hello()]), student('y', [jsonLab('other-images', []), jsonLab('build-image', [])]), student('z', [hello(), jsonLab('other-images', [])])])).toEqual([
      'hello-world',
      'other-images',
      'build-image',
    ]);
  });

  it('names the checks most students failed, most first', () => {
    const rate = (check: string, failed: number) => ({ lab: 'l', check, passed: 0, failed, error: 0, skipped: 0 });
    expect(mostFailed([rate('a', 1), rate('b', 0), rate('c', 3), rate('d', 1)], 2).map((r) => r.check)).toEqual(['c', 'a']);
    expect(mostFailed([rate('a', 0)])).toEqual([]);
  });
});
