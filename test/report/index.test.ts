import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RunReport } from '../../src/engine/types.js';
import {
  JsonReporter,
  JunitReporter,
  TerminalReporter,
  buildJunit,
  createReporter,
  reporters,
  toJson,
  type ReporterName,
} from '../../src/report/index.js';

const empty: RunReport = {
  tool: 'labcheck',
  version: '0.1.0',
  mode: 'check',
  workdir: '/w',
  startedAt: '2024-01-01T00:00:00.000Z',
  durationMs: 0,
  labs: [],
  summary: { passed: 0, failed: 0, error: 0, skipped: 0, points: 0, maxPoints: 0 },
};

describe('reporters registry', () => {
  it('names the built-in reporters', () => {
    expectTypeOf<ReporterName>().toEqualTypeOf<'terminal' | 'json' | 'junit' | 'github' | 'summary' | 'html' | 'gradescope'>();
    expect(Object.keys(reporters)).toEqual(['terminal', 'json', 'junit', 'github', 'summary', 'html', 'gradescope']);
  });

  it.each([
    ['terminal', { stream: { write: () => true }, env: {} }, TerminalReporter],
    ['json', { lang: 'en', file: '-' }, JsonReporter],
    ['junit', { lang: 'en', file: 'x.xml' }, JunitReporter],
  ] as const)('creates %s', async (name, options, cls) => {
    expect(await createReporter(name, options as never)).toBeInstanceOf(cls);
  });

  it('writes the file reporters on run end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labcheck-reporters-'));
    await (await createReporter('junit', { lang: 'zh', file: join(dir, 'r', 'junit.xml') })).onRunEnd?.(empty);
    await (await createReporter('json', { lang: 'zh', file: join(dir, 'r', 'report.json') })).onRunEnd?.(empty);
    expect(readFileSync(join(dir, 'r', 'junit.xml'), 'utf8')).toBe(buildJunit(empty, 'zh'));
    expect(readFileSync(join(dir, 'r', 'report.json'), 'utf8')).toBe(toJson(empty, 'zh'));
  });
});
