import { describe, expect, it } from 'vitest';
import { cutText, forPage } from '../../../src/report/html/cut.js';

describe('cutText', () => {
  it('leaves a text within the limit as it is', () => {
    expect(cutText('short', 5, 'en')).toBe('short');
  });

  it('keeps a quarter of the limit from the start and the rest from the end, around a note', () => {
    const text = `${'a'.repeat(1000)}${'b'.repeat(1000)}`;
    const cut = cutText(text, 400, 'en');
    expect(cut).toBe(`${'a'.repeat(100)}\n… [1.6 KB not shown] …\n${'b'.repeat(300)}`);
  });

  it('writes its note in the page language', () => {
    expect(cutText('x'.repeat(5000), 100, 'zh')).toContain('…［省略了 4.8 KB］…');
  });

  it('never splits a surrogate pair', () => {
    const cut = cutText('😀'.repeat(100), 11, 'en');
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(cut.startsWith('😀')).toBe(true);
  });
});

describe('forPage', () => {
  it('cuts every string in a report, drops ANSI codes and control characters, keeps the rest', () => {
    const report = {
      labs: [{ id: 'a', points: 2, checks: [{ message: `\u001b[31mred\u001b[39m\u0000\u0007 done\r\nnext\t✔ 通过`, notApplicable: true }] }],
      summary: { points: 2 },
      student: 'x'.repeat(50),
    };
    expect(forPage(report, 'en', 40)).toEqual({
      labs: [{ id: 'a', points: 2, checks: [{ message: 'red done\nnext\t✔ 通过', notApplicable: true }] }],
      summary: { points: 2 },
      student: `${'x'.repeat(10)}\n… [10 B not shown] …\n${'x'.repeat(30)}`,
    });
  });

  it('cuts a 10 MB message to a page-sized one', () => {
    const out = forPage({ message: 'y'.repeat(10 * 1024 * 1024) }, 'en');
    expect(out.message.length).toBeLessThan(20_100);
    expect(out.message).toContain('… [10.0 MB not shown] …');
  });
});
