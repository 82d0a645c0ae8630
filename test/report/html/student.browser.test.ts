import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStudentPage } from '../../../src/report/html/student.js';
import { openPage, screenshot, skipBrowser, startBrowser, startListener, type Browser, type Listener, type Opened } from './browser.js';
import { checkMode, extraRun, passedRun } from './fixtures.js';

/** What a person reads on the layers picture: each block's text, top to bottom, and which are marked. */
async function layerBlocks(opened: Opened) {
  return opened.page.locator('.layer').evaluateAll((els) =>
    els.map((el) => ({
      text: (el.querySelector('.layer-instruction')?.textContent ?? '').trim(),
      kind: el.classList.contains('base') ? 'base' : el.classList.contains('layer-fs') ? 'layer' : 'metadata',
      cause: el.classList.contains('cause'),
      detail: [...el.querySelectorAll('.layer-size, .layer-kind, .layer-verdict, .layer-facts')].map((d) => d.textContent).join(' | '),
    })),
  );
}

const visibleTexts = (opened: Opened, selector: string) => opened.page.locator(`${selector}:visible`).allInnerTexts();

function expectInert(opened: Opened): void {
  expect(opened.dialogs).toEqual([]);
  expect(opened.errors).toEqual([]);
  expect(opened.requests).toEqual([opened.url]);
}

/** Student output that would run, fetch or break out if it were ever treated as markup, pointing at the listener's origin. */
const hostile = (origin: string): string =>
  [
    '</script><script>window.__pwned = "script"; alert("script")</script>',
    `<img src="${origin}/img" onerror="window.__pwned = 'img'; alert('img')">`,
    `<a href="javascript:window.__pwned='link'">click me</a> javascript:alert(1) ${origin}/plain-url`,
    `<svg onload="window.__pwned = 'svg'"></svg><iframe src="${origin}/iframe"></iframe>`,
    `<style>body{background:url(${origin}/css)}</style><link rel=stylesheet href="${origin}/link.css">`,
    '\u0000\u0007\u001b[31mred\u001b[0m\u202e\u2028<!-- <script>',
  ].join('\n');

describe.skipIf(skipBrowser)('student page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a passing run: its counts, points, every lab passed, and the layers as the chapter expects them', async () => {
    const opened = await openPage(browser, renderStudentPage(passedRun(), { lang: 'en' }), 'passed.html');
    const { page } = opened;
    expect(await page.locator('.filters button').allInnerTexts()).toEqual(['All 43', 'Failed 0', 'Passed 43', 'Skipped 0']);
    expect(await page.locator('.score').innerText()).toMatch(/^✔ Passed 52 \/ 52 points \(100%\)/);
    expect(await page.locator('section.lab').count()).toBe(12);
    expect(await page.locator('section.lab:not(.st-passed)').count()).toBe(0);
    expect(await layerBlocks(opened)).toEqual([
      { text: 'ENTRYPOINT ["node", "app.js"]', kind: 'metadata', cause: false, detail: '0 B | ▱ metadata only, no layer | expected by the chapter' },
      { text: 'ADD app.js /app.js', kind: 'layer', cause: false, detail: '617 B | ▰ filesystem layer | expected by the chapter' },
      { text: 'base image node:12', kind: 'base', cause: false, detail: '1 filesystem layer, 1 history entry, 106.3 MB (collapsed)' },
    ]);
    expect(await page.locator('.layer-summary li').allInnerTexts()).toEqual([
      '✔ 2 history entries above the base (the chapter: 2)',
      '✔ 1 filesystem layer more than the base (the chapter: 1)',
    ]);
    expectInert(opened);
  });

  it('shows a failing student: who, the counts, the failed checks open with what was expected and seen, hint and place', async () => {
    const opened = await openPage(browser, renderStudentPage(extraRun(), { lang: 'en' }), 'students/s2024-017.html');
    const { page } = opened;
    expect(await page.locator('h1').innerText()).toBe('s2024-017');
    expect(await page.title()).toBe('s2024-017 — labcheck report');
    expect(await page.locator('.filters button').allInnerTexts()).toEqual(['All 43', 'Failed 2', 'Passed 41', 'Skipped 0']);
    expect(await page.locator('.score').innerText()).toMatch(/^✘ Failed 49 \/ 52 points \(94%\)/);
    const failed = page.locator('li.check.st-failed');
    expect(await failed.locator('summary').allInnerTexts()).toEqual([
      expect.stringMatching(/^✘\s*two history entries above the base: ADD app.js, then ENTRYPOINT on top\s+history-above-base\s+0\/2$/),
      expect.stringMatching(/^✘\s*exactly one filesystem layer more than the base\s+one-more-layer\s+0\/1$/),
    ]);
    expect(await failed.first().locator('.message').innerText()).toBe(
      'expected 2 history entries above node:12 (ADD app.js, then ENTRYPOINT); saw 3: ADD <file> /app.js, RUN echo extra > /extra.txt, ENTRYPOINT ["node", "app.js"]; expected ADD app.js /app.js under the top entry; saw RUN echo extra > /extra.txt',
    );
    expect(await failed.first().locator('.hint').innerText()).toMatch(/^Hint: Each Dockerfile instruction after FROM adds one history entry/);
    expect(await failed.first().locator('.where').innerText()).toBe('Where: Dockerfile:3');
    // A passed check's details stay folded until asked for.
    expect(await page.locator('li.check.st-passed .message:visible').count()).toBe(0);
    expectInert(opened);
    await screenshot(page, 'student.png');
    await page.getByRole('button', { name: /^Failed/ }).click();
    await screenshot(page, 'student-failed.png');
  });

  it('draws the extra RUN as an extra layer above the base, marked as the cause', async () => {
    const opened = await openPage(browser, renderStudentPage(extraRun(), { lang: 'en' }), 'extra-run.html');
    expect(await layerBlocks(opened)).toEqual([
      { text: 'ENTRYPOINT ["node", "app.js"]', kind: 'metadata', cause: false, detail: '0 B | ▱ metadata only, no layer | expected by the chapter' },
      { text: 'RUN echo extra > /extra.txt', kind: 'layer', cause: true, detail: '6 B | ▰ filesystem layer | not expected: the cause of the failure' },
      { text: 'ADD <file> /app.js', kind: 'layer', cause: false, detail: '617 B | ▰ filesystem layer | expected by the chapter' },
      { text: 'base image node:12', kind: 'base', cause: false, detail: '1 filesystem layer, 1 history entry, 106.3 MB (collapsed)' },
    ]);
    expect(await opened.page.locator('.layer-summary li.off').allInnerTexts()).toEqual([
      '✘ 3 history entries above the base (the chapter: 2)',
      '✘ 2 filesystem layers more than the base (the chapter: 1)',
    ]);
    await opened.page.locator('.layers').screenshot({ path: 'reports/html/layers-extra-run.png' });
  });

  it('filters: failed shows only the failed checks and their lab, passed the rest, all everything', async () => {
    const { page } = await openPage(browser, renderStudentPage(extraRun(), { lang: 'en' }), 'filter.html');
    await page.getByRole('button', { name: /^Failed/ }).click();
    expect(await page.getByRole('button', { name: /^Failed/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await visibleTexts({ page } as Opened, 'section.lab .lab-id')).toEqual(['image-layers']);
    expect(await page.locator('li.check:visible .check-id').allInnerTexts()).toEqual(['history-above-base', 'one-more-layer']);
    await page.getByRole('button', { name: /^Passed/ }).click();
    expect(await page.locator('li.check:visible').count()).toBe(41);
    expect(await page.locator('li.check.st-failed:visible').count()).toBe(0);
    await page.getByRole('button', { name: /^Skipped/ }).click();
    expect(await page.locator('li.check:visible').count()).toBe(0);
    expect(await page.locator('.empty').innerText()).toBe('No check matches this filter.');
    await page.getByRole('button', { name: /^All/ }).click();
    expect(await page.locator('li.check:visible').count()).toBe(43);
    expect(await page.locator('.empty:visible').count()).toBe(0);
  });

  it('shows a check the mode cannot judge as not applicable, out of the points', async () => {
    const { page } = await openPage(browser, renderStudentPage(checkMode(), { lang: 'en' }), 'check-mode.html');
    expect(await page.locator('.filters button').allInnerTexts()).toEqual(['All 43', 'Failed 25', 'Passed 5', 'Skipped 13']);
    const na = page.locator('li.check.na');
    expect(await na.locator('.check-id').allInnerTexts()).toEqual(['listens-8080', 'answers-200', 'answers-hostname', 'history-listed', 'pull-same-id']);
    const row = await na.filter({ hasText: 'history-listed' }).locator('summary').innerText();
    expect(row).toMatch(/^○\s*`docker history` lists the image's layers\s+history-listed\s*not applicable\s*—$/);
    expect(await page.locator('.score').innerText()).toMatch(/5 \/ 45 points/);
    // image-layers read no layers in check mode here: no picture is drawn from nothing.
    expect(await page.locator('.layers').count()).toBe(0);
  });

  it('says why a submission was not graded, and whose identical grading it reuses', async () => {
    const timedOut = { ...extraRun(), labs: [], grading: { status: 'timed-out' as const, reason: 'the submission took longer than 600 s', contentHash: 'sha256:1' } };
    timedOut.summary = { passed: 0, failed: 0, error: 0, skipped: 0, points: 0, maxPoints: 52 };
    const { page } = await openPage(browser, renderStudentPage(timedOut, { lang: 'en' }), 'timed-out.html');
    expect(await page.locator('.banner').innerText()).toBe('Not graded (timed out): the submission took longer than 600 s');
    expect(await page.locator('.empty').innerText()).toBe('No checks ran for this submission.');
    expect(await page.locator('.filters button').allInnerTexts()).toEqual(['All 0', 'Failed 0', 'Passed 0', 'Skipped 0']);

    const reused = { ...extraRun(), student: 'bo.chen', grading: { status: 'graded' as const, reusedFrom: 's2024-017', contentHash: 'sha256:2' } };
    const second = await openPage(browser, renderStudentPage(reused, { lang: 'en' }), 'reused.html');
    expect(await second.page.locator('.note').innerText()).toBe('An identical submission was graded for s2024-017; its results are shown here.');
    expect(await second.page.locator('.banner').count()).toBe(0);
  });

  it('speaks Chinese when the report does: its labels, its messages, the layers picture', async () => {
    const opened = await openPage(browser, renderStudentPage(extraRun('zh'), { lang: 'zh' }), 'zh.html');
    const { page } = opened;
    expect(await page.locator('html').getAttribute('lang')).toBe('zh');
    expect(await page.locator('.filters button').allInnerTexts()).toEqual(['全部 43', '失败 2', '通过 41', '跳过 0']);
    expect(await page.locator('li.check.st-failed .message').first().innerText()).toMatch(/^node:12 之上应有 2 条历史/);
    expect(await page.locator('li.check.st-failed .hint').first().innerText()).toMatch(/^提示：FROM 之后的每条 Dockerfile 指令/);
    expect(await page.locator('.layer.cause .layer-verdict').innerText()).toBe('不应出现：失败的原因');
    expect(await page.locator('.layer.base .layer-facts').innerText()).toBe('1 个文件系统层，1 条历史，106.3 MB（已折叠）');
    expectInert(opened);
  });

  describe('with hostile student output', () => {
    let listener: Listener;
    let HOSTILE: string;
    beforeAll(async () => {
      listener = await startListener();
      HOSTILE = hostile(listener.origin);
    });
    afterAll(async () => {
      await listener?.close();
    });

    it('shows markup, links and control characters as inert text everywhere a student can put text', async () => {
      const report = extraRun();
      report.student = `<b id="pwn">${HOSTILE}</b>`;
      report.workdir = HOSTILE;
      const lab = report.labs.find((l) => l.id === 'image-layers')!;
      lab.title = HOSTILE;
      lab.layers!.above[1]!.instruction = HOSTILE;
      const check = lab.checks.find((c) => c.id === 'history-above-base')!;
      check.message = HOSTILE;
      check.hint = HOSTILE;
      check.location = { file: HOSTILE, line: 3 };
      check.status = '<img src=x onerror=alert(1)>' as 'failed';
      const opened = await openPage(browser, renderStudentPage(report, { lang: 'en' }), 'hostile.html');
      const { page } = opened;
      expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(await page.locator('#app img, #app svg, #app iframe, #app script, #app a, #app link, #app style, #pwn').count()).toBe(0);
      // The unknown status reads as an error, never as a class name the data chose.
      const shown = page.locator('li.check.st-error');
      expect(await shown.locator('.message').innerText()).toContain(`<img src="${listener.origin}/img" onerror="window.__pwned = 'img'; alert('img')">`);
      expect(await shown.locator('.message').innerText()).toContain('</script><script>window.__pwned = "script"');
      expect(await page.locator('h1').innerText()).toContain('<b id="pwn"></script>');
      expect(await page.locator('.layer.cause .layer-instruction').innerText()).toContain('<svg onload=');
      expect(await page.locator('.message').first().innerText()).not.toMatch(/[\u0000\u0007\u001b]/);
      expectInert(opened);
      expect(listener.hits).toEqual([]);
    });

    it('has a policy that would block markup even if some got into the page: scripts, handlers, fetches', async () => {
      const html = renderStudentPage(passedRun(), { lang: 'en' }).replace(
        '</body>',
        `<script>window.__pwned = 'inline'</script><img src="${listener.origin}/x.png" onerror="window.__pwned = 'img'"><a id="js" href="javascript:window.__pwned='link'">x</a></body>`,
      );
      const opened = await openPage(browser, html, 'injected.html');
      await opened.page.click('#js');
      expect(await opened.page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(opened.dialogs).toEqual([]);
      // Chromium reports the image's request as tried; the policy stopped it before it left the page.
      expect(listener.hits).toEqual([]);
      // The page's own script still ran under the same policy: its hash is right.
      expect(await opened.page.locator('section.lab').count()).toBe(12);
      expect(opened.errors.filter((e) => /Content Security Policy/.test(e)).length).toBeGreaterThanOrEqual(3);
    });

    it('cuts a 10 MB message to a page that opens, with a note saying how much is not shown', async () => {
      const report = extraRun();
      const check = report.labs.find((l) => l.id === 'image-layers')!.checks.find((c) => c.id === 'one-more-layer')!;
      check.message = `${'start of the output\n'}${'x'.repeat(10 * 1024 * 1024)}\nend of the output: </script><img src=x onerror=alert(1)>`;
      const html = renderStudentPage(report, { lang: 'en' });
      expect(html.length).toBeLessThan(150_000);
      const opened = await openPage(browser, html, 'huge.html');
      const message = await opened.page.locator('li.check', { hasText: 'one-more-layer' }).locator('.message').innerText();
      expect(message).toMatch(/^start of the output\nx+\n… \[10\.0 MB not shown\] …\nx+\nend of the output: <\/script><img src=x onerror=alert\(1\)>$/);
      expectInert(opened);
    });
  });
});
