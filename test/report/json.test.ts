import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JsonReporter, toJson, toJsonReport, writeJson } from '../../src/report/json.js';
import { check, lab, report, t } from '../support/reports.js';

const sample = report([
  lab('hello-world', [check('busybox-present'), check('printed-hello', 'failed')]),
  lab('build-image', [check('image-listed', 'error')]),
  lab('image-layers', [check('history', 'skipped')]),
]);

describe('toJson', () => {
  it('has the contract keys in the contract order', () => {
    const json = JSON.parse(toJson(sample, 'en')) as Record<string, unknown> & { labs: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['tool', 'version', 'mode', 'workdir', 'startedAt', 'durationMs', 'labs', 'summary']);
    expect(Object.keys(json.labs[0]!)).toEqual([
      'id', 'title', 'section', 'status', 'durationMs', 'points', 'maxPoints', 'checks',
    ]);
    expect(Object.keys((json.labs[0]!.checks as Record<string, unknown>[])[0]!)).toEqual([
      'id', 'title', 'status', 'message', 'hint', 'timedOut', 'points', 'maxPoints', 'durationMs',
    ]);
    expect(Object.keys(json.summary as object)).toEqual(['passed', 'failed', 'error', 'skipped', 'points', 'maxPoints']);
  });

  it('keeps the order of labs and checks', () => {
    const json = toJsonReport(sample, 'en');
    expect(json.labs.map((l) => l.id)).toEqual(['hello-world', 'build-image', 'image-layers']);
    expect(json.labs[0]!.checks.map((c) => c.id)).toEqual(['busybox-present', 'printed-hello']);
  });

  it('writes every text as a plain string in the chosen language', () => {
    expect(toJsonReport(sample, 'en').labs[0]).toMatchObject({
      title: 'hello-world lab',
      checks: [{}, { title: 'printed-hello title', message: 'printed-hello message', hint: 'printed-hello hint' }],
    });
    expect(toJsonReport(sample, 'zh').labs[0]).toMatchObject({
      title: 'hello-world 实验',
      section: 'hello-world 节',
      checks: [{}, { title: 'printed-hello 标题', message: 'printed-hello 消息', hint: 'printed-hello 提示' }],
    });
  });

  it('keeps statuses, points and the summary', () => {
    const json = toJsonReport(sample, 'en');
    expect(json.labs.map((l) => [l.status, l.points, l.maxPoints])).toEqual([
      ['failed', 1, 2],
      ['error', 0, 1],
      ['skipped', 0, 1],
    ]);
    expect(json.summary).toEqual({ passed: 1, failed: 1, error: 1, skipped: 1, points: 1, maxPoints: 4 });
    expect(json).toMatchObject({ tool: 'labcheck', version: '0.1.0', mode: 'run', workdir: '/w', durationMs: 100 });
  });

  it('marks a not-applicable check, and only such a check, with "notApplicable": true', () => {
    const na = report([lab('image-layers', [check('history-listed', 'skipped', { notApplicable: true, maxPoints: 0 }), check('history-above-base')])]);
    const json = toJsonReport(na, 'en');
    expect(json.labs[0]!.checks.map((c) => c.notApplicable)).toEqual([true, undefined]);
    expect(json.labs[0]).toMatchObject({ status: 'passed', points: 1, maxPoints: 1 });
  });

  it('strips ANSI codes and control characters from messages', () => {
    const dirty = report([lab('x', [check('c', 'failed', { message: t('\u001b[31mno\u0000pe\u001b[0m', '不\u0007对') })])]);
    expect(toJsonReport(dirty, 'en').labs[0]!.checks[0]!.message).toBe('nope');
    expect(toJsonReport(dirty, 'zh').labs[0]!.checks[0]!.message).toBe('不对');
  });
});

describe('writeJson', () => {
  it('writes a file, creating its directory', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'labcheck-json-')), 'a', 'b', 'report.json');
    await writeJson(sample, 'zh', file);
    expect(readFileSync(file, 'utf8')).toBe(toJson(sample, 'zh'));
  });

  it('writes to stdout for -', async () => {
    let out = '';
    const stdout = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString('utf8');
        done();
      },
    });
    await new JsonReporter({ lang: 'en', file: '-', stdout }).onRunEnd(sample);
    expect(out).toBe(toJson(sample, 'en'));
  });
});
