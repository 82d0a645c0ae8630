#!/usr/bin/env node
// npm run bench: labcheck's cost against the bare chapter commands, side by side in one run.
//   A = labcheck run (all labs, fixtures: steps + checks + cleanup); B = bench/chapter.sh (commands only).
// A and B alternate BENCH_ROUNDS times (default 3); medians and A/B are printed, then the medians of
// `labcheck --version` and `labcheck check` on the state B leaves with KEEP=1.
//   npm run bench -- --baseline <git ref>   also builds that commit in a temporary worktree (sharing
// this node_modules) and measures it the same way, interleaved with this build: before and after from
// one run on one machine.
// Then the class (grade vs a loop of run), shards and merge, the HTML pages in Chromium, and watch's
// idle CPU and latency: bench/{class,shards,html,watch}.mjs. --only chapter,class runs some sections.
import { $ } from 'zx';
import { existsSync } from 'node:fs';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

$.verbose = false;
const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'fixtures');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const { values: options } = parseArgs({ options: { baseline: { type: 'string' }, only: { type: 'string' } } });
// The sections, in order; --only chapter,class runs some of them.
const SECTIONS = ['chapter', 'class', 'shards', 'html', 'watch'];
const wanted = new Set(options.only ? options.only.split(',') : SECTIONS);
for (const name of wanted) if (!SECTIONS.includes(name)) throw new Error(`--only takes ${SECTIONS.join(', ')}; got ${name}`);

/** The built CLI of a checkout: main.cjs since the CommonJS entry, main.js before. */
const binOf = (dir) => ['dist/src/cli/main.cjs', 'dist/src/cli/main.js'].map((f) => join(dir, f)).find((f) => existsSync(f));

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
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms) => `${ms.toFixed(0)} ms`;

const builds = [{ name: 'this build', bin: binOf(root) }];
let worktree;
if (options.baseline) {
  worktree = await mkdtemp(join(tmpdir(), 'labcheck-baseline-'));
  const sha = (await $`git -C ${root} rev-parse --short ${options.baseline}`).stdout.trim();
  await $`git -C ${root} worktree add --detach ${worktree} ${options.baseline}`;
  await symlink(join(root, 'node_modules'), join(worktree, 'node_modules'));
  await $({ cwd: worktree })`npx tsc -p tsconfig.json`;
  builds.push({ name: `baseline ${sha}`, bin: binOf(worktree) });
}

try {
  if (wanted.has('chapter')) await chapterSection();
  if (wanted.has('class')) await (await import('./class.mjs')).benchClass();
  if (wanted.has('shards')) await (await import('./shards.mjs')).benchShards();
  // These two start a browser or a long watch of their own: their own scripts, their own output.
  if (wanted.has('html')) await $({ stdio: 'inherit' })`node ${join(root, 'bench/html.mjs')}`;
  if (wanted.has('watch')) await $({ stdio: 'inherit' })`node ${join(root, 'bench/watch.mjs')}`;
} finally {
  if (worktree) await $`git -C ${root} worktree remove --force ${worktree}`.nothrow();
}

async function chapterSection() {
  console.log(`labcheck bench: ${rounds} rounds, images pulled first; ${builds.map((b) => b.name).join(' vs ')}`);
  for (const ref of ['busybox', 'node:12', 'redis:alpine', 'redis:5.0.7-alpine', 'registry:2']) await $`docker pull -q ${ref}`;
  await $`bash ${join(root, 'bench/unchapter.sh')}`;

  const chapter = [];
  for (const build of builds) Object.assign(build, { run: [], version: [], check: [] });
  for (let i = 0; i < rounds; i++) {
    const line = [];
    // Each round swaps which build goes first, so neither always follows B's cleanup.
    for (const build of i % 2 ? [...builds].reverse() : builds) {
      build.run.push(await timed(() => $`node ${build.bin} run --no-junit`));
      line.push(`A(${build.name}) ${seconds(build.run.at(-1))}`);
    }
    chapter.push(await timed(() => $`bash ${join(root, 'bench/chapter.sh')} ${fixtures}`));
    console.log(`  round ${i + 1}: ${line.join('  ')}  B ${seconds(chapter.at(-1))}`);
  }

  // Node's own start-up, measured alongside: the floor under --version on this machine.
  const nodeAlone = [];
  for (let i = 0; i < 10; i++) {
    nodeAlone.push(await timed(() => $`node -e 0`));
    for (const build of builds) build.version.push(await timed(() => $`node ${build.bin} --version`));
  }
  await $({ env: { ...process.env, KEEP: '1' } })`bash ${join(root, 'bench/chapter.sh')} ${fixtures}`;
  try {
    for (let i = 0; i < 7; i++) {
      for (const build of builds) build.check.push(await timed(() => $`node ${build.bin} check --workdir ${fixtures} --no-junit`.nothrow()));
    }
  } finally {
    await $`bash ${join(root, 'bench/unchapter.sh')}`;
  }

  const row = (label, cell, target = '') => console.log(`${label.padEnd(30)}${builds.map((b) => cell(b).padEnd(22)).join('')}${target}`);
  console.log('');
  row('', (b) => b.name);
  row('A  labcheck run, 12 labs', (b) => `median ${seconds(median(b.run))}`);
  row('B  chapter commands only', () => `median ${seconds(median(chapter))}`);
  row('A/B', (b) => (median(b.run) / median(chapter)).toFixed(2), '(target ≤ 1.00)');
  row('labcheck --version', (b) => `median ${millis(median(b.version))}`, '(target ≤ 150 ms)');
  row('labcheck check, all labs', (b) => `median ${millis(median(b.check))}`, '(target ≤ 500 ms)');
  row('node -e 0 (for scale)', () => `median ${millis(median(nodeAlone))}`);
}
