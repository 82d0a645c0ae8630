#!/usr/bin/env node
// npm run bench: labcheck's cost against the bare chapter commands, side by side in one run.
//   A = labcheck run (all labs, fixtures: steps + checks + cleanup); B = bench/chapter.sh (commands only).
// A and B alternate BENCH_ROUNDS times (default 3); medians and A/B are printed, then the absolute
// medians of `labcheck --version` and `labcheck check` on the state B leaves with KEEP=1.
import { $ } from 'zx';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

$.verbose = false;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/src/cli/main.js');
const fixtures = join(root, 'fixtures');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

console.log(`labcheck bench: ${rounds} rounds, images pulled first`);
for (const ref of ['busybox', 'node:12', 'redis:alpine', 'redis:5.0.7-alpine', 'registry:2']) await $`docker pull -q ${ref}`;
await $`bash ${join(root, 'bench/unchapter.sh')}`;

const a = [];
const b = [];
for (let i = 0; i < rounds; i++) {
  a.push(await timed(() => $`node ${bin} run --no-junit`));
  b.push(await timed(() => $`bash ${join(root, 'bench/chapter.sh')} ${fixtures}`));
  console.log(`  round ${i + 1}: A ${fmt(a.at(-1))}  B ${fmt(b.at(-1))}`);
}

const version = [];
for (let i = 0; i < 10; i++) version.push(await timed(() => $`node ${bin} --version`));
await $({ env: { ...process.env, KEEP: '1' } })`bash ${join(root, 'bench/chapter.sh')} ${fixtures}`;
const check = [];
try {
  for (let i = 0; i < 5; i++) check.push(await timed(() => $`node ${bin} check --workdir ${fixtures} --no-junit`.nothrow()));
} finally {
  await $`bash ${join(root, 'bench/unchapter.sh')}`;
}

console.log('');
console.log(`A  labcheck run, 12 labs      median ${fmt(median(a))}`);
console.log(`B  chapter commands only      median ${fmt(median(b))}`);
console.log(`A/B                           ${(median(a) / median(b)).toFixed(2)}   (target ≤ 1.00)`);
console.log(`labcheck --version            median ${median(version).toFixed(0)} ms   (target ≤ 150 ms)`);
console.log(`labcheck check, all labs      median ${median(check).toFixed(0)} ms   (target ≤ 500 ms)`);
