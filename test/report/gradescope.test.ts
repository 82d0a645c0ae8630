import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradescopeJson, outputOf, toGradescope, writeGradescope } from '../../src/report/gradescope.js';
import type { JsonReport } from '../../src/report/json.js';
import { jsonCheck, jsonLab } from '../support/students.js';

// One run with every kind of verdict: a pass, a timed-out failure, labcheck's own error, a skip, a
// not-applicable check, a lab that could not start, and output that is not markup.
const report: JsonReport = {
  tool: 'labcheck',
  version: '0.1.0',
  mode: 'run',
  runId: 'lc1a2b3c4d',
  workdir: '/autograder/submission',
  startedAt: '2024-01-01T00:00:00.000Z',
  durationMs: 83_600,
  labs: [
    jsonLab('hello-world', [
      ['printed-hello', 'passed', 1, 1, { title: 'printed exactly Hello World', message: 'the container printed "Hello World"' }],
      ['exit-code', 'failed', 0, 1, { title: 'exited 0', message: 'expected exit code 0, saw none: still running after 30 s', hint: 'Does the command end?', timedOut: true }],
    ]),
    jsonLab('build-image', [['image-built', 'error', 0, 2, { title: 'kubia:latest builds', message: 'the Docker engine stopped answering', hint: 'Build it again.' }]]),
    jsonLab('image-layers', [
      ['history-listed', 'skipped', 0, 0, { notApplicable: true, message: 'no engine records docker history' }],
      ['history-above-base', 'skipped', 0, 2, { title: 'two entries above the base', message: 'build-image did not pass', hint: 'Fix build-image first.' }],
    ]),
    jsonLab('node-app', [['app-answers', 'failed', 0, 1, { title: 'answers <200>', message: '<script>alert("x")</script> & ]]>', hint: '' }]]),
    jsonLab('push-image', [], { status: 'error', title: 'Push the image' }),
  ],
  summary: { passed: 1, failed: 2, error: 1, skipped: 2, points: 1, maxPoints: 7 },
};

describe('toGradescope', () => {
  it('writes results.json as Gradescope reads it', () => {
    expect(gradescopeJson(report, { lang: 'en' })).toBe(readFileSync(join(import.meta.dirname, 'expected', 'gradescope-results.json'), 'utf8'));
  });

  it('sums to the report: score and max scores add up to its points', () => {
    const results = toGradescope(report, { lang: 'en' });
    expect(results.score).toBe(report.summary.points);
    expect(results.tests.reduce((s, t) => s + t.score, 0)).toBe(report.summary.points);
    expect(results.tests.reduce((s, t) => s + t.max_score, 0)).toBe(report.summary.maxPoints);
  });

  it('passes visibility to every test and speaks Chinese when asked', () => {
    const results = toGradescope(report, { lang: 'zh', visibility: 'after_published' });
    expect(new Set(results.tests.map((t) => t.visibility))).toEqual(new Set(['after_published']));
    expect(results.visibility).toBe('after_published');
    expect(results.output.split('\n')[0]).toBe('labcheck 0.1.0：1 通过，2 失败，1 错误，2 跳过 — 得分 1/7');
    expect(outputOf(report.labs[0]!.checks[1]!, 'zh')).toBe('（超时）\n\nexpected exit code 0, saw none: still running after 30 s\n\n提示：Does the command end?');
  });

  it('creates the results folder', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'labcheck-gs-')), 'results', 'results.json');
    await writeGradescope(report, { lang: 'en' }, file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(toGradescope(report, { lang: 'en' }));
  });

  it('strips what a terminal or XML would choke on from student output', () => {
    const noisy = jsonCheck(['c', 'failed', 0, 1, { message: '\u001b[31mred\u001b[0m\u0000 done', hint: '' }]);
    expect(outputOf(noisy, 'en')).toBe('red done');
  });
});
