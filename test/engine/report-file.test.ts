import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReport, parseReport, saveReport, serializeReport } from '../../src/engine/report-file.js';
import { toJson } from '../../src/report/json.js';
import { check, lab, report, t } from '../support/reports.js';

const full = report(
  [
    lab('image-layers', [
      check('history-listed', 'skipped', { notApplicable: true, maxPoints: 0 }),
      check('history-above-base', 'failed', { location: { file: 'Dockerfile', line: 3 }, message: t('extra RUN', '多余的 RUN') }),
    ], {
      layers: {
        base: { ref: 'node:12', entries: 1, layers: 1, size: 90_000_000 },
        above: [{ createdBy: 'RUN echo x', instruction: 'RUN echo x', size: 2, makesLayer: true, expected: false }],
      },
    }),
    lab('push-image', [check('manifest-served', 'error', { environment: true }), check('pull-same-id', 'error', { bug: 'TypeError: x\n    at y' })]),
  ],
  { mode: 'run', runId: 'lc12345678', interrupted: true },
);

describe('saved runs', () => {
  it('read back exactly as written: both languages and every flag', async () => {
    expect(parseReport(serializeReport(full))).toEqual(full);
    const file = join(mkdtempSync(join(tmpdir(), 'labcheck-saved-')), 'a', 'run.json');
    await saveReport(full, file);
    expect(await loadReport(file)).toEqual(full);
  });

  it('refuse a --json report (one language, flags dropped), saying what it is', () => {
    expect(() => parseReport(toJson(full, 'en'), 'run.json')).toThrow('run.json is not a saved labcheck run (format labcheck-run/1); saw format null');
  });

  it.each([
    ['not JSON', '{', /is not JSON/],
    ['a check without both languages', serializeReport(report([lab('x', [check('c', 'passed', { message: { en: 'only en' } as never })])])), /check x\/c is malformed/],
    ['another tool', JSON.stringify({ format: 'labcheck-run/1', report: { tool: 'other' } }), /not a labcheck report/],
  ])('refuse %s', (_what, text, message) => {
    expect(() => parseReport(text)).toThrow(message);
  });
});
