import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import type { Lang, RunReport } from '../../../src/engine/types.js';
import { appendJobSummary, markdownCell, toJobSummary, verdictLine } from '../../../src/report/github/summary.js';
import { toJsonReport } from '../../../src/report/json.js';
import { check, lab, report, t } from '../../support/reports.js';

const summary = (r: RunReport, lang: Lang): string => toJobSummary(toJsonReport(r, lang), lang);
const verdict = (r: RunReport, lang: Lang): string => verdictLine(toJsonReport(r, lang), lang);

// GitHub renders job summaries as GFM; micromark with its GFM extension is a spec-faithful stand-in.
const render = (md: string): string => micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });

const passedRun = report([
  lab('hello-world', [check('image-pulled'), check('ran-echo')], { title: t('Run a hello-world container', '运行一个 hello-world 容器') }),
  lab('dockerfile', [check('parses'), check('from-node-12', 'passed', { points: 2, maxPoints: 2 })], { title: t('Write a Dockerfile', '编写 Dockerfile') }),
]);

const failedRun = report([
  lab('hello-world', [check('image-pulled'), check('ran-echo')], { title: t('Run a hello-world container', '运行一个 hello-world 容器') }),
  lab(
    'dockerfile',
    [
      check('parses'),
      check('from-node-12', 'failed', {
        maxPoints: 2,
        title: t('builds FROM node:12', '基于 node:12 构建'),
        message: t('expected `FROM node:12`, saw `FROM node:14 | tee`\n100% sure: line 1, col 1', '期望 `FROM node:12`，看到 `FROM node:14 | tee`\n100% 确定：第 1 行，第 1 列'),
        hint: t('Which *base* image does <the chapter> use?', '本章使用哪个*基础*镜像？'),
        location: { file: 'Dockerfile', line: 1 },
      }),
    ],
    { title: t('Write a Dockerfile', '编写 Dockerfile') },
  ),
  lab('run-container', [check('answers-hostname', 'failed', { timedOut: true, title: t('answers with its hostname', '应答中包含主机名'), message: t('no answer on 127.0.0.1:1234 within 30000 ms', '30000 毫秒内 127.0.0.1:1234 没有应答'), hint: t('', '') })], {
    title: t('Run the image', '运行容器镜像'),
  }),
]);

const engineGone = t('cannot connect to the Docker engine at unix:///var/run/docker.sock: connect ENOENT', '无法连接 Docker 引擎 unix:///var/run/docker.sock：connect ENOENT');
const environmentRun = report([
  lab('hello-world', [check('image-pulled', 'error', { message: engineGone, hint: t('Start Docker.', '启动 Docker。') }), check('ran-echo', 'error', { message: engineGone, hint: t('Start Docker.', '启动 Docker。') })], {
    title: t('Run a hello-world container', '运行一个 hello-world 容器'),
  }),
  lab('build-image', [check('build-succeeds', 'error', { message: engineGone, hint: t('Start Docker.', '启动 Docker。') })], { title: t('Build the image', '构建容器镜像') }),
]);

describe('toJobSummary', () => {
  it('all passed (en)', () => {
    expect(summary(passedRun, 'en')).toBe(
      [
        '### ✅ All 4 checks passed — points 5/5',
        '',
        '| Lab | Result | Points |',
        '| --- | --- | ---: |',
        '| hello-world — Run a hello-world container | ✅ passed | 2/2 |',
        '| dockerfile — Write a Dockerfile | ✅ passed | 3/3 |',
        '| **Total** |  | **5/5** |',
        '',
        'labcheck 0.1.0, run',
        '',
      ].join('\n'),
    );
  });

  it('all passed (zh)', () => {
    expect(summary(passedRun, 'zh')).toBe(
      [
        '### ✅ 全部 4 项检查通过 — 得分 5/5',
        '',
        '| 实验 | 结果 | 得分 |',
        '| --- | --- | ---: |',
        '| hello-world — 运行一个 hello-world 容器 | ✅ 通过 | 2/2 |',
        '| dockerfile — 编写 Dockerfile | ✅ 通过 | 3/3 |',
        '| **总计** |  | **5/5** |',
        '',
        'labcheck 0.1.0，run',
        '',
      ].join('\n'),
    );
  });

  it('the student\'s work failed: marks, points, then each failed check with message and hint (en)', () => {
    expect(summary(failedRun, 'en')).toBe(
      [
        "### ❌ The student's work failed 2 of 5 checks — points 3/6",
        '',
        '| Lab | Result | Points |',
        '| --- | --- | ---: |',
        '| hello-world — Run a hello-world container | ✅ passed | 2/2 |',
        '| dockerfile — Write a Dockerfile | ❌ failed | 1/3 |',
        '| run-container — Run the image | ❌ failed | 0/1 |',
        '| **Total** |  | **3/6** |',
        '',
        '#### Failed checks',
        '',
        '| Check | What was wrong | Hint |',
        '| --- | --- | --- |',
        '| dockerfile › from-node-12 — builds FROM node:12<br>Dockerfile, line 1 | expected `FROM node:12`, saw `FROM node:14 \\| tee`<br>100% sure: line 1, col 1 | Which \\*base\\* image does &lt;the chapter&gt; use? |',
        '| run-container › answers-hostname — answers with its hostname | (timed out) no answer on 127.0.0.1:1234 within 30000 ms |  |',
        '',
        'labcheck 0.1.0, run',
        '',
      ].join('\n'),
    );
  });

  it('the student\'s work failed (zh), CJK kept', () => {
    expect(summary(failedRun, 'zh')).toBe(
      [
        '### ❌ 学生作业有 2/5 项检查未通过 — 得分 3/6',
        '',
        '| 实验 | 结果 | 得分 |',
        '| --- | --- | ---: |',
        '| hello-world — 运行一个 hello-world 容器 | ✅ 通过 | 2/2 |',
        '| dockerfile — 编写 Dockerfile | ❌ 未通过 | 1/3 |',
        '| run-container — 运行容器镜像 | ❌ 未通过 | 0/1 |',
        '| **总计** |  | **3/6** |',
        '',
        '#### 未通过的检查',
        '',
        '| 检查 | 问题 | 提示 |',
        '| --- | --- | --- |',
        '| dockerfile › from-node-12 — 基于 node:12 构建<br>Dockerfile 第 1 行 | 期望 `FROM node:12`，看到 `FROM node:14 \\| tee`<br>100% 确定：第 1 行，第 1 列 | 本章使用哪个\\*基础\\*镜像？ |',
        '| run-container › answers-hostname — 应答中包含主机名 | （超时）30000 毫秒内 127.0.0.1:1234 没有应答 |  |',
        '',
        'labcheck 0.1.0，run',
        '',
      ].join('\n'),
    );
  });

  it('the environment failed: says so first, one row per reason, no "failed checks" (en)', () => {
    expect(summary(environmentRun, 'en')).toBe(
      [
        "### ⚠️ The environment failed: labcheck could not judge 3 checks — not the student's work",
        '',
        '| Lab | Result | Points |',
        '| --- | --- | ---: |',
        '| hello-world — Run a hello-world container | ⚠️ not judged | 0/2 |',
        '| build-image — Build the image | ⚠️ not judged | 0/1 |',
        '| **Total** |  | **0/3** |',
        '',
        "#### ⚠️ Not judged: the environment or labcheck failed, not the student's work",
        '',
        '| Checks | What went wrong | Hint |',
        '| --- | --- | --- |',
        '| hello-world › image-pulled, hello-world › ran-echo, build-image › build-succeeds | cannot connect to the Docker engine at unix:///var/run/docker.sock: connect ENOENT | Start Docker. |',
        '',
        'labcheck 0.1.0, run',
        '',
      ].join('\n'),
    );
  });

  it('the environment failed (zh)', () => {
    expect(summary(environmentRun, 'zh')).toBe(
      [
        '### ⚠️ 环境出错：labcheck 无法评判 3 项检查，不是学生作业的问题',
        '',
        '| 实验 | 结果 | 得分 |',
        '| --- | --- | ---: |',
        '| hello-world — 运行一个 hello-world 容器 | ⚠️ 无法评判 | 0/2 |',
        '| build-image — 构建容器镜像 | ⚠️ 无法评判 | 0/1 |',
        '| **总计** |  | **0/3** |',
        '',
        '#### ⚠️ 无法评判：出错的是环境或 labcheck，不是学生作业的问题',
        '',
        '| 检查 | 出了什么问题 | 提示 |',
        '| --- | --- | --- |',
        '| hello-world › image-pulled, hello-world › ran-echo, build-image › build-succeeds | 无法连接 Docker 引擎 unix:///var/run/docker.sock：connect ENOENT | 启动 Docker。 |',
        '',
        'labcheck 0.1.0，run',
        '',
      ].join('\n'),
    );
  });

  it('cuts 10 KB of student output in a cell, with a note, in the reader\'s language', () => {
    const step = (i: number): string => `#${String(i).padStart(3, '0')} RUN npm ci ${'.'.repeat(34)}`;
    const steps = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => step(from + k));
    const log = steps(0, 199).join('\n');
    expect(log.length).toBe(10_199);
    const r = report([lab('build-image', [check('build-succeeds', 'failed', { message: t(`docker build failed:\n${log}`, `docker build 失败：\n${log}`), hint: t('Read the end of the log.', '看日志的结尾。') })])]);
    const cell = (lines: string[]): string => lines.join('<br>');
    expect(summary(r, 'en').split('\n')[11]).toBe(
      `| build-image › build-succeeds — build-succeeds title | ${cell(['docker build failed:', ...steps(0, 18), '… \\[truncated 6.0 KB of output\\] …', ...steps(140, 199)])} | Read the end of the log. |`,
    );
    expect(summary(r, 'zh').split('\n')[11]).toBe(
      `| build-image › build-succeeds — build-succeeds 标题 | ${cell(['docker build 失败：', ...steps(0, 18), '…［已截去 6.0 KB 的输出］…', ...steps(140, 199)])} | 看日志的结尾。 |`,
    );
  });

  it('renders as GFM tables whatever the student printed: one row per line, three cells, no markup of theirs', () => {
    const hostile = 'a | b || c\n<img src=x onerror=alert(1)> <script>x</script>\n[link](http://example.com) *em* _u_ ~~s~~ `a|b` ``x`y`` \\| done\r\nlast';
    const r = report([lab('node-app', [check('answers-hostname', 'failed', { message: t(hostile, hostile), hint: t('| not | a | table |', '| 不是 | 表格 |') })])]);
    const html = render(summary(r, 'en'));
    const failedTable = html.split('<table>')[2] ?? '';
    const rows = failedTable.split('<tr>').slice(1);
    expect(rows).toHaveLength(2);
    for (const tr of rows) expect(tr.match(/<t[dh]>/g)).toHaveLength(3);
    expect(html).not.toMatch(/<img|<script|<em>|<del>|>link<\/a>/);
    // A bare URL is linked as GitHub links any URL in text; a link with text of the student's choosing is not.
    expect(failedTable).toContain(
      '<td>a | b || c<br>&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;x&lt;/script&gt;<br>[link](<a href="http://example.com">http://example.com</a>) *em* _u_ ~~s~~ <code>a|b</code> <code>x`y</code> \\| done<br>last</td>',
    );
    expect(failedTable).toContain('<td>| not | a | table |</td>');
  });
});

describe('verdictLine', () => {
  it('says both when the environment failed and the student\'s work failed too', () => {
    const r = report([lab('dockerfile', [check('parses', 'failed')]), lab('build-image', [check('build-succeeds', 'error'), check('image-listed', 'error')])]);
    expect(verdict(r, 'en')).toBe("### ⚠️ The environment failed: labcheck could not judge 2 checks (not the student's work); the student's work failed 1 of 3 checks");
    expect(verdict(r, 'zh')).toBe('### ⚠️ 环境出错：labcheck 无法评判 2 项检查（不是学生作业的问题）；学生作业有 1/3 项检查未通过');
  });

  it('does not call a run with skips "all passed", and says when nothing was judged', () => {
    const someSkipped = report([lab('push-image', [check('pushed'), check('pull-same-id', 'skipped')])]);
    expect(verdict(someSkipped, 'en')).toBe('### ✅ Nothing failed: 1 passed, 1 skipped — points 1/2');
    expect(verdict(someSkipped, 'zh')).toBe('### ✅ 没有检查未通过：通过 1 项，跳过 1 项 — 得分 1/2');
    const noneJudged = report([lab('stop-remove', [check('removed', 'skipped'), check('image-deleted', 'skipped')])]);
    expect(verdict(noneJudged, 'en')).toBe('### ➖ No check was judged: all 2 were skipped');
    expect(verdict(noneJudged, 'zh')).toBe('### ➖ 没有评判任何检查：全部 2 项都已跳过');
  });

  it('leaves not-applicable checks out of the count', () => {
    const r = report([lab('image-layers', [check('history-listed', 'skipped', { notApplicable: true, maxPoints: 0 }), check('one-more-layer')])]);
    expect(verdict(r, 'en')).toBe('### ✅ All 1 check passed — points 1/1');
  });

  it('counts a lab that errored without checks (setup failed) as not judged', () => {
    const r = report([lab('labcheck', [], { status: 'error', points: 0, maxPoints: 0 })]);
    expect(verdict(r, 'en')).toBe("### ⚠️ The environment failed: labcheck could not judge 1 check — not the student's work");
  });
});

describe('markdownCell', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['line 1\nline 2\r\nline 3\rline 4', 'line 1<br>line 2<br>line 3<br>line 4'],
    ['  padded  \n\n', 'padded'],
    ['<b>&amp;</b>', '&lt;b&gt;&amp;amp;&lt;/b&gt;'],
    ['*a* _b_ ~c~ [d] \\e', '\\*a\\* \\_b\\_ \\~c\\~ \\[d\\] \\\\e'],
    ['run `docker ps | grep x` now', 'run `docker ps \\| grep x` now'],
    ['`<hostname>` stays code', '`<hostname>` stays code'],
    ['an unmatched ` tick', 'an unmatched \\` tick'],
    ['``code with ` inside``', '``code with ` inside``'],
    ['中文｜全角竖线不是表格分隔符', '中文｜全角竖线不是表格分隔符'],
  ])('%j → %j', (input, expected) => {
    expect(markdownCell(input)).toBe(expected);
  });
});

describe('appendJobSummary', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'labcheck-summary-'));

  it('creates the file and its folders', async () => {
    const file = join(dir(), 'a', 'b', 'summary.md');
    await appendJobSummary(file, '### one\n');
    expect(readFileSync(file, 'utf8')).toBe('### one\n');
  });

  it('appends, never overwrites, and starts a block of its own after what was there', async () => {
    const file = join(dir(), 'step_summary');
    writeFileSync(file, 'another tool wrote this');
    await appendJobSummary(file, '### one\n');
    await appendJobSummary(file, '### two\n');
    expect(readFileSync(file, 'utf8')).toBe('another tool wrote this\n\n### one\n\n### two\n');
  });
});
