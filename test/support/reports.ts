// Literal results for the reporter tests: one builder, each test file overriding what it asserts on.
import { labPoints, labStatus, summarize } from '../../src/engine/score.js';
import type { CheckResult, LabResult, RunReport, Text } from '../../src/engine/types.js';

export const t = (en: string, zh: string): Text => ({ en, zh });

export function check(id: string, status: CheckResult['status'] = 'passed', over: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    title: t(`${id} title`, `${id} 标题`),
    status,
    message: t(`${id} message`, `${id} 消息`),
    hint: t(`${id} hint`, `${id} 提示`),
    timedOut: false,
    points: status === 'passed' ? 1 : 0,
    maxPoints: 1,
    durationMs: 5,
    ...over,
  };
}

/** A lab whose status and points follow from its checks, as the runner makes them. */
export function lab(id: string, checks: CheckResult[], over: Partial<LabResult> = {}): LabResult {
  const status = labStatus(checks);
  return { id, title: t(`${id} lab`, `${id} 实验`), section: `${id} 节`, status, durationMs: 50, ...labPoints(checks), checks, ...over };
}

export function report(labs: LabResult[], over: Partial<RunReport> = {}): RunReport {
  return {
    tool: 'labcheck',
    version: '0.1.0',
    mode: 'run',
    workdir: '/w',
    startedAt: '2024-01-01T00:00:00.000Z',
    durationMs: 100,
    labs,
    summary: summarize(labs),
    ...over,
  };
}
