#!/usr/bin/env node
// The class case of `npm run bench` (also runnable alone: node bench/class.mjs [--baseline-bin FILE]).
// In one run, on the class of 12 in test/fixtures/class.json (6 hand in the chapter's files, the rest
// variants: other wording, a broken Dockerfile, a crash, a hang, an extra layer):
//   A = `labcheck grade CLASS --force`;  B = a shell loop of `labcheck run --workdir <each> --port 0`.
// Prints both times, submissions per minute, B/A (target ≥ 3), and whether every student got the same
// verdicts both ways.
import { $ } from 'zx';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

$.verbose = false;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/src/cli/main.cjs');

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** The class folder of test/fixtures/class.json: one folder per student id. */
export function buildClass() {
  const { students } = JSON.parse(readFileSync(join(root, 'test/fixtures/class.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'labcheck-bench-class-'));
  for (const [id, name] of Object.entries(students)) {
    cpSync(name === 'chapter' ? join(root, 'fixtures') : join(root, 'test/fixtures/submissions', name), join(dir, id), { recursive: true });
  }
  return { dir, ids: Object.keys(students) };
}

const verdicts = (report) => report.labs.flatMap((l) => l.checks.map((c) => `${l.id}/${c.id} ${c.status} ${c.points}`)).join('\n');

export async function benchClass() {
  const { dir, ids } = buildClass();
  const out = mkdtempSync(join(tmpdir(), 'labcheck-bench-out-'));
  try {
    const grade = await timed(() => $`node ${bin} grade ${dir} --out ${join(out, 'grade')} --force --no-html`.nothrow());
    const loopOut = join(out, 'loop');
    const loop = await timed(async () => {
      // What a teacher writes today: one `labcheck run` per folder, one after another.
      for (const [i, id] of ids.entries()) await $`node ${bin} run --workdir ${join(dir, id)} --port 0 --no-junit --json ${join(loopOut, `${i}.json`)}`.nothrow();
    });
    const graded = Object.fromEntries(
      readdirSync(join(out, 'grade', 'students'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(out, 'grade', 'students', f), 'utf8')))
        .map((r) => [r.student, r]),
    );
    const differ = ids.filter((id, i) => verdicts(graded[id]) !== verdicts(JSON.parse(readFileSync(join(loopOut, `${i}.json`), 'utf8'))));
    const perMinute = (ms) => ((ids.length * 60_000) / ms).toFixed(1);
    console.log('');
    console.log(`class of ${ids.length} (test/fixtures/class.json)`);
    console.log(`  A labcheck grade           ${seconds(grade).padEnd(10)} ${perMinute(grade)} submissions/min`);
    console.log(`  B loop of labcheck run     ${seconds(loop).padEnd(10)} ${perMinute(loop)} submissions/min`);
    console.log(`  B/A (throughput ratio)     ${(loop / grade).toFixed(2)}  (target ≥ 3)`);
    console.log(`  same verdicts for every student: ${differ.length === 0 ? 'yes' : `NO: ${differ.join(', ')}`}`);
    return { grade, loop, differ };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchClass();
