import { describe, expect, it } from 'vitest';
import { painter } from '../../src/report/terminal.js';
import { advance } from '../../src/watch/progress.js';
import { blockingCheck, finalLines, paintLine, screenLines, type View } from '../../src/watch/screen.js';
import { check, lab, report, t } from '../support/reports.js';

const plain = painter(false);
const color = painter(true);

const hello = (status: 'passed' | 'failed') =>
  lab('hello-world', [check('image-pulled'), check('ran-echo', status, { message: t('expected echo; saw sh', '期望 echo；实际为 sh'), hint: t('look at the command', '看看命令') })], {
    title: t('Run a hello-world container', '运行一个 hello-world 容器'),
    section: '运行一个hello-world容器',
  });
const redis = (status: 'passed' | 'failed') =>
  lab('other-images', [check('ready', status, { message: t('expected a redis container; saw none', '期望有 redis 容器；但没有'), hint: t('run redis:alpine', '运行 redis:alpine') })], {
    title: t('Run other images: redis', '运行其他的镜像：redis'),
    section: '运行其他的镜像',
  });

function viewOf(labs: Parameters<typeof report>[0], over: Partial<View> = {}): View {
  return { progress: advance(undefined, report(labs, { durationMs: 320 }), 0), lang: 'en', onlyOpen: false, workdir: '/home/s/kubia', engine: { up: true }, checkedAt: '12:04:31', ...over };
}

describe('screenLines', () => {
  it('one line per lab, the first not passed marked next with its check, hint and chapter section', () => {
    expect(screenLines(viewOf([hello('passed'), redis('failed')], { readme: (id) => `labs/${id}/README.md` }), plain, 100)).toEqual([
      'labcheck check --watch — /home/s/kubia',
      '',
      '  ✔ hello-world    2/2  Run a hello-world container',
      '› ✘ other-images   0/1  Run other images: redis',
      '',
      'next: other-images — Run other images: redis · chapter: 运行其他的镜像',
      '  ✘ ready: expected a redis container; saw none',
      '  hint: run redis:alpine',
      '  more: labs/other-images/README.md',
      '',
      '1 of 2 labs done — points 2/3 · checked 12:04:31 (0.3 s)',
      'r re-check · f not passed only · l 中文 · q quit',
    ]);
  });

  it('in Chinese, with the keys to switch back', () => {
    const lines = screenLines(viewOf([hello('failed'), redis('failed')], { lang: 'zh' }), plain, 100);
    expect(lines).toContain('› ✘ hello-world    1/2  运行一个 hello-world 容器');
    expect(lines).toContain('下一步：hello-world — 运行一个 hello-world 容器 · 章节：运行一个hello-world容器');
    expect(lines).toContain('  ✘ ran-echo：期望 echo；实际为 sh');
    expect(lines).toContain('  提示：看看命令');
    expect(lines).toContain('已完成 0/2 个实验 — 得分 1/3 · 检查于 12:04:31（0.3 秒）');
    expect(lines.at(-1)).toBe('r 重新检查 · f 只看未通过 · l English · q 退出');
  });

  it('f: only the labs not done, and a line saying so when none is left', () => {
    const open = screenLines(viewOf([hello('passed'), redis('failed')], { onlyOpen: true }), plain, 100);
    expect(open.filter((l) => l.includes('hello-world'))).toEqual([]);
    expect(open).toContain('› ✘ other-images   0/1  Run other images: redis');
    expect(open.at(-1)).toBe('r re-check · f show all · l 中文 · q quit');
    const none = screenLines(viewOf([hello('passed')], { onlyOpen: true }), plain, 100);
    expect(none).toContain('  every lab is done (f: show all)');
  });

  it('every lab done: the celebration with the points instead of a next lab', () => {
    const lines = screenLines(viewOf([hello('passed'), redis('passed')]), plain, 100);
    expect(lines).toContain('✔ All 2 labs passed — points 3/3. Still watching.');
    expect(lines.some((l) => l.startsWith('next:'))).toBe(false);
  });

  it('a lab done earlier whose state a later step undid: still done, with what it is now', () => {
    const first = advance(undefined, report([hello('passed'), redis('failed')]), 0);
    const progress = advance(first, report([hello('failed'), redis('failed')]), 1);
    const lines = screenLines({ ...viewOf([]), progress }, plain, 100);
    expect(lines).toContain('  ✔ hello-world    2/2  Run a hello-world container  (passed earlier; now ✘ 1/2)');
  });

  it('the engine gone: the last verdicts stay, the status line says so and when it tries again', () => {
    const lines = screenLines(viewOf([hello('passed')], { engine: { up: false, why: 'connect ECONNREFUSED /var/run/docker.sock', retryInMs: 2000, attempt: 4 } }), plain, 120);
    expect(lines).toContain('  ✔ hello-world   2/2  Run a hello-world container');
    expect(lines.at(-2)).toBe('! engine unreachable (connect ECONNREFUSED /var/run/docker.sock); reconnecting in 2.0 s (attempt 4)');
  });

  it('before the first check: the title, a word that it is checking, the keys', () => {
    expect(screenLines({ lang: 'en', onlyOpen: false, workdir: '/w', engine: { up: true } }, plain, 80)).toEqual([
      'labcheck check --watch — /w',
      '',
      "checking the engine's state…",
      'r re-check · f not passed only · l 中文 · q quit',
    ]);
  });

  it('every line fits the width (CJK counted double), so a redraw never wraps', () => {
    const lines = screenLines(viewOf([hello('failed'), redis('failed')], { lang: 'zh' }), plain, 30);
    const columns = (s: string) => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1), 0);
    for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(29);
    expect(lines[2]).toBe('› ✘ hello-world    1/2  运行…');
  });

  it('a short terminal keeps the status and the keys and drops from the end of the body', () => {
    const lines = screenLines(viewOf([hello('passed'), redis('failed')]), plain, 100, 6);
    expect(lines).toHaveLength(6);
    expect(lines.slice(2, 4)).toEqual(['  ✔ hello-world    2/2  Run a hello-world container', '› ✘ other-images   0/1  Run other images: redis']);
    expect(lines.at(-1)).toBe('r re-check · f not passed only · l 中文 · q quit');
  });

  it('student text cannot move the cursor: escape codes in a message are dropped', () => {
    const evil = lab('hello-world', [check('ran-echo', 'failed', { message: t('saw \u001b[2J\u001b[Hgotcha', '\u001b[2Jx') })]);
    const lines = screenLines(viewOf([evil]), plain, 100);
    expect(lines).toContain('  ✘ ran-echo: saw gotcha');
  });
});

describe('paintLine', () => {
  it('paints the pieces and cuts on the plain text, never inside a code', () => {
    const line = paintLine(['ab', ['green', 'cdef'], 'gh'], color, 7);
    expect(line).toBe('ab\u001b[32mcde\u001b[39m…');
  });

  it('leaves a line that fits as it is', () => {
    expect(paintLine(['ab', ['bold', 'cd']], color, 10)).toBe('ab\u001b[1mcd\u001b[22m');
  });
});

describe('blockingCheck', () => {
  it('the first failure or error before any skip', () => {
    const l = lab('x', [check('a', 'skipped'), check('b'), check('c', 'error'), check('d', 'failed')]);
    expect(blockingCheck(l)?.id).toBe('c');
  });

  it('a skip when nothing failed; never one not applicable', () => {
    const l = lab('x', [check('a', 'skipped', { notApplicable: true }), check('b', 'skipped')]);
    expect(blockingCheck(l)?.id).toBe('b');
  });
});

describe('finalLines', () => {
  it('every lab (also with f on) and the totals, as left on the terminal at exit', () => {
    expect(finalLines(viewOf([hello('passed'), redis('failed')], { onlyOpen: true }), plain)).toEqual([
      '✔ hello-world: passed — points 2/2',
      '✘ other-images: failed — points 0/1',
      '1 of 2 labs done — points 2/3',
    ]);
  });

  it('nothing before the first check', () => {
    expect(finalLines({ lang: 'en', onlyOpen: false, workdir: '/w', engine: { up: true } }, plain)).toEqual([]);
  });
});
