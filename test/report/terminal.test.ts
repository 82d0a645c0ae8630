import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/engine/types.js';
import {
  TerminalReporter,
  fitWidth,
  formatCheck,
  formatSummary,
  isCI,
  useColor,
  type TerminalOptions,
} from '../../src/report/terminal.js';
import { check, lab as baseLab, report, t } from '../support/reports.js';

const ESC = '\u001b[';

const lab = (id: string, checks: CheckResult[]) => baseLab(id, checks, { section: id });

/** A stream that records what was written; a TTY when asked. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns: 30, write: (chunk: string) => chunks.push(chunk), text: () => chunks.join('') };
}

/** Drives a reporter through one lab with the given checks, as the runner would. */
function run(checks: CheckResult[], options: Omit<TerminalOptions, 'stream'> & { tty?: boolean } = {}) {
  const stream = fakeStream(options.tty ?? false);
  const reporter = new TerminalReporter({ env: {}, ...options, stream });
  const l = lab('build-image', checks);
  reporter.onRunStart({ mode: 'run', labs: [l.id], runId: 'r1' });
  reporter.onLabStart(l.id, l.title);
  reporter.onStep(l.id, '$ docker build -t kubia:latest .');
  reporter.onStep(l.id, 'Step 1/3 : FROM node:12');
  for (const c of checks) reporter.onCheckEnd(l.id, c);
  reporter.onLabEnd(l);
  reporter.onRunEnd(report([l]));
  return stream;
}

describe('formatCheck', () => {
  it.each([
    ['passed', '✔'],
    ['failed', '✘'],
    ['error', '!'],
    ['skipped', '-'],
  ] as const)('marks %s with %s', (status, mark) => {
    expect(formatCheck(check('c', status), 'en').startsWith(`  ${mark} c: c title (`)).toBe(true);
  });

  it('shows points and the message', () => {
    expect(formatCheck(check('image-listed', 'passed'), 'en')).toBe('  ✔ image-listed: image-listed title (1/1)\n    image-listed message\n');
  });

  it('says "not applicable" instead of points for a check the mode cannot judge', () => {
    const na = check('history-listed', 'skipped', { notApplicable: true, maxPoints: 0 });
    expect(formatCheck(na, 'en')).toBe('  - history-listed: history-listed title (not applicable)\n    history-listed message\n');
    expect(formatCheck(na, 'zh')).toContain('不适用');
  });

  it('puts the hint under a failure only', () => {
    expect(formatCheck(check('c', 'failed'), 'en')).toBe('  ✘ c: c title (0/1)\n    c message\n    hint: c hint\n');
    for (const status of ['passed', 'error', 'skipped'] as const) {
      expect(formatCheck(check('c', status), 'en')).not.toContain('hint');
    }
  });

  it('speaks zh', () => {
    expect(formatCheck(check('c', 'failed', { timedOut: true }), 'zh')).toBe(
      '  ✘ c: c 标题 (0/1)（超时）\n    c 消息\n    提示：c 提示\n',
    );
  });

  it('indents every line of a multi-line message and strips its ANSI codes', () => {
    const c = check('c', 'failed', { message: t('line 1\r\n\u001b[31mline 2\u001b[0m', '') });
    expect(formatCheck(c, 'en')).toContain('    line 1\n    line 2\n');
  });
});

describe('formatSummary', () => {
  const summary = { passed: 3, failed: 1, error: 0, skipped: 2, points: 7, maxPoints: 9 };
  it.each([
    ['en', '3 passed, 1 failed, 0 error, 2 skipped — points 7/9\n'],
    ['zh', '通过 3，失败 1，错误 0，跳过 2 — 得分 7/9\n'],
  ] as const)('%s', (lang, line) => {
    expect(formatSummary(summary, lang)).toBe(line);
  });
});

describe('colour', () => {
  it.each([
    [false, {}, false],
    [true, {}, true],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [false, { NO_COLOR: '1' }, false],
  ])('isTTY %s with %j → %s', (isTTY, env, expected) => {
    expect(useColor({ isTTY, write: () => true }, env)).toBe(expected);
  });

  it('is off when the stream is not a TTY', () => {
    expect(run([check('c', 'failed')]).text()).not.toContain(ESC);
  });

  it('is off on a TTY with NO_COLOR', () => {
    expect(run([check('c', 'failed')], { tty: true, env: { NO_COLOR: '1', CI: 'true' } }).text()).not.toContain(ESC);
  });

  it('is on with a TTY', () => {
    const out = run([check('c', 'failed')], { tty: true }).text();
    expect(out).toContain(`${ESC}31m✘${ESC}39m`);
  });
});

describe('TerminalReporter', () => {
  it('prints the run header, the lab header, steps, checks, the lab result and the summary', () => {
    const out = run([check('a'), check('b', 'failed')]).text();
    expect(out).toBe(
      [
        'labcheck run — 1 lab: build-image (run id r1)',
        '',
        'build-image — build-image lab',
        '    · [build-image] $ docker build -t kubia:latest .',
        '  ✔ a: a title (1/1)',
        '    a message',
        '  ✘ b: b title (0/1)',
        '    b message',
        '    hint: b hint',
        '  → failed — points 1/2',
        '',
        '1 passed, 1 failed, 0 error, 0 skipped — points 1/2',
        '',
      ].join('\n'),
    );
  });

  it('speaks zh', () => {
    const out = run([check('a'), check('b', 'failed')], { lang: 'zh' }).text();
    expect(out).toContain('labcheck run — 1 个实验：build-image（运行 ID r1）');
    expect(out).toContain('build-image — build-image 实验');
    expect(out).toContain('    提示：b 提示\n');
    expect(out).toContain('  → 失败 — 得分 1/2');
    expect(out).toContain('通过 1，失败 1，错误 0，跳过 0 — 得分 1/2');
  });

  it('shows steps as one transient line on a TTY outside CI, cleared before the next output', () => {
    const stream = run([check('a')], { tty: true, color: false });
    const step = stream.chunks.findIndex((c) => c.includes('docker build'));
    expect(stream.chunks[step]).toBe('    … $ docker build -t kubia…');
    expect(stream.chunks[step]).not.toContain('\n');
    expect(stream.chunks[step + 1]).toBe('\r\u001b[2K');
  });

  it('prints steps line by line on a TTY in CI', () => {
    const out = run([check('a')], { tty: true, color: false, env: { CI: 'true' } }).text();
    expect(out).toContain('    · [build-image] $ docker build -t kubia:latest .\n');
    // The command's own output stays quiet when not shown as a transient line.
    expect(out).not.toContain('Step 1/3');
    expect(out).not.toContain('\r');
  });

  it('prints at lab end the checks it was not told about, once', () => {
    const stream = fakeStream(false);
    const reporter = new TerminalReporter({ stream, env: {} });
    const l = lab('tag-image', [check('a'), check('b')]);
    reporter.onLabStart(l.id, l.title);
    reporter.onCheckEnd(l.id, l.checks[0]!);
    reporter.onLabEnd(l);
    expect(stream.text().match(/✔ a:/g)).toHaveLength(1);
    expect(stream.text().match(/✔ b:/g)).toHaveLength(1);
  });

  it('prints a lab it never saw start with its header', () => {
    const stream = fakeStream(false);
    new TerminalReporter({ stream, env: {} }).onLabEnd(lab('push-image', [check('a', 'skipped')]));
    expect(stream.text()).toBe('\npush-image — push-image lab\n  - a: a title (0/1)\n    a message\n  → skipped — points 0/1\n');
  });
});

describe('helpers', () => {
  it.each([
    [{}, false],
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '' }, false],
  ])('isCI(%j) = %s', (env, expected) => {
    expect(isCI(env)).toBe(expected);
  });

  it.each([
    ['short', 10, 'short'],
    ['0123456789abc', 10, '012345678…'],
    ['构建镜像失败了', 10, '构建镜像…'],
  ])('fitWidth(%j, %d) = %j', (line, cols, expected) => {
    expect(fitWidth(line, cols)).toBe(expected);
  });
});
