import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedbackOf, gradesCsv, parseCsvFormat, toCsv } from '../../src/class/csv.js';
import { isUsageError } from '../../src/engine/errors.js';
import { hello, jsonLab, sampleClass, student } from '../support/students.js';

const expected = (name: string) => readFileSync(join(import.meta.dirname, 'expected', name), 'utf8');

// The sample class and a student whose id needs every kind of care: a formula trigger, a comma, quotes, a line break.
const odd = student('-rf, "x"\nnext', [hello('failed'), jsonLab('build-image', [['image-built', 'failed', 0, 2, { timedOut: true }]])]);
const klass = [...sampleClass, odd];

describe('grades.csv', () => {
  it('plain: header, one row per student in id order, lab statuses and the reason', () => {
    expect(gradesCsv(klass, { format: 'plain' })).toBe(expected('grades-plain.csv'));
  });

  it('canvas: the student columns, a Points Possible row, the id as SIS Login ID; no row for a student labcheck could not judge', () => {
    expect(gradesCsv(klass, { format: 'canvas', assignment: 'Lab 2 (1234)' })).toBe(expected('grades-canvas.csv'));
  });

  it('moodle: Username, points and the failed checks as one line of feedback', () => {
    expect(gradesCsv(klass, { format: 'moodle', assignment: 'Lab 2' })).toBe(expected('grades-moodle.csv'));
  });

  it('canvas: Canvas user ids (from a Canvas zip) go in the ID column, which Canvas matches first', () => {
    const fromZip = [student('12345', [hello()]), student('anon_Q7w', [hello('failed')])];
    expect(gradesCsv(fromZip, { format: 'canvas', canvasIdColumn: 'ID' })).toBe(
      'Student,ID,SIS User ID,SIS Login ID,Section,labcheck\r\nPoints Possible,,,,,2\r\n12345,12345,,,,2\r\nanon_Q7w,anon_Q7w,,,,1\r\n',
    );
  });

  it('does not depend on the order of the reports', () => {
    for (const format of ['plain', 'canvas', 'moodle'] as const) {
      expect(gradesCsv([...klass].reverse(), { format })).toBe(gradesCsv(klass, { format }));
    }
  });

  it('names the column labcheck by default', () => {
    expect(gradesCsv([], { format: 'moodle' })).toBe('Username,labcheck,labcheck feedback\r\n');
    expect(gradesCsv([], { format: 'canvas' })).toBe('Student,ID,SIS User ID,SIS Login ID,Section,labcheck\r\nPoints Possible,,,,,0\r\n');
    expect(gradesCsv([], { format: 'plain' })).toBe('student,status,points,maxPoints,percent,reason\r\n');
  });

  it('refuses an empty assignment name and an unknown format', () => {
    expect(() => gradesCsv([], { format: 'canvas', assignment: ' \n' })).toThrow('--assignment needs a name for the gradebook column; saw an empty one');
    expect(parseCsvFormat('moodle')).toBe('moodle');
    let error: unknown;
    try {
      parseCsvFormat('excel');
    } catch (e) {
      error = e;
    }
    expect(isUsageError(error) && error.message).toBe('--csv-format expects one of plain, canvas, moodle; saw "excel"');
  });
});

describe('toCsv', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 10', "'+86 10"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['张三', '张三'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('%j is written %j', (cell, written) => {
    expect(toCsv([[cell]])).toBe(`${written}\r\n`);
  });

  it('writes numbers as numbers', () => {
    expect(toCsv([[0, 4, 12.5]])).toBe('0,4,12.5\r\n');
  });
});

describe('feedbackOf', () => {
  it('in Chinese', () => {
    expect(feedbackOf(odd, 4, 'zh')).toBe('得分 1/4。 未通过：hello-world/exit-code, build-image/image-built (timed out)。');
    expect(feedbackOf(sampleClass[0] as (typeof sampleClass)[number], 4, 'zh')).toBe('得分 4/4。 所有检查均通过。');
  });

  it('never counts a not-applicable check as skipped work', () => {
    const report = student('n', [jsonLab('image-layers', [['history-listed', 'skipped', 0, 0, { notApplicable: true }], ['one-more-layer', 'passed']])]);
    expect(feedbackOf(report, 1, 'en')).toBe('1/1 points. Every check passed.');
  });

  it('keeps a multi-line reason on one line', () => {
    const report = student('t', [], { status: 'unreadable', reason: 'two\r\nlines.' });
    expect(feedbackOf(report, 3, 'en')).toBe('Not graded: two lines. 0/3 points.');
  });
});
