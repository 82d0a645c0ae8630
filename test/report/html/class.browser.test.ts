import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassReport } from '../../../src/class/types.js';
import { renderClassPage } from '../../../src/report/html/class.js';
import { renderStudentPage } from '../../../src/report/html/student.js';
import { openPage, screenshot, skipBrowser, startBrowser, startListener, writePage, type Browser, type Listener, type Opened } from './browser.js';
import { extraRun, generatedClass, smallClass } from './fixtures.js';

const byId = (id: string) => `students/${id}.html`;

/** The grid as a person reads it: per row, the student, status, points, percent and each lab's symbol. */
const gridRows = (opened: Opened) =>
  opened.page.locator('table.grid tbody tr:visible').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()).join(' ')),
  );

describe.skipIf(skipBrowser)('class page in Chromium', () => {
  let browser: Browser;
  let listener: Listener;
  beforeAll(async () => {
    listener = await startListener();
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await listener?.close();
  });

  it('shows the students × labs grid of a small class: symbols and colours, totals, the labs in chapter order', async () => {
    const opened = await openPage(browser, renderClassPage(smallClass(), { lang: 'en', studentHref: byId }), 'small/class.html');
    const { page } = opened;
    expect(await page.locator('table.grid th.c-lab').allInnerTexts()).toEqual([
      'hello-world', 'other-images', 'image-tags', 'node-app', 'dockerfile', 'build-image',
      'image-layers', 'run-container', 'container-info', 'tag-image', 'push-image', 'stop-remove',
    ]);
    expect(await gridRows(opened)).toEqual([
      'ana ✔ Passed 52/52 100 ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✔',
      'bo.chen ✘ Failed 49/52 94 ✔ ✔ ✔ ✔ ✔ ✔ ✘ ✔ ✔ ✔ ✔ ✔',
      "carla-o'neil ✘ Failed 41/52 79 ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✔ ✘ ⊘",
      'dmitri ◷ Timed out 0/52 0 · · · · · · · · · · · ·',
      '张伟 ✘ Failed 49/52 94 ✔ ✔ ✔ ✔ ✔ ✔ ✘ ✔ ✔ ✔ ✔ ✔',
    ]);
    // Colour as well as the symbol: a failed cell is red, a passed one green.
    const colours = await page.locator('tr', { hasText: 'bo.chen' }).locator('td.lab-cell').evaluateAll((cells) =>
      [...new Set(cells.map((c) => `${c.textContent} ${getComputedStyle(c).color}`))],
    );
    expect(colours).toEqual(['✔ rgb(26, 127, 55)', '✘ rgb(207, 34, 46)']);
    expect(await page.locator('tr', { hasText: 'bo.chen' }).locator('td.lab-cell.st-failed').getAttribute('title')).toBe('bo.chen · image-layers: Failed');
    expect(await page.locator('.score').innerText()).toBe('5 students · 4 graded · 1 timed out · 0 errors · 191 / 260 points (73%)');
    expect(opened.requests).toEqual([opened.url]);
    expect([opened.dialogs, opened.errors]).toEqual([[], []]);
  });

  it('lists the pass rate per check, worst first', async () => {
    const { page } = await openPage(browser, renderClassPage(smallClass(), { lang: 'en', studentHref: byId }), 'rates.html');
    const rows = await page.locator('.rate-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()).filter(Boolean).join(' ')),
    );
    expect(rows.slice(0, 4)).toEqual([
      'image-layers history-above-base 50% ✔ 2✘ 2',
      'image-layers one-more-layer 50% ✔ 2✘ 2',
      'push-image pushed 75% ✔ 3✘ 1',
      'push-image manifest-served 75% ✔ 3✘ 1',
    ]);
    expect(rows).toHaveLength(43);
    expect(rows[4]).toBe('push-image digest-matches 75% ✔ 3✘ 1');
    expect(rows.filter((r) => r.startsWith('stop-remove'))).toEqual(
      ['stopped-exited', 'restarted', 'removed', 'untagged-only', 'image-deleted'].map((c) => `stop-remove ${c} 75% ✔ 3⊘ 1`),
    );
    expect(rows.at(-1)).toBe('tag-image same-image 100% ✔ 4');
  });

  it('finds students by id as one types, and says when none match', async () => {
    const opened = await openPage(browser, renderClassPage(smallClass(), { lang: 'en', studentHref: byId }), 'search.html');
    const { page } = opened;
    const search = page.getByRole('searchbox', { name: 'Search by student id' });
    await search.fill('CHEN');
    expect((await gridRows(opened)).map((r) => r.split(' ')[0])).toEqual(['bo.chen']);
    expect(await page.locator('output.shown').innerText()).toBe('1 of 5 students');
    await search.fill('张');
    expect((await gridRows(opened)).map((r) => r.split(' ')[0])).toEqual(['张伟']);
    await search.fill('nobody');
    expect(await gridRows(opened)).toEqual([]);
    expect(await page.locator('.empty:visible').innerText()).toBe('No student id matches.');
    await search.fill('');
    expect(await gridRows(opened)).toHaveLength(5);
    expect(await page.locator('.empty:visible').count()).toBe(0);
  });

  it("links each student to their page, which opens from the class page's folder", async () => {
    const dir = 'linked';
    await writePage(browser, `${dir}/students/bo.chen.html`, renderStudentPage({ ...extraRun(), student: 'bo.chen' }, { lang: 'en' }));
    const opened = await openPage(browser, renderClassPage(smallClass(), { lang: 'en', studentHref: byId }), `${dir}/class.html`);
    const { page } = opened;
    expect(await page.locator('td.c-id a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      'students/ana.html',
      'students/bo.chen.html',
      "students/carla-o'neil.html",
      'students/dmitri.html',
      'students/%E5%BC%A0%E4%BC%9F.html',
    ]);
    await page.getByRole('link', { name: 'bo.chen' }).click();
    await page.waitForSelector('html[data-ready="true"]');
    expect(page.url()).toMatch(/\/linked\/students\/bo\.chen\.html$/);
    expect(await page.locator('h1').innerText()).toBe('bo.chen');
  });

  it('speaks Chinese', async () => {
    const { page } = await openPage(browser, renderClassPage(smallClass(), { lang: 'zh', studentHref: byId }), 'zh.html');
    expect(await page.locator('h1').innerText()).toBe('labcheck 班级报告');
    expect(await page.locator('output.shown').innerText()).toBe('显示 5 / 5 名学生');
    expect(await page.locator('tr', { hasText: 'dmitri' }).locator('td.c-st').innerText()).toBe('◷ 超时');
    expect(await page.locator('.rates h2').innerText()).toBe('每项检查的通过率，最差的在前');
  });

  it('draws 300 students, searchable, with every row linked', async () => {
    const opened = await openPage(browser, renderClassPage(generatedClass(300), { lang: 'en', studentHref: byId }), 'big/class.html');
    const { page } = opened;
    expect(await page.locator('table.grid tbody tr').count()).toBe(300);
    expect(await page.locator('table.grid tbody td.lab-cell').count()).toBe(300 * 12);
    expect(await page.locator('td.c-id a[href]').count()).toBe(300);
    await page.getByRole('searchbox').fill('s2024370');
    expect((await gridRows(opened)).map((r) => r.split(' ')[0])).toEqual(['s2024370']);
    expect([opened.dialogs, opened.errors]).toEqual([[], []]);
  });

  it('keeps hostile student ids inert: as text, and as links that stay files beside the page', async () => {
    const report: ClassReport = smallClass();
    const ids = [
      '<img src=x onerror="window.__pwned=1;alert(1)">',
      'javascript:window.__pwned=2',
      `</script><script>window.__pwned=3</script><iframe src="${listener.origin}/iframe">`,
      `//127.0.0.1:${new URL(listener.origin).port}/proto-relative`,
    ];
    report.students = ids.map((id, i) => ({ ...report.students[i % 3]!, id }));
    report.checks[0]!.check = `<svg onload="window.__pwned=4"></svg>`;
    const opened = await openPage(browser, renderClassPage(report, { lang: 'en', studentHref: byId }), 'hostile/class.html');
    const { page } = opened;
    expect(await page.locator('td.c-id').allInnerTexts()).toEqual(ids);
    expect(await page.locator('#app img, #app svg, #app iframe, #app script').count()).toBe(0);
    const hrefs = await page.locator('td.c-id a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) expect(href.startsWith(new URL('students/', opened.url).href)).toBe(true);
    await page.getByRole('link', { name: 'javascript:window.__pwned=2' }).click();
    await page.waitForLoadState();
    expect(opened.dialogs).toEqual([]);
    expect(listener.hits).toEqual([]);
    expect(opened.requests.every((r) => r.startsWith('file://'))).toBe(true);
  });

  it('saves a screenshot of a class for people to look at', async () => {
    const opened = await openPage(browser, renderClassPage(generatedClass(24), { lang: 'en', studentHref: byId }), 'shot/class.html');
    // A laptop's width: the grid and the pass rates side by side.
    await opened.page.setViewportSize({ width: 1280, height: 900 });
    expect(await opened.page.locator('table.grid tbody tr').count()).toBe(24);
    expect(await screenshot(opened.page, 'class.png')).toBe('reports/html/class.png');
    await opened.page.screenshot({ path: 'reports/html/class-top.png' });
  });
});
