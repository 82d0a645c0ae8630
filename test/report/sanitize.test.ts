import { describe, expect, it } from 'vitest';
import { cleanText, dropInvalidChars, firstLine, formatBytes, truncateMiddle } from '../../src/report/sanitize.js';

describe('cleanText', () => {
  it.each([
    ['strips ANSI colours', '\u001b[31mred\u001b[39m and \u001b[1;32mbold green\u001b[0m', 'red and bold green'],
    ['strips OSC hyperlinks', '\u001b]8;;https://x.y\u0007link\u001b]8;;\u0007', 'link'],
    ['drops NUL and BEL', 'a\u0000b\u0007c', 'abc'],
    ['drops other C0 controls', 'a\u0001\u0008\u000b\u000c\u000e\u001fb', 'ab'],
    ['keeps tab and newline', 'a\tb\nc', 'a\tb\nc'],
    ['normalises CRLF', 'a\r\nb\r\n', 'a\nb\n'],
    ['turns a lone CR into a newline', 'a\rb', 'a\nb'],
    ['drops a lone high surrogate', 'a\ud83db', 'ab'],
    ['drops a lone low surrogate', 'a\ude00b', 'ab'],
    ['keeps a surrogate pair', 'a😀b', 'a😀b'],
    ['drops U+FFFE and U+FFFF', 'a\ufffe\uffffb', 'ab'],
    ['keeps CJK text', '运行一个hello-world容器：镜像已存在', '运行一个hello-world容器：镜像已存在'],
    ['keeps XML specials for the XML layer', '<a href="x">&\'</a> ]]>', '<a href="x">&\'</a> ]]>'],
  ])('%s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('leaves text under the limit alone', () => {
    expect(cleanText('x'.repeat(100), 100)).toBe('x'.repeat(100));
  });

  it('keeps a short head and a longer tail around a note with the dropped size', () => {
    const input = `${'h'.repeat(1000)}${'m'.repeat(10_000)}${'t'.repeat(1000)}`;
    const out = cleanText(input, 400);
    expect(out.startsWith('h'.repeat(100))).toBe(true);
    expect(out.endsWith('t'.repeat(300))).toBe(true);
    expect(out).toContain('… [truncated 11.3 KB of output] …');
    expect(out).not.toContain('hm');
  });

  it('truncates 10 MB of output to the limit and keeps its last lines', () => {
    const line = 'Step 3/7 : RUN npm install \u001b[32mok\u001b[0m\n';
    const input = `${line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))}npm ERR! the real error\n`;
    const out = cleanText(input);
    expect(out.length).toBeLessThan(64 * 1024 + 100);
    // Sizes count what is dropped after stripping ANSI codes.
    expect(/… \[truncated (\d+\.\d) MB of output\] …/.exec(out)?.[1]).toMatch(/^7\.\d$/);
    expect(out.slice(-100).endsWith('npm ERR! the real error\n')).toBe(true);
    expect(out.includes('\u001b')).toBe(false);
  });

  it('never splits a surrogate pair when truncating', () => {
    const out = truncateMiddle('😀'.repeat(100), 51);
    expect(dropInvalidChars(out)).toBe(out);
  });

  it('cuts at line boundaries when one is near', () => {
    const input = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const lines = truncateMiddle(input, 200).split('\n');
    expect(lines.every((l) => /^line \d+$/.test(l) || l.startsWith('… [truncated'))).toBe(true);
    expect(lines.at(-1)).toBe('line 99');
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [2048, '2.0 KB'],
    [10 * 1024 * 1024, '10.0 MB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('firstLine', () => {
  it.each([
    ['\n\n  \u001b[31mfirst\u001b[0m  \nsecond', 'first'],
    ['', ''],
    ['镜像不存在\n详细信息', '镜像不存在'],
  ])('%j → %j', (input, expected) => {
    expect(firstLine(input)).toBe(expected);
  });

  it('cuts a long line with an ellipsis', () => {
    expect(firstLine('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
