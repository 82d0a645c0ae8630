import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult, LabResult } from '../../src/engine/types.js';
import {
  buildJunit,
  cdataSafe,
  detailsOf,
  dropRootSkipped,
  secondsOf,
  writeJunit,
} from '../../src/report/junit.js';
import { check as baseCheck, lab as baseLab, report, t } from '../support/reports.js';
import { validateJunit } from '../support/net.js';


// JUnit shows durations in seconds: checks of 1.234 s in labs of 2.5 s.
const check = (id: string, status: CheckResult['status'] = 'passed', over: Partial<CheckResult> = {}) => baseCheck(id, status, { durationMs: 1234, ...over });
const lab = (id: string, checks: CheckResult[], over: Partial<LabResult> = {}) => baseLab(id, checks, { durationMs: 2500, ...over });

function tempFile(name: string, content?: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'labcheck-junit-')), name);
  if (content !== undefined) writeFileSync(file, content, 'utf8');
  return file;
}

/** Throws (so the test fails, never skips) when xmllint is missing or the XML does not validate. */
function validate(xml: string): string {
  const file = tempFile('junit.xml', xml);
  validateJunit(file);
  return file;
}

/** What an XML reader sees: the XPath string value, via xmllint (which adds a newline). */
function xpath(file: string, expr: string): string {
  return execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/\n$/, '');
}

const sample = report([
  lab('hello-world', [
    check('busybox-present'),
    check('printed-hello', 'failed', { timedOut: true }),
    check('exit-code', 'error', { message: t('engine gone', '引擎不见了') }),
  ]),
  lab('image-layers', [check('history', 'skipped', { message: t('build-image failed', 'build-image 失败') })]),
  lab('push-image', [], { status: 'error', points: 0, maxPoints: 0 }),
]);

describe('pure helpers', () => {
  it.each([
    [0, 0],
    [1234, 1.234],
    [0.4, 0],
    [0.6, 0.001],
    [-5, 0],
    [Number.NaN, 0],
    [60_000, 60],
  ])('secondsOf(%d) = %d', (ms, s) => {
    expect(secondsOf(ms)).toBe(s);
    expect(String(secondsOf(ms))).not.toMatch(/e/);
  });

  it.each([
    ['no marker', 'no marker'],
    ['a]]>b', 'a]]>b'],
    ['a]]>b]]>c]]>', 'a]]>b]]]]><![CDATA[>c]]]]><![CDATA[>'],
  ])('cdataSafe(%j) leaves the first ]]> to the library', (input, expected) => {
    expect(cdataSafe(input)).toBe(expected);
  });

  it('drops the skipped count from <testsuites> only', () => {
    const xml = '<testsuites name="labcheck" tests="2" skipped="1">\n  <testsuite name="x" tests="2" skipped="1">';
    expect(dropRootSkipped(xml)).toBe('<testsuites name="labcheck" tests="2">\n  <testsuite name="x" tests="2" skipped="1">');
  });

  it('puts the message, then the hint in the details', () => {
    expect(detailsOf(check('c', 'failed'), 'en')).toBe('c message\n\nhint: c hint');
    expect(detailsOf(check('c', 'failed', { timedOut: true }), 'zh')).toBe('(超时)\n\nc 消息\n\n提示：c 提示');
  });
});

describe('buildJunit', () => {
  const xml = buildJunit(sample, 'en');

  it('validates against junit-10.xsd', () => {
    validate(xml);
  });

  it('has one suite per lab, named by lab id, with counts', () => {
    const file = validate(xml);
    expect(xpath(file, 'count(/testsuites/testsuite)')).toBe('3');
    expect(xpath(file, 'string(/testsuites/@tests)')).toBe('5');
    expect(xml).toContain('<testsuite name="hello-world" time="2.5" tests="3" failures="1" errors="1" skipped="0">');
    expect(xml).toContain('<testsuite name="image-layers" time="2.5" tests="1" failures="0" errors="0" skipped="1">');
  });

  it('names test cases with classname labcheck.<lab> and <check>: <title>, time in seconds', () => {
    expect(xml).toContain('<testcase classname="labcheck.hello-world" name="busybox-present: busybox-present title" time="1.234">');
    expect(xml).toContain('<testcase classname="labcheck.image-layers" name="history: history title" time="1.234">');
  });

  it('gives a failure a short message and its message and hint in the body', () => {
    const file = validate(xml);
    const failure = '//testcase[@name="printed-hello: printed-hello title"]/failure';
    expect(xpath(file, `string(${failure}/@message)`)).toBe('printed-hello message');
    expect(xpath(file, `string(${failure}/@type)`)).toBe('timeout');
    expect(xpath(file, `string(${failure})`)).toBe('(timed out)\n\nprinted-hello message\n\nhint: printed-hello hint');
  });

  it('writes harness problems as <error> with a body, skips as <skipped> with the reason', () => {
    const file = validate(xml);
    expect(xpath(file, 'string(//testcase[@name="exit-code: exit-code title"]/error)')).toContain('engine gone');
    expect(xpath(file, 'count(//failure)')).toBe('1');
    expect(xpath(file, 'string(//testcase[@name="history: history title"]/skipped/@message)')).toBe('build-image failed');
    expect(xpath(file, 'string(//testcase[@name="history: history title"]/skipped)')).toBe('build-image failed');
  });

  it('writes a not-applicable check as <skipped> with its reason', () => {
    const na = report([lab('image-layers', [check('history-listed', 'skipped', { notApplicable: true, maxPoints: 0, message: t('no record of docker history', '无记录') })])]);
    const file = validate(buildJunit(na, 'en'));
    expect(xpath(file, 'string(//testcase[@name="history-listed: history-listed title"]/skipped/@message)')).toBe('no record of docker history');
  });

  it('puts points, maxPoints and status in the suite properties', () => {
    const file = validate(xml);
    const prop = (suite: string, name: string) =>
      xpath(file, `string(//testsuite[@name="${suite}"]/properties/property[@name="${name}"]/@value)`);
    expect([prop('hello-world', 'points'), prop('hello-world', 'maxPoints'), prop('hello-world', 'status')]).toEqual(['1', '3', 'error']);
    expect(prop('hello-world', 'title')).toBe('hello-world lab');
  });

  it('still shows a lab without checks as one failing test case', () => {
    const file = validate(xml);
    expect(xpath(file, 'count(//testsuite[@name="push-image"]/testcase/error)')).toBe('1');
    expect(xpath(file, 'string(//testsuite[@name="push-image"]/@errors)')).toBe('1');
  });

  it('uses the chosen language', () => {
    const zh = buildJunit(sample, 'zh');
    validate(zh);
    expect(zh).toContain('name="printed-hello: printed-hello 标题"');
    expect(zh).toContain('提示：printed-hello 提示');
  });

  it('validates for a run with no labs', () => {
    validate(buildJunit(report([]), 'en'));
  });

  it('uses a builder of its own per report', () => {
    buildJunit(sample, 'en');
    const other = buildJunit(report([lab('tag-image', [check('same-id')])]), 'en');
    expect(other).not.toContain('hello-world');
  });
});

describe('hostile output', () => {
  const hostile = `\u001b[31mERROR\u001b[0m nul\u0000 bel\u0007 ]]> <tag attr="v"> & 'q' "dq" ]]> 镜像构建失败 ]]>`;
  const huge = `${'npm WARN deprecated \u001b[33mpkg\u001b[39m\n'.repeat(300_000)}最后一行：构建失败`;
  const nasty = report([
    lab('build-image', [
      check('build-ok', 'failed', { message: t(hostile, hostile), hint: t('<&"\'> ]]>', '看看 Dockerfile ]]>') }),
      check('huge-log', 'failed', { message: t(huge, huge) }),
      check('error-case', 'error', { message: t(hostile, hostile) }),
      check('skip-case', 'skipped', { message: t(hostile, hostile) }),
      check('passed-case', 'passed', { message: t(hostile, hostile) }),
      check(`id-<&"'>`, 'passed', { title: t('\u001b[1m<&"\'>\u0000 ]]>', '标题 <&"\'>') }),
    ]),
  ]);

  it.each(['en', 'zh'] as const)('validates in %s and keeps the text an XML reader sees', (lang) => {
    const xml = buildJunit(nasty, lang);
    expect(xml.length).toBeLessThan(1024 * 1024);
    const file = validate(xml);
    const body = (name: string, el: string) => xpath(file, `string(//testcase[starts-with(@name, "${name}:")]/${el})`);
    const cleaned = `ERROR nul bel ]]> <tag attr="v"> & 'q' "dq" ]]> 镜像构建失败 ]]>`;
    expect(body('build-ok', 'failure')).toBe(`${cleaned}\n\n${lang === 'en' ? 'hint: <&"\'> ]]>' : '提示：看看 Dockerfile ]]>'}`);
    expect(body('build-ok', 'failure/@message')).toBe(cleaned);
    expect(body('error-case', 'error')).toBe(`${cleaned}\n\n${lang === 'en' ? 'hint: error-case hint' : '提示：error-case 提示'}`);
    expect(body('skip-case', 'skipped')).toBe(cleaned);
    expect(body('skip-case', 'skipped/@message')).toBe(cleaned);
    expect(body('passed-case', 'system-out')).toBe(cleaned);
    expect(xpath(file, 'string(//testcase[starts-with(@name, "id-")]/@name)')).toBe(
      lang === 'en' ? `id-<&"'>: <&"'> ]]>` : `id-<&"'>: 标题 <&"'>`,
    );
    const log = body('huge-log', 'failure');
    expect(log).toMatch(/… \[truncated \d+\.\d MB of output\] …/);
    expect(log.slice(-200)).toMatch(/最后一行：构建失败\n\n(hint: huge-log hint|提示：huge-log 提示)$/);
    expect(log.includes('\u001b')).toBe(false);
  });
});

describe('writeJunit', () => {
  it('creates parent directories and writes a valid report', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'labcheck-junit-')), 'reports', 'nested', 'junit.xml');
    await writeJunit(sample, 'zh', file);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toBe(buildJunit(sample, 'zh'));
    validate(xml);
  });
});
