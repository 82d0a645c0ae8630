import { describe, expect, it } from 'vitest';
import { pathToHref } from '../../../src/report/html/href.js';

describe('pathToHref', () => {
  it.each([
    ['students/ana.html', 'students/ana.html'],
    ['students/a%2Fb.html', 'students/a%252Fb.html'],
    ['students/张伟.html', 'students/%E5%BC%A0%E4%BC%9F.html'],
    ['students/a#1?.html', 'students/a%231%3F.html'],
    ['javascript:alert(1)', 'javascript%3Aalert(1)'],
    ['//evil.example/x.html', './/evil.example/x.html'],
    ['/etc/passwd', './etc/passwd'],
    ['../other/x.html', '../other/x.html'],
  ])('%s → %s', (path, href) => {
    expect(pathToHref(path)).toBe(href);
  });

  it('gives a URL that stays a file next to the page', () => {
    for (const path of ['javascript:alert(1)', '//evil.example/x.html', 'data:text/html,<b>', 'students/ana.html']) {
      expect(new URL(pathToHref(path), 'file:///class/class.html').protocol).toBe('file:');
    }
  });
});
