import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, embedJson, hashSource, renderPage } from '../../../src/report/html/page.js';
import { PAGE_CSS } from '../../../src/report/html/style.js';
import { VIEWER_SCRIPT } from '../../../src/report/html/viewer.js';

const between = (html: string, open: string, close: string): string[] => {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = html.indexOf(open, at);
    if (start < 0) return out;
    const end = html.indexOf(close, start + open.length);
    out.push(html.slice(start + open.length, end));
    at = end + close.length;
  }
};

describe('embedJson', () => {
  it.each([
    ['</script><script>alert(1)</script>'],
    ['<!-- <script>'],
    ['a & b > c'],
    ['\u2028\u2029'],
  ])('keeps %j out of the markup and parses back to the same value', (text) => {
    const embedded = embedJson({ message: text });
    expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual({ message: text });
  });

  it('writes null for undefined', () => {
    expect(embedJson(undefined)).toBe('null');
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only the given script and style, by their sha256, and nothing else', () => {
    const policy = contentSecurityPolicy('boot()', 'p{}');
    const sha = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(policy).toBe(
      `default-src 'none'; script-src 'sha256-${sha('boot()')}'; style-src 'sha256-${sha('p{}')}'; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    expect(policy).not.toContain('unsafe');
  });

  it('hashes UTF-8 bytes, as the browser does', () => {
    expect(hashSource('通过')).toBe(`'sha256-${createHash('sha256').update(Buffer.from('通过', 'utf8')).digest('base64')}'`);
  });
});

describe('renderPage', () => {
  const html = renderPage('student', 'zh', { message: '</script><img src=x onerror=alert(1)>' }, { 'labcheck-links': ['a.html'] });

  it('carries its policy first in the head, hashing exactly the inline script and style it holds', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(policy).toBe(contentSecurityPolicy(VIEWER_SCRIPT, PAGE_CSS));
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(between(html, '<style>', '</style>')).toEqual([PAGE_CSS]);
    expect(between(html, '<script>', '</script>')).toEqual([VIEWER_SCRIPT]);
  });

  it('embeds the data and the extras as JSON elements that parse back', () => {
    const data = between(html, '<script type="application/json" id="labcheck-data">', '</script>');
    expect(data.map((d) => JSON.parse(d) as unknown)).toEqual([{ message: '</script><img src=x onerror=alert(1)>' }]);
    const links = between(html, '<script type="application/json" id="labcheck-links">', '</script>');
    expect(links.map((d) => JSON.parse(d) as unknown)).toEqual([['a.html']]);
    expect(html).not.toContain('<img');
  });

  it('names its language and page, and fetches nothing', () => {
    expect(html).toContain('<html lang="zh">');
    expect(html).toContain('<body data-page="student">');
    expect(html).toContain('<title>labcheck 报告</title>');
    const markup = html.replace(/<script[^>]*>[\s\S]*?<\/script>|<style>[\s\S]*?<\/style>/g, '');
    expect(markup).not.toContain('onerror');
    expect(markup).not.toMatch(/\b(src|href)\s*=/i);
  });
});

describe('VIEWER_SCRIPT', () => {
  it('cannot close its element and never writes markup', () => {
    expect(VIEWER_SCRIPT).not.toMatch(/<\/script|<!--/i);
    expect(VIEWER_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    expect(PAGE_CSS).not.toMatch(/<\/style|url\(|@import/i);
  });
});
