// The literal report fixtures (real `labcheck run`/`check` output, edited) and a generated class.
import { readFileSync } from 'node:fs';
import type { ClassReport, ClassStudent, StudentReport } from '../../../src/class/types.js';
import type { JsonReport } from '../../../src/report/json.js';

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as T;

export const passedRun = (): JsonReport => read('run-passed.en.json');
export const extraRun = (lang: 'en' | 'zh' = 'en'): StudentReport => read(`student-extra-run.${lang}.json`);
export const checkMode = (): JsonReport => read('check-mode.en.json');
export const smallClass = (): ClassReport => read('class-small.json');

/** A class of n students, the same every time: mostly passing, some labs failed, a few not graded. */
export function generatedClass(n: number): ClassReport {
  const base = smallClass();
  const labs = [...new Set(base.checks.map((c) => c.lab))];
  const students: ClassStudent[] = [];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) {
    const id = `s${String(2024000 + i * 37).padStart(7, '0')}`;
    if (i % 41 === 13) {
      students.push({ id, status: 'timed-out', points: 0, maxPoints: 52, labs: {} });
      continue;
    }
    const statuses: Record<string, 'passed' | 'failed' | 'skipped'> = {};
    let points = 52;
    for (const lab of labs) {
      const r = next();
      statuses[lab] = r < 0.12 ? 'failed' : r < 0.15 ? 'skipped' : 'passed';
      if (statuses[lab] !== 'passed') points -= 1 + Math.floor(next() * 3);
    }
    const failed = Object.values(statuses).includes('failed');
    students.push({ id, status: failed ? 'failed' : Object.values(statuses).includes('skipped') ? 'skipped' : 'passed', points, maxPoints: 52, labs: statuses });
  }
  const checks = base.checks.map((c) => {
    const judged = students.filter((s) => s.labs[c.lab]);
    const failed = judged.filter((s) => s.labs[c.lab] === 'failed').length;
    const skipped = judged.filter((s) => s.labs[c.lab] === 'skipped').length;
    return { lab: c.lab, check: c.check, passed: judged.length - failed - skipped, failed, error: 0, skipped };
  });
  const graded = students.filter((s) => s.status !== 'timed-out');
  return {
    ...base,
    students,
    checks,
    summary: {
      students: n,
      graded: graded.length,
      timedOut: n - graded.length,
      errors: 0,
      points: students.reduce((sum, s) => sum + s.points, 0),
      maxPoints: 52 * n,
    },
  };
}
