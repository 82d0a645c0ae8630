#!/usr/bin/env node
// The HTML pages in a real browser: how long until a 300-student class page (and a student page whose
// message was 10 MB) is drawn and answers a search. Debian's Chromium, driven by playwright-core.
//   node bench/html.mjs                 BENCH_ROUNDS=7 for more rounds; LABCHECK_CHROMIUM for another binary
// Needs `npm run build` (it renders with dist/). Prints medians; the target is under 2 s for 300 students.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const executablePath = process.env.LABCHECK_CHROMIUM ?? '/usr/bin/chromium';
const entry = join(root, 'dist/src/report/html/index.js');
if (!existsSync(entry)) {
  console.error('bench/html.mjs renders with dist/: run `npm run build` first');
  process.exit(2);
}
const { renderClassPage, renderStudentPage } = await import(pathToFileURL(entry).href);

const LABS = {
  'hello-world': ['image-pulled', 'ran-echo', 'exited-zero', 'printed-greeting'],
  'other-images': ['image-pulled', 'default-command', 'running', 'ready'],
  'image-tags': ['tag-pulled', 'tag-ready', 'one-repository', 'latest-default'],
  'node-app': ['app-exists', 'listens-8080', 'answers-200', 'answers-hostname'],
  dockerfile: ['parses', 'from-node-12', 'adds-app-js', 'entrypoint-exec-node'],
  'build-image': ['build-succeeds', 'image-listed'],
  'image-layers': ['history-listed', 'history-above-base', 'one-more-layer'],
  'run-container': ['container-running', 'port-mapped', 'answers-hostname'],
  'container-info': ['ps-lists-container', 'inspect-running-ip', 'logs-server-starting', 'logs-request-received'],
  'tag-image': ['tag-exists', 'same-image'],
  'push-image': ['pushed', 'manifest-served', 'digest-matches', 'pull-same-id'],
  'stop-remove': ['stopped-exited', 'restarted', 'removed', 'untagged-only', 'image-deleted'],
};

/** A class.json of n students, the same every run: most pass, some fail a lab, a few time out. */
function classReport(n) {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const students = [];
  for (let i = 0; i < n; i++) {
    const id = `s${2024000 + i * 37}`;
    if (i % 41 === 13) {
      students.push({ id, status: 'timed-out', points: 0, maxPoints: 52, labs: {} });
      continue;
    }
    const labs = {};
    let points = 52;
    for (const lab of Object.keys(LABS)) {
      const r = next();
      labs[lab] = r < 0.12 ? 'failed' : r < 0.15 ? 'skipped' : 'passed';
      if (labs[lab] !== 'passed') points -= 1 + Math.floor(next() * 3);
    }
    const statuses = Object.values(labs);
    students.push({ id, status: statuses.includes('failed') ? 'failed' : statuses.includes('skipped') ? 'skipped' : 'passed', points, maxPoints: 52, labs });
  }
  const checks = Object.entries(LABS).flatMap(([lab, ids]) =>
    ids.map((check) => {
      const judged = students.filter((s) => s.labs[lab]);
      const failed = judged.filter((s) => s.labs[lab] === 'failed').length;
      const skipped = judged.filter((s) => s.labs[lab] === 'skipped').length;
      return { lab, check, passed: judged.length - failed - skipped, failed, error: 0, skipped };
    }),
  );
  const graded = students.filter((s) => s.status !== 'timed-out').length;
  return {
    tool: 'labcheck', version: '0.1.0', startedAt: '2026-12-01T09:00:00.000Z', durationMs: 3_600_000, students, checks,
    summary: { students: n, graded, timedOut: n - graded, errors: 0, points: students.reduce((a, s) => a + s.points, 0), maxPoints: 52 * n },
  };
}

/** One run's report with every check passed but one whose message is 10 MB of build output. */
function hugeStudentReport() {
  const labs = Object.entries(LABS).map(([id, checks]) => ({
    id, title: id, section: id, status: 'passed', durationMs: 1000, points: checks.length, maxPoints: checks.length,
    checks: checks.map((c) => ({ id: c, title: c, status: 'passed', message: `${c} is fine`, hint: '', timedOut: false, points: 1, maxPoints: 1, durationMs: 5 })),
  }));
  const failing = labs[5].checks[0];
  Object.assign(failing, { status: 'failed', points: 0, message: `build failed:\n${'Step 3/3 : RUN yes | head\n'.repeat(400_000)}` });
  labs[5].status = 'failed';
  return {
    student: 's2024017', grading: { status: 'graded', contentHash: 'sha256:0' },
    tool: 'labcheck', version: '0.1.0', mode: 'run', workdir: '/class/s2024017', startedAt: '2026-12-01T09:00:00.000Z', durationMs: 20_000, labs,
    summary: { passed: 42, failed: 1, error: 0, skipped: 0, points: 51, maxPoints: 52 },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;
const kb = (s) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KB`;

function timedRender(render) {
  const times = [];
  let html = '';
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    html = render();
    times.push(performance.now() - t);
  }
  return { html, render: median(times) };
}

/** Opens the page `rounds` times, each in a fresh tab: time to drawn (viewer done) and to a search answered. */
async function timedOpen(context, file, interact) {
  const ready = [];
  const interactive = [];
  const paint = [];
  const loaded = [];
  const viewer = [];
  for (let i = 0; i < rounds; i++) {
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready="true"]');
    ready.push(performance.now() - t);
    await interact(page);
    interactive.push(performance.now() - t);
    paint.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN));
    // The viewer runs as the document is parsed: DOMContentLoaded comes once the page is drawn.
    viewer.push(await page.evaluate(() => performance.measure('viewer', 'labcheck-boot', 'labcheck-drawn').duration));
    loaded.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? Number.NaN));
    await page.close();
  }
  return { ready: median(ready), interactive: median(interactive), paint: median(paint), loaded: median(loaded), viewer: median(viewer) };
}

const dir = mkdtempSync(join(tmpdir(), 'labcheck-bench-html-'));
const launchedAt = performance.now();
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 900 },
});
try {
  console.log(
    `labcheck bench html: ${rounds} rounds, Chromium ${context.browser()?.version() ?? ''} (started in ${ms(performance.now() - launchedAt)}), ` +
      `load average ${loadavg()[0].toFixed(1)} on this machine`,
  );
  for (const n of [300, 1000]) {
    const report = classReport(n);
    const { html, render } = timedRender(() => renderClassPage(report, { lang: 'en', studentHref: (id) => `students/${id}.html` }));
    const file = join(dir, `class-${n}.html`);
    writeFileSync(file, html);
    const target = report.students[Math.floor(n / 2)].id;
    const opened = await timedOpen(context, file, async (page) => {
      await page.fill('input[type=search]', target);
      await page.waitForFunction((id) => {
        const rows = [...document.querySelectorAll('table.grid tbody tr')].filter((r) => !r.hidden);
        return rows.length === 1 && rows[0].querySelector('a')?.textContent === id;
      }, target);
    });
    console.log(
      `  class page, ${n} students (${kb(html)}): render ${ms(render)}; in Chromium: viewer script ${ms(opened.viewer)}, DOMContentLoaded ${ms(opened.loaded)}, first paint ${ms(opened.paint)}, ` +
        `drawn ${ms(opened.ready)}, search answered ${ms(opened.interactive)}${n === 300 ? `  (target < 2000 ms: ${opened.interactive < 2000 ? 'met' : 'NOT met'})` : ''}`,
    );
  }
  const student = hugeStudentReport();
  const { html, render } = timedRender(() => renderStudentPage(student, { lang: 'en' }));
  const file = join(dir, 'student-10mb.html');
  writeFileSync(file, html);
  const opened = await timedOpen(context, file, async (page) => {
    await page.click('button[data-filter=failed]');
    await page.waitForFunction(() => document.querySelectorAll('li.check').length > 0 && [...document.querySelectorAll('li.check')].filter((c) => c.offsetParent).length === 1);
  });
  console.log(
    `  student page, a 10 MB message (${kb(html)}): render ${ms(render)}; in Chromium: viewer script ${ms(opened.viewer)}, DOMContentLoaded ${ms(opened.loaded)}, first paint ${ms(opened.paint)}, ` +
      `drawn ${ms(opened.ready)}, filter answered ${ms(opened.interactive)}`,
  );
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}
