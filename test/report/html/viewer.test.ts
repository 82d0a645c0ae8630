import { describe, expect, it } from 'vitest';
import type { LayerFacts } from '../../../src/engine/types.js';
import { checkRates, countChecks, formatSize, knownStatus, layerPicture, pageLabels, statusSymbol } from '../../../src/report/html/viewer.js';
import type { JsonLab } from '../../../src/report/json.js';

const base = { ref: 'node:12', entries: 1, layers: 1, size: 106312895 };
const entrypoint = { createdBy: 'ENTRYPOINT ["node" "app.js"]', instruction: 'ENTRYPOINT ["node", "app.js"]', size: 0, makesLayer: false, expected: true };
const add = { createdBy: 'ADD app.js /app.js # buildkit', instruction: 'ADD app.js /app.js', size: 617, makesLayer: true, expected: true };
const run = { createdBy: '/bin/sh -c echo extra > /extra.txt', instruction: 'RUN echo extra > /extra.txt', size: 6, makesLayer: true, expected: false };

describe('layerPicture', () => {
  it('draws the chapter image as the two expected entries above one base block', () => {
    const picture = layerPicture({ base, above: [entrypoint, add] });
    expect(picture.base).toEqual(base);
    expect(picture.rows.map((r) => [r.instruction, r.makesLayer, r.cause])).toEqual([
      ['ENTRYPOINT ["node", "app.js"]', false, false],
      ['ADD app.js /app.js', true, false],
    ]);
    expect([picture.entriesAbove, picture.layersAbove]).toEqual([2, 1]);
  });

  it('marks an extra RUN as the cause and counts its layer', () => {
    const picture = layerPicture({ base, above: [entrypoint, run, add] });
    expect(picture.rows.filter((r) => r.cause).map((r) => r.instruction)).toEqual(['RUN echo extra > /extra.txt']);
    expect([picture.entriesAbove, picture.layersAbove]).toEqual([3, 2]);
  });

  it('reads a missing ENTRYPOINT as one entry fewer, with nothing marked as the cause', () => {
    const picture = layerPicture({ base, above: [add] });
    expect([picture.entriesAbove, picture.wantEntries, picture.rows.some((r) => r.cause)]).toEqual([1, 2, false]);
  });

  it('survives facts read back from a damaged file', () => {
    const picture = layerPicture({ base, above: 'nope' } as unknown as LayerFacts);
    expect(picture.rows).toEqual([]);
  });
});

describe('countChecks', () => {
  const lab = (statuses: Array<[string, boolean?]>): JsonLab =>
    ({ checks: statuses.map(([status, na]) => ({ status, ...(na ? { notApplicable: true } : {}) })) }) as unknown as JsonLab;

  it('counts failed and error together for the failed filter, and the not applicable among the skipped', () => {
    expect(countChecks([lab([['passed'], ['failed'], ['error']]), lab([['skipped', true], ['skipped'], ['bogus']])])).toEqual({
      all: 6, passed: 1, failed: 3, error: 2, skipped: 2, notApplicable: 1,
    });
  });
});

describe('checkRates', () => {
  it('sorts by pass rate, worst first; then more failures first; then chapter order', () => {
    const rates = checkRates([
      { lab: 'a', check: 'all-pass', passed: 4, failed: 0, error: 0, skipped: 0 },
      { lab: 'b', check: 'skipped-one', passed: 3, failed: 0, error: 0, skipped: 1 },
      { lab: 'c', check: 'failed-one', passed: 3, failed: 1, error: 0, skipped: 0 },
      { lab: 'd', check: 'none-judged', passed: 0, failed: 0, error: 0, skipped: 0 },
      { lab: 'e', check: 'half', passed: 2, failed: 1, error: 1, skipped: 0 },
    ]);
    expect(rates.map((r) => [r.check, r.rate])).toEqual([
      ['half', 0.5],
      ['failed-one', 0.75],
      ['skipped-one', 0.75],
      ['all-pass', 1],
      ['none-judged', null],
    ]);
  });
});

describe('small helpers', () => {
  it.each([
    [0, '0 B'],
    [617, '617 B'],
    [1000, '1.0 kB'],
    [106312895, '106.3 MB'],
    [2.5e9, '2.5 GB'],
    [Number.NaN, '0 B'],
  ])('formatSize(%d) = %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('gives every status its own symbol, so colour is never the only sign', () => {
    const keys = ['passed', 'failed', 'error', 'skipped', 'na', 'timed-out', 'unreadable', 'none'];
    expect(new Set(keys.map(statusSymbol)).size).toBe(keys.length);
  });

  it('reads an unknown status as error, never as a class name of its own', () => {
    expect(['passed', 'failed', 'skipped', 'error', 'x onerror=1', undefined].map(knownStatus)).toEqual(['passed', 'failed', 'skipped', 'error', 'error', 'error']);
  });

  it('has every label in both languages', () => {
    const en = pageLabels('en');
    const zh = pageLabels('zh');
    expect(Object.keys(zh)).toEqual(Object.keys(en));
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      if (typeof en[key] === 'string' && key !== 'version' && key !== 'percent') expect(zh[key], key).not.toBe(en[key]);
    }
  });
});
