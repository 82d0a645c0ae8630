import { describe, expect, it } from 'vitest';
import { painter } from '../../src/report/terminal.js';
import { changeLines } from '../../src/watch/lines.js';
import { advance } from '../../src/watch/progress.js';
import type { View } from '../../src/watch/screen.js';
import { check, lab, report, t } from '../support/reports.js';

const plain = painter(false);
const hello = (status: 'passed' | 'failed') =>
  lab('hello-world', [check('ran-echo', status, { message: t('expected echo; saw none', '期望 echo；没有'), hint: t('run it', '运行它') })], {
    title: t('Run a hello-world container', '运行一个 hello-world 容器'),
    section: '运行一个hello-world容器',
  });
const redis = (status: 'passed' | 'failed' | 'skipped') =>
  lab('other-images', [check('ready', status, { message: t('expected redis; saw none', '期望 redis；没有'), hint: t('run redis', '运行 redis') })], {
    title: t('Run other images', '运行其他的镜像'),
    section: '运行其他的镜像',
  });

const base: View = { lang: 'en', onlyOpen: false, workdir: '/w', engine: { up: true } };
const after = (previous: View | undefined, labs: Parameters<typeof report>[0], over: Partial<View> = {}): View => ({
  ...base,
  ...over,
  progress: advance(previous?.progress, report(labs), 0),
});

describe('changeLines (the line mode)', () => {
  it('the first check: every lab, then the next one with its section, check and hint', () => {
    const first = after(undefined, [hello('passed'), redis('failed')]);
    expect(changeLines(undefined, first, plain)).toEqual([
      '✔ hello-world: passed — points 1/1',
      '✘ other-images: failed — points 0/1',
      'next: other-images — Run other images · chapter: 运行其他的镜像 · ✘ ready: expected redis; saw none · hint: run redis',
    ]);
  });

  it('then only what changed, one line each; nothing when nothing changed', () => {
    const first = after(undefined, [hello('failed'), redis('failed')]);
    const same = after(first, [hello('failed'), redis('failed')]);
    expect(changeLines(first, same, plain)).toEqual([]);
    const second = after(same, [hello('passed'), redis('failed')]);
    expect(changeLines(same, second, plain)).toEqual([
      '✔ hello-world: passed — points 1/1',
      'next: other-images — Run other images · chapter: 运行其他的镜像 · ✘ ready: expected redis; saw none · hint: run redis',
    ]);
  });

  it('a lab done earlier that a later step undid: one line with what it is now; next stays', () => {
    const first = after(undefined, [hello('passed'), redis('failed')]);
    const second = after(first, [hello('failed'), redis('failed')]);
    expect(changeLines(first, second, plain)).toEqual(['✔ hello-world: passed — points 1/1 (passed earlier; now ✘ 0/1)']);
  });

  it('the engine going away and coming back: one line each, whatever the attempts between', () => {
    const first = after(undefined, [hello('passed')]);
    const down = { ...first, engine: { up: false as const, why: 'the event stream ended', retryInMs: 250, attempt: 1 } };
    const stillDown = { ...first, engine: { up: false as const, why: 'connect ENOENT', retryInMs: 500, attempt: 2 } };
    expect(changeLines(first, down, plain)).toEqual(['! engine unreachable (the event stream ended); reconnecting in 0.3 s (attempt 1)']);
    expect(changeLines(down, stillDown, plain)).toEqual([]);
    expect(changeLines(stillDown, first, plain)).toEqual(['engine reachable again: checking everything']);
  });

  it('in Chinese', () => {
    const first = after(undefined, [hello('failed')], { lang: 'zh' });
    expect(changeLines(undefined, first, plain)).toEqual([
      '✘ hello-world：失败 — 得分 0/1',
      '下一步：hello-world — 运行一个 hello-world 容器 · 章节：运行一个hello-world容器 · ✘ ran-echo：期望 echo；没有 · 提示：运行它',
    ]);
  });
});
