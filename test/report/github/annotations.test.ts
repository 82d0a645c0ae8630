import { describe, expect, it } from 'vitest';
import type { Lang, RunReport } from '../../../src/engine/types.js';
import {
  escapeData,
  escapeProperty,
  isGitHubActions,
  resumeCommands,
  stopCommands,
  toAnnotations,
  workflowCommand,
} from '../../../src/report/github/annotations.js';
import { toJsonReport } from '../../../src/report/json.js';
import { check, lab, report, t } from '../../support/reports.js';

const annotate = (r: RunReport, lang: Lang, options = {}): string => toAnnotations(toJsonReport(r, lang), lang, options);

/**
 * How the runner reads a line back (actions/runner src/Runner.Common/ActionCommand.cs TryParseV2):
 * command info up to the second `::`, properties split on `,` then the first `=`, each unescaped.
 */
function parseCommand(line: string): { name: string; props: Record<string, string>; data: string } {
  const end = line.indexOf('::', 2);
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  const props: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      props[pair.slice(0, eq)] = pair
        .slice(eq + 1)
        .replaceAll('%0D', '\r')
        .replaceAll('%0A', '\n')
        .replaceAll('%3A', ':')
        .replaceAll('%2C', ',')
        .replaceAll('%25', '%');
    }
  }
  const data = line
    .slice(end + 2)
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%25', '%');
  return { name, props, data };
}

describe('escaping (actions/toolkit command.ts)', () => {
  it('escapes % first, then CR and LF, in data', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeData('literal %0A stays')).toBe('literal %250A stays');
  });

  it('also escapes : and , in properties', () => {
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(escapeProperty('镜像：node:12，标签')).toBe('镜像：node%3A12，标签');
  });

  it('writes ::name props::message, leaving empty properties out', () => {
    expect(workflowCommand('error', {}, 'm')).toBe('::error::m');
    expect(workflowCommand('error', { file: '', line: undefined, title: 'T' }, 'm')).toBe('::error title=T::m');
    expect(workflowCommand('error', { file: 'Dockerfile', line: 3, title: 'a, b: c' }, 'x\ny')).toBe(
      '::error file=Dockerfile,line=3,title=a%2C b%3A c::x%0Ay',
    );
  });

  it('round-trips through the runner\'s own parsing', () => {
    const title = 'Failed: a, b: 50% — 未通过：c\r\n';
    const message = 'line 1: 100%\nline 2, with %0A and :: inside\r\n中文：完成';
    const line = workflowCommand('error', { file: 'dir,x/Docker:file', line: 7, title }, message);
    expect(line).not.toMatch(/[\r\n]/);
    expect(parseCommand(line)).toEqual({ name: 'error', props: { file: 'dir,x/Docker:file', line: '7', title }, data: message });
  });

  it('stops and resumes commands around untrusted output (GitHub docs: stop-commands)', () => {
    expect(stopCommands('lc3fa9c1d2-tok')).toBe('::stop-commands::lc3fa9c1d2-tok');
    expect(resumeCommands('lc3fa9c1d2-tok')).toBe('::lc3fa9c1d2-tok::');
  });
});

const dockerfileFailed = report([
  lab('dockerfile', [
    check('parses'),
    check('from-node-12', 'failed', {
      title: t('builds FROM node:12', '基于 node:12 构建'),
      message: t('expected FROM node:12, saw FROM node:14\nline 1: FROM node:14 # 100% sure', '期望 FROM node:12，看到 FROM node:14\n第 1 行：FROM node:14 # 100% 确定'),
      hint: t('Which base image does the chapter use?', '本章使用哪个基础镜像？'),
      location: { file: 'Dockerfile', line: 1 },
    }),
  ]),
  lab('node-app', [
    check('answers-hostname', 'failed', {
      title: t('answers with its hostname', '应答中包含主机名'),
      message: t('expected "this is <hostname>", saw: Hello, world', '期望 "this is <主机名>"，看到：Hello, world'),
      hint: t('', ''),
    }),
  ]),
]);

describe('toAnnotations', () => {
  it('puts a failed check on its file and line, message and hint in the data (en)', () => {
    expect(annotate(dockerfileFailed, 'en')).toBe(
      '::error file=Dockerfile,line=1,title=Failed%3A dockerfile › from-node-12 — builds FROM node%3A12::expected FROM node:12, saw FROM node:14%0Aline 1: FROM node:14 # 100%25 sure%0A%0AHint: Which base image does the chapter use?\n' +
        '::error title=Failed%3A node-app › answers-hostname — answers with its hostname::expected "this is <hostname>", saw: Hello, world\n',
    );
  });

  it('writes the same in Chinese, CJK kept (zh)', () => {
    expect(annotate(dockerfileFailed, 'zh')).toBe(
      '::error file=Dockerfile,line=1,title=未通过：dockerfile › from-node-12 — 基于 node%3A12 构建::期望 FROM node:12，看到 FROM node:14%0A第 1 行：FROM node:14 # 100%25 确定%0A%0A提示：本章使用哪个基础镜像？\n' +
        '::error title=未通过：node-app › answers-hostname — 应答中包含主机名::期望 "this is <主机名>"，看到：Hello, world\n',
    );
  });

  it('names a file without a line when the check knows only the file, under --workdir\'s folder', () => {
    const r = report([lab('node-app', [check('app-exists', 'failed', { message: t('no app.js', '没有 app.js'), hint: t('', ''), location: { file: 'app.js' } })])]);
    expect(annotate(r, 'en', { fileBase: 'students/ana/' })).toBe(
      '::error file=students/ana/app.js,title=Failed%3A node-app › app-exists — app-exists title::no app.js\n',
    );
  });

  it('says a check timed out', () => {
    const r = report([lab('run-container', [check('answers-hostname', 'failed', { timedOut: true, message: t('no answer within 30000 ms', '30000 毫秒内没有应答'), hint: t('', '') })])]);
    expect(annotate(r, 'en')).toBe('::error title=Failed%3A run-container › answers-hostname — answers-hostname title::(timed out) no answer within 30000 ms\n');
    expect(annotate(r, 'zh')).toBe('::error title=未通过：run-container › answers-hostname — answers-hostname 标题::（超时）30000 毫秒内没有应答\n');
  });

  it('reads an error as "could not judge", one annotation per reason, never as the student\'s failure', () => {
    const gone = t('cannot connect to the Docker engine at unix:///var/run/docker.sock: connect ENOENT', '无法连接 Docker 引擎 unix:///var/run/docker.sock：connect ENOENT');
    const r = report([
      lab('hello-world', [check('image-pulled', 'error', { message: gone }), check('ran-echo', 'error', { message: gone })]),
      lab('build-image', [check('build-succeeds', 'error', { message: gone })]),
      lab('push-image', [check('pushed', 'error', { message: t('registry 127.0.0.1:5000 does not answer', '镜像仓库 127.0.0.1:5000 无响应') })]),
    ]);
    expect(annotate(r, 'en')).toBe(
      '::error title=labcheck could not judge 3 checks::cannot connect to the Docker engine at unix:///var/run/docker.sock: connect ENOENT%0A%0AThis is no verdict on the student\'s work: the environment (such as the Docker engine) or labcheck itself failed.%0A%0AChecks: hello-world › image-pulled, hello-world › ran-echo, build-image › build-succeeds\n' +
        '::error title=labcheck could not judge push-image › pushed::registry 127.0.0.1:5000 does not answer%0A%0AThis is no verdict on the student\'s work: the environment (such as the Docker engine) or labcheck itself failed.\n',
    );
    expect(annotate(r, 'zh')).toBe(
      '::error title=labcheck 无法评判 3 项检查::无法连接 Docker 引擎 unix:///var/run/docker.sock：connect ENOENT%0A%0A这不是对学生作业的评判：出错的是环境（例如 Docker 引擎）或 labcheck 本身。%0A%0A检查：hello-world › image-pulled, hello-world › ran-echo, build-image › build-succeeds\n' +
        '::error title=labcheck 无法评判 push-image › pushed::镜像仓库 127.0.0.1:5000 无响应%0A%0A这不是对学生作业的评判：出错的是环境（例如 Docker 引擎）或 labcheck 本身。\n',
    );
  });

  it('puts what could not be judged before the failures', () => {
    const r = report([
      lab('dockerfile', [check('parses', 'failed', { message: t('no Dockerfile', '没有 Dockerfile'), hint: t('', '') })]),
      lab('build-image', [check('build-succeeds', 'error', { message: t('engine gone', '引擎不见了') })]),
    ]);
    expect(annotate(r, 'en')).toBe(
      "::error title=labcheck could not judge build-image › build-succeeds::engine gone%0A%0AThis is no verdict on the student's work: the environment (such as the Docker engine) or labcheck itself failed.\n" +
        '::error title=Failed%3A dockerfile › parses — parses title::no Dockerfile\n',
    );
  });

  it('prints nothing for passed, skipped and not-applicable checks', () => {
    const r = report([lab('image-layers', [check('history-listed'), check('history-above-base', 'skipped'), check('one-more-layer', 'skipped', { notApplicable: true, maxPoints: 0 })])]);
    expect(annotate(r, 'en')).toBe('');
  });

  it('gives a lab that failed without any check result a line of its own', () => {
    const r = report([lab('build-image', [], { status: 'failed' })]);
    expect(annotate(r, 'en')).toBe('::error title=Failed%3A build-image › build-image — build-image lab::The lab produced no check results: it could not start.\n');
  });

  it('keeps to GitHub\'s 10 annotations per step, the last one saying how many more', () => {
    const many = report([lab('stop-remove', Array.from({ length: 13 }, (_, i) => check(`c${i + 1}`, 'failed', { message: t(`m${i + 1}`, `消息${i + 1}`), hint: t('', '') })))]);
    const lines = annotate(many, 'en').trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[8]).toBe('::error title=Failed%3A stop-remove › c9 — c9 title::m9');
    expect(lines[9]).toBe('::error title=4 more checks failed or could not be judged::GitHub shows 10 annotations per step: see the job summary for all of them.');
    expect(annotate(many, 'zh').trimEnd().split('\n')[9]).toBe('::error title=另有 4 项检查未通过或无法评判::GitHub 每个步骤只显示 10 条注解：全部结果见作业摘要（job summary）。');
  });

  it('cuts 10 KB of student output to its head and tail with a note, in the reader\'s language', () => {
    const step = (i: number): string => `step ${String(i).padStart(3, '0')}: ${'x'.repeat(40)}`;
    const steps = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => step(from + k));
    const log = steps(0, 199).join('\n');
    expect(log.length).toBe(10_199);
    const r = report([lab('build-image', [check('build-succeeds', 'failed', { message: t(`docker build failed:\n${log}`, `docker build 失败：\n${log}`), hint: t('', '') })])]);
    // Kept: the first quarter of 4096 characters and the last three quarters, each snapped to whole lines.
    const en = ['docker build failed:', ...steps(0, 18), '… [truncated 6.0 KB of output] …', ...steps(140, 199)].join('\n');
    const zh = ['docker build 失败：', ...steps(0, 18), '…［已截去 6.0 KB 的输出］…', ...steps(140, 199)].join('\n');
    expect(annotate(r, 'en')).toBe(`::error title=Failed%3A build-image › build-succeeds — build-succeeds title::${en.replaceAll('\n', '%0A')}\n`);
    expect(annotate(r, 'zh')).toBe(`::error title=未通过：build-image › build-succeeds — build-succeeds 标题::${zh.replaceAll('\n', '%0A')}\n`);
  });

  it('knows when it runs inside GitHub Actions', () => {
    expect(isGitHubActions({ GITHUB_ACTIONS: 'true' })).toBe(true);
    expect(isGitHubActions({ CI: 'true' })).toBe(false);
  });
});
