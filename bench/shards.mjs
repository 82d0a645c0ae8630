#!/usr/bin/env node
// Shards and merge, for `npm run bench` (or alone: node bench/shards.mjs, after npm run build):
//   1. the class of 12 (test/fixtures/class.json) graded unsharded, then as 2 shards one after the
//      other, then merged: the merged class.json and grades.csv must equal the unsharded ones; on N CI
//      runners the shards run side by side, so the class's wall time there is the slowest shard + merge;
//   2. `labcheck merge` of 300 students' reports in 3 shards, with and without the HTML pages
//      (target under 2 s).
import { $ } from 'zx';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildClass } from './class.mjs';

$.verbose = false;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/src/cli/main.cjs');
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
const stableClass = (dir) => {
  const c = JSON.parse(readFileSync(join(dir, 'class.json'), 'utf8'));
  return JSON.stringify({ students: c.students, checks: c.checks, summary: c.summary }) + readFileSync(join(dir, 'grades.csv'), 'utf8');
};

export async function benchShards() {
  const { dir } = buildClass();
  const work = mkdtempSync(join(tmpdir(), 'labcheck-bench-shards-'));
  try {
    const whole = await timed(() => $`node ${bin} grade ${dir} --out ${join(work, 'whole')} --force --no-html`.nothrow());
    const shard = [];
    for (const i of [1, 2]) shard.push(await timed(() => $`node ${bin} grade ${dir} --shard ${i}/2 --out ${join(work, `shard-${i}`)} --force --no-html`.nothrow()));
    const merge = await timed(() => $`node ${bin} merge ${join(work, 'shard-1')} ${join(work, 'shard-2')} --out ${join(work, 'merged')} --no-html`.nothrow());
    const same = stableClass(join(work, 'whole')) === stableClass(join(work, 'merged'));

    // 300 students: the class's reports under new ids, split as --shard 3 would split them.
    const { selectShard } = await import(pathToFileURL(join(root, 'dist/src/class/shard.js')).href);
    const { fileSafeId } = await import(pathToFileURL(join(root, 'dist/src/class/ids.js')).href);
    const source = readdirSync(join(work, 'whole', 'students')).map((f) => JSON.parse(readFileSync(join(work, 'whole', 'students', f), 'utf8')));
    const ids = Array.from({ length: 300 }, (_, i) => `student-${String(i + 1).padStart(3, '0')}`);
    const version = source[0].version;
    const shards = [1, 2, 3].map((index) => {
      const out = join(work, 'big', `shard-${index}`);
      const students = selectShard(ids, { index, total: 3 });
      mkdirSync(join(out, 'students'), { recursive: true });
      students.forEach((id, i) => {
        const report = { ...source[i % source.length], student: id, grading: { ...source[i % source.length].grading } };
        delete report.grading.reusedFrom;
        writeFileSync(join(out, 'students', `${fileSafeId(id)}.json`), JSON.stringify(report));
      });
      const manifest = JSON.parse(readFileSync(join(work, 'shard-1', 'shard.json'), 'utf8'));
      writeFileSync(join(out, 'shard.json'), JSON.stringify({ ...manifest, version, shard: { index, total: 3 }, classSize: 300, students }));
      return out;
    });
    const noHtml = [];
    const withHtml = [];
    for (let i = 0; i < 3; i++) {
      noHtml.push(await timed(() => $`node ${bin} merge ${shards} --out ${join(work, 'big', `merged-${i}`)} --no-html`.nothrow()));
      withHtml.push(await timed(() => $`node ${bin} merge ${shards} --out ${join(work, 'big', `merged-html-${i}`)}`.nothrow()));
    }

    console.log('');
    console.log('shards (class of 12)');
    console.log(`  unsharded grade            ${seconds(whole)}`);
    console.log(`  shard 1/2, shard 2/2       ${seconds(shard[0])}, ${seconds(shard[1])}  (one after the other here)`);
    console.log(`  merge                      ${seconds(merge)}`);
    console.log(`  on 2 CI runners            ${seconds(Math.max(...shard) + merge)}  (slowest shard + merge)`);
    console.log(`  merged equals unsharded    ${same ? 'yes' : 'NO'}`);
    console.log(`merge of 300 students in 3 shards: median ${seconds(median(noHtml))} --no-html, ${seconds(median(withHtml))} with pages (target under 2 s)`);
    return { whole, shard, merge, same, noHtml, withHtml };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchShards();
