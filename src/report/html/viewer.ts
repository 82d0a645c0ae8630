// The pages' viewer. These functions become the page's one inline script through their source text
// (see VIEWER_SCRIPT), so the script is type-checked with the project and needs no bundler. Each may
// use only its arguments, the DOM and the other functions listed in VIEWER_PARTS: no imports, no
// module constants. Student output is only ever inserted as text nodes.
import type { ClassCheckRate, ClassReport, ClassStudent, StudentReport } from '../../class/types.js';
import type { Lang, LayerFacts, Status } from '../../engine/types.js';
import type { JsonLab, JsonReport } from '../json.js';

/** The page's own words, in both languages. */
export function pageLabels(lang: Lang) {
  const en = {
    report: 'labcheck report',
    classReport: 'labcheck class report',
    all: 'All',
    passed: 'Passed',
    failed: 'Failed',
    error: 'Error',
    skipped: 'Skipped',
    notApplicable: 'not applicable',
    timedOut: 'Timed out',
    unreadable: 'Unreadable',
    points: 'points',
    hint: 'Hint',
    colon: ': ',
    where: 'Where',
    mode: 'mode',
    started: 'started',
    took: 'took',
    version: 'labcheck',
    workdir: 'graded folder',
    filter: 'Show checks',
    noneMatch: 'No check matches this filter.',
    noChecks: 'No checks ran for this submission.',
    notGraded: (status: string) => `Not graded (${status.toLowerCase()})`,
    reused: (id: string) => `An identical submission was graded for ${id}; its results are shown here.`,
    layersTitle: (ref: string) => `Layers of the image, newest on top, above the base ${ref}`,
    baseBlock: (ref: string) => `base image ${ref}`,
    baseFacts: (layers: number, entries: number, size: string) =>
      `${layers} filesystem ${layers === 1 ? 'layer' : 'layers'}, ${entries} history ${entries === 1 ? 'entry' : 'entries'}, ${size} (collapsed)`,
    makesLayer: 'filesystem layer',
    metadataOnly: 'metadata only, no layer',
    expected: 'expected by the chapter',
    unexpected: 'not expected: the cause of the failure',
    entriesAbove: (n: number, want: number) => `${n} history ${n === 1 ? 'entry' : 'entries'} above the base (the chapter: ${want})`,
    layersAbove: (n: number, want: number) => `${n} filesystem ${n === 1 ? 'layer' : 'layers'} more than the base (the chapter: ${want})`,
    classSummary: (students: number, graded: number, timedOut: number, errors: number) =>
      `${students} ${students === 1 ? 'student' : 'students'} · ${graded} graded · ${timedOut} timed out · ${errors} ${errors === 1 ? 'error' : 'errors'} · `,
    student: 'Student',
    status: 'Status',
    total: 'Points',
    percent: '%',
    search: 'Search by student id',
    shown: (n: number, of: number) => `${n} of ${of} students`,
    noStudent: 'No student id matches.',
    grid: 'Students by labs',
    rates: 'Pass rate per check, worst first',
    lab: 'Lab',
    check: 'Check',
    rate: 'Passed',
    counts: 'Students',
    legend: 'Legend',
    noLab: 'Not graded',
    cut: (size: string) => `… [${size} not shown] …`,
    broken: 'The report data of this page could not be read.',
    noscript: "JavaScript is off: this page draws the report with its own script; the data is in the file's labcheck-data element.",
  };
  const zh: typeof en = {
    report: 'labcheck 报告',
    classReport: 'labcheck 班级报告',
    all: '全部',
    passed: '通过',
    failed: '失败',
    error: '错误',
    skipped: '跳过',
    notApplicable: '不适用',
    timedOut: '超时',
    unreadable: '无法读取',
    points: '分',
    hint: '提示',
    colon: '：',
    where: '位置',
    mode: '模式',
    started: '开始于',
    took: '用时',
    version: 'labcheck',
    workdir: '评分目录',
    filter: '显示检查',
    noneMatch: '没有符合此筛选的检查。',
    noChecks: '此提交没有运行任何检查。',
    notGraded: (status) => `未评分（${status}）`,
    reused: (id) => `与 ${id} 的提交完全相同，此处显示那次评分的结果。`,
    layersTitle: (ref) => `镜像的层，最新的在最上面，基础镜像 ${ref} 在下面`,
    baseBlock: (ref) => `基础镜像 ${ref}`,
    baseFacts: (layers, entries, size) => `${layers} 个文件系统层，${entries} 条历史，${size}（已折叠）`,
    makesLayer: '文件系统层',
    metadataOnly: '仅元数据，不产生层',
    expected: '本章期望的',
    unexpected: '不应出现：失败的原因',
    entriesAbove: (n, want) => `基础镜像之上有 ${n} 条历史（本章：${want} 条）`,
    layersAbove: (n, want) => `比基础镜像多 ${n} 个文件系统层（本章：${want} 个）`,
    classSummary: (students, graded, timedOut, errors) => `${students} 名学生 · ${graded} 名已评分 · ${timedOut} 名超时 · ${errors} 名出错 · `,
    student: '学生',
    status: '状态',
    total: '得分',
    percent: '%',
    search: '按学生 ID 搜索',
    shown: (n, of) => `显示 ${n} / ${of} 名学生`,
    noStudent: '没有匹配的学生 ID。',
    grid: '学生 × 实验',
    rates: '每项检查的通过率，最差的在前',
    lab: '实验',
    check: '检查',
    rate: '通过',
    counts: '学生数',
    legend: '图例',
    noLab: '未评分',
    cut: (size) => `…［省略了 ${size}］…`,
    broken: '无法读取本页的报告数据。',
    noscript: 'JavaScript 已关闭：本页用自带的脚本显示报告；数据在文件的 labcheck-data 元素中。',
  };
  return lang === 'zh' ? zh : en;
}

export type Labels = ReturnType<typeof pageLabels>;

/** Sizes as `docker history` prints them (1000-based): `617 B`, `106.3 MB`. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Number.isFinite(bytes) ? Math.max(0, Math.round(bytes)) : 0} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A status the page knows; anything else in the data reads as `error`, never as a class name of its own. */
export function knownStatus(status: unknown): Status {
  return status === 'passed' || status === 'failed' || status === 'skipped' ? status : 'error';
}

/** Each status has a symbol as well as a colour, so no one needs to tell red from green. */
export function statusSymbol(status: string): string {
  switch (status) {
    case 'passed': return '✔';
    case 'failed': return '✘';
    case 'skipped': return '⊘';
    case 'na': return '○';
    case 'timed-out': return '◷';
    case 'unreadable': return '?';
    case 'none': return '·';
    default: return '⚠';
  }
}

export interface CheckCounts {
  all: number;
  passed: number;
  /** Failed and error together: what the "failed" filter shows. */
  failed: number;
  error: number;
  skipped: number;
  notApplicable: number;
}

export function countChecks(labs: readonly JsonLab[]): CheckCounts {
  const counts: CheckCounts = { all: 0, passed: 0, failed: 0, error: 0, skipped: 0, notApplicable: 0 };
  for (const lab of labs) {
    for (const check of lab.checks) {
      const status = knownStatus(check.status);
      counts.all++;
      if (status === 'passed') counts.passed++;
      else if (status === 'skipped') {
        counts.skipped++;
        if (check.notApplicable) counts.notApplicable++;
      } else {
        counts.failed++;
        if (status === 'error') counts.error++;
      }
    }
  }
  return counts;
}

export interface LayerRow {
  instruction: string;
  createdBy: string;
  size: number;
  makesLayer: boolean;
  expected: boolean;
  /** An entry the chapter does not expect (an extra RUN): why the lab failed. */
  cause: boolean;
}

export interface LayerPicture {
  base: LayerFacts['base'];
  /** Newest first, as `docker history` lists them. */
  rows: LayerRow[];
  entriesAbove: number;
  layersAbove: number;
  /** What the chapter's Dockerfile makes: ADD app.js (a layer) and ENTRYPOINT (metadata). */
  wantEntries: number;
  wantLayers: number;
}

/** The picture's model: the base as one block, then each entry above it, the unexpected ones marked. */
export function layerPicture(facts: LayerFacts): LayerPicture {
  const rows = (Array.isArray(facts.above) ? facts.above : []).map((entry) => ({
    instruction: String(entry.instruction ?? ''),
    createdBy: String(entry.createdBy ?? ''),
    size: Number(entry.size) || 0,
    makesLayer: entry.makesLayer === true,
    expected: entry.expected === true,
    cause: entry.expected !== true,
  }));
  return {
    base: facts.base,
    rows,
    entriesAbove: rows.length,
    layersAbove: rows.filter((r) => r.makesLayer).length,
    wantEntries: 2,
    wantLayers: 1,
  };
}

export interface CheckRate extends ClassCheckRate {
  total: number;
  /** passed / total, or null when no student was judged on it. */
  rate: number | null;
}

/** The class's checks by pass rate, worst first; ties by more failures, then in chapter order. */
export function checkRates(checks: readonly ClassCheckRate[]): CheckRate[] {
  const rated = checks.map((c, index) => {
    const counts = [c.passed, c.failed, c.error, c.skipped].map((n) => (Number.isFinite(n) ? Math.max(0, n) : 0));
    const [passed = 0, failed = 0, error = 0, skipped = 0] = counts;
    const total = passed + failed + error + skipped;
    return { index, rate: { ...c, passed, failed, error, skipped, total, rate: total > 0 ? passed / total : null } };
  });
  rated.sort((a, b) => {
    const ra = a.rate.rate ?? 2;
    const rb = b.rate.rate ?? 2;
    if (ra !== rb) return ra - rb;
    const fa = a.rate.failed + a.rate.error;
    const fb = b.rate.failed + b.rate.error;
    return fa !== fb ? fb - fa : a.index - b.index;
  });
  return rated.map((r) => r.rate);
}

/** An element with a class and children; strings become text nodes, never markup. */
export function h(tag: string, className?: string | null, ...children: Array<Node | string | null | undefined | false>): HTMLElement {
  const el = document.createElement(tag);
  if (className) el.className = className;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

export function renderLayers(facts: LayerFacts, L: Labels): HTMLElement {
  const picture = layerPicture(facts);
  const stack = h('ol', 'layer-stack');
  for (const row of picture.rows) {
    const verdict = row.cause ? 'cause' : 'expected';
    const block = h(
      'li',
      `layer ${row.makesLayer ? 'layer-fs' : 'layer-meta'} ${verdict}`,
      h('span', 'layer-sym', row.cause ? '✘' : '✔'),
      h('code', 'layer-instruction', row.instruction || row.createdBy),
      h('span', 'layer-size', formatSize(row.size)),
      h('span', 'layer-kind', row.makesLayer ? `▰ ${L.makesLayer}` : `▱ ${L.metadataOnly}`),
      h('span', 'layer-verdict', row.cause ? L.unexpected : L.expected),
    );
    block.title = row.createdBy;
    stack.append(block);
  }
  const base = picture.base ?? { ref: '?', entries: 0, layers: 0, size: 0 };
  stack.append(
    h(
      'li',
      'layer base',
      h('span', 'layer-sym', '▤'),
      h('span', 'layer-instruction', L.baseBlock(String(base.ref))),
      h('span', 'layer-facts', L.baseFacts(Number(base.layers) || 0, Number(base.entries) || 0, formatSize(Number(base.size) || 0))),
    ),
  );
  const entriesOk = picture.entriesAbove === picture.wantEntries;
  const layersOk = picture.layersAbove === picture.wantLayers;
  return h(
    'figure',
    'layers',
    h('figcaption', null, L.layersTitle(String(base.ref))),
    stack,
    h(
      'ul',
      'layer-summary',
      h('li', entriesOk ? 'ok' : 'off', `${entriesOk ? '✔' : '✘'} ${L.entriesAbove(picture.entriesAbove, picture.wantEntries)}`),
      h('li', layersOk ? 'ok' : 'off', `${layersOk ? '✔' : '✘'} ${L.layersAbove(picture.layersAbove, picture.wantLayers)}`),
    ),
  );
}

export function renderStudent(root: HTMLElement, report: JsonReport | StudentReport, L: Labels): void {
  const student = 'student' in report && typeof report.student === 'string' ? report.student : undefined;
  const labs = Array.isArray(report.labs) ? report.labs : [];
  const counts = countChecks(labs);
  document.title = `${student ? `${student} — ` : ''}${L.report}`;
  const summary = report.summary ?? { points: 0, maxPoints: 0 };
  const pct = summary.maxPoints > 0 ? Math.round((100 * summary.points) / summary.maxPoints) : 0;
  const bar = h('span', 'bar-fill');
  bar.style.width = `${pct}%`;
  const order = ['passed', 'skipped', 'failed', 'error'];
  const overall = labs.reduce<Status>((worst, lab) => {
    const status = knownStatus(lab.status);
    return order.indexOf(status) > order.indexOf(worst) ? status : worst;
  }, 'passed');
  root.append(
    h(
      'header',
      'top',
      h('h1', null, student ?? L.report),
      h(
        'p',
        'meta',
        `${L.mode} ${String(report.mode)} · ${L.started} ${String(report.startedAt).replace('T', ' ').replace(/\.\d+Z$/, 'Z')} · ${L.took} ${(Number(report.durationMs) / 1000).toFixed(1)} s · ${L.version} ${String(report.version)}`,
      ),
      h('p', 'meta', `${L.workdir}${L.colon}${String(report.workdir)}`),
      h(
        'p',
        'score',
        h('span', `cell overall st-${overall}`, `${statusSymbol(overall)} ${studentStatusLabel(overall, L)}`),
        ' ',
        h('strong', 'score-points', `${summary.points} / ${summary.maxPoints}`),
        ` ${L.points} (${pct}%) `,
        h('span', 'bar', bar),
      ),
    ),
  );
  const grading = 'grading' in report ? report.grading : undefined;
  if (grading && grading.status !== 'graded') {
    root.append(h('p', 'banner', h('strong', null, L.notGraded(studentStatusLabel(String(grading.status), L))), grading.reason ? `${L.colon}${grading.reason}` : ''));
  }
  if (grading?.reusedFrom) root.append(h('p', 'note', L.reused(grading.reusedFrom)));

  const filters: Array<[string, string, number]> = [
    ['all', L.all, counts.all],
    ['failed', L.failed, counts.failed],
    ['passed', L.passed, counts.passed],
    ['skipped', L.skipped, counts.skipped],
  ];
  const nav = h('nav', 'filters');
  nav.setAttribute('aria-label', L.filter);
  for (const [key, label, n] of filters) {
    const button = h('button', `chip chip-${key}`, h('span', 'chip-label', label), ' ', h('span', 'chip-count', String(n)));
    button.setAttribute('type', 'button');
    button.dataset.filter = key;
    button.setAttribute('aria-pressed', String(key === 'all'));
    nav.append(button);
  }
  const main = h('main', null);
  main.id = 'labs';
  main.dataset.filter = 'all';
  const empty = h('p', 'empty', labs.length ? L.noneMatch : L.noChecks);
  empty.hidden = labs.length > 0;
  nav.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button');
    if (!button?.dataset.filter) return;
    const key = button.dataset.filter;
    main.dataset.filter = key;
    for (const b of Array.from(nav.querySelectorAll('button'))) b.setAttribute('aria-pressed', String(b === button));
    const n = key === 'all' ? counts.all : key === 'failed' ? counts.failed : key === 'passed' ? counts.passed : counts.skipped;
    empty.hidden = n > 0;
  });
  root.append(nav, main, empty);

  for (const lab of labs) {
    const labStatus = knownStatus(lab.status);
    const section = h('section', `lab st-${labStatus}`);
    section.dataset.lab = String(lab.id);
    const list = h('ul', 'checks');
    for (const check of Array.isArray(lab.checks) ? lab.checks : []) {
      const status = knownStatus(check.status);
      const na = status === 'skipped' && check.notApplicable === true;
      section.dataset[status === 'error' ? 'failed' : status] = '';
      const details = h(
        'details',
        null,
        h(
          'summary',
          null,
          h('span', 'sym', statusSymbol(na ? 'na' : status)),
          h('span', 'check-title', String(check.title)),
          ' ',
          h('code', 'check-id', String(check.id)),
          na ? h('span', 'badge', L.notApplicable) : null,
          check.timedOut ? h('span', 'badge badge-bad', L.timedOut) : null,
          h('span', 'pts', na ? '—' : `${check.points}/${check.maxPoints}`),
        ),
        h('pre', 'message', String(check.message)),
        check.hint ? h('p', 'hint', h('strong', null, `${L.hint}${L.colon}`), String(check.hint)) : null,
        check.location
          ? h('p', 'where', h('strong', null, `${L.where}${L.colon}`), h('code', null, `${String(check.location.file)}${check.location.line ? `:${check.location.line}` : ''}`))
          : null,
      );
      (details as HTMLDetailsElement).open = status === 'failed' || status === 'error';
      list.append(h('li', `check st-${status}${na ? ' na' : ''}`, details));
    }
    section.append(
      h(
        'h2',
        null,
        h('span', 'sym', statusSymbol(labStatus)),
        h('span', 'lab-title', String(lab.title)),
        ' ',
        h('code', 'lab-id', String(lab.id)),
        lab.section ? h('span', 'lab-section', String(lab.section)) : null,
        h('span', 'pts', `${lab.points}/${lab.maxPoints}`),
      ),
    );
    if (lab.layers) section.append(renderLayers(lab.layers, L));
    section.append(list);
    main.append(section);
  }
}

function studentStatusLabel(status: string, L: Labels): string {
  switch (status) {
    case 'passed': return L.passed;
    case 'failed': return L.failed;
    case 'skipped': return L.skipped;
    case 'timed-out': return L.timedOut;
    case 'unreadable': return L.unreadable;
    default: return L.error;
  }
}

function studentStatusKey(status: unknown): string {
  return status === 'timed-out' || status === 'unreadable' ? status : knownStatus(status);
}

export function renderClass(root: HTMLElement, report: ClassReport, links: readonly string[], L: Labels): void {
  document.title = L.classReport;
  const students: ClassStudent[] = Array.isArray(report.students) ? report.students : [];
  const checks = Array.isArray(report.checks) ? report.checks : [];
  const labIds: string[] = [];
  const seen = new Set<string>();
  for (const id of [...checks.map((c) => c.lab), ...students.flatMap((s) => Object.keys(s.labs ?? {}))]) {
    if (!seen.has(id)) {
      seen.add(id);
      labIds.push(id);
    }
  }
  const s = report.summary ?? { students: students.length, graded: 0, timedOut: 0, errors: 0, points: 0, maxPoints: 0 };
  const pct = s.maxPoints > 0 ? Math.round((100 * s.points) / s.maxPoints) : 0;
  root.append(
    h(
      'header',
      'top',
      h('h1', null, L.classReport),
      h(
        'p',
        'meta',
        `${L.started} ${String(report.startedAt).replace('T', ' ').replace(/\.\d+Z$/, 'Z')} · ${L.took} ${(Number(report.durationMs) / 1000).toFixed(1)} s · ${L.version} ${String(report.version)}`,
      ),
      h(
        'p',
        'score',
        L.classSummary(s.students, s.graded, s.timedOut, s.errors),
        h('strong', null, `${s.points} / ${s.maxPoints}`),
        ` ${L.points} (${pct}%)`,
      ),
    ),
  );

  const legend = h('p', 'legend', h('strong', null, `${L.legend}${L.colon}`));
  for (const key of ['passed', 'failed', 'error', 'skipped', 'timed-out', 'unreadable']) {
    legend.append(h('span', `cell st-${key}`, statusSymbol(key)), ` ${studentStatusLabel(key, L)}  `);
  }
  legend.append(h('span', 'cell st-none', statusSymbol('none')), ` ${L.noLab}`);

  const search = h('input', 'search') as HTMLInputElement;
  search.type = 'search';
  search.placeholder = L.search;
  search.setAttribute('aria-label', L.search);
  search.autocomplete = 'off';
  const shown = h('output', 'shown', L.shown(students.length, students.length));
  const none = h('p', 'empty', L.noStudent);
  none.hidden = students.length > 0;

  const head = h('tr', null, h('th', 'c-id', L.student), h('th', 'c-st', L.status), h('th', 'c-pts', L.total), h('th', 'c-pct', L.percent));
  for (const id of labIds) {
    const th = h('th', 'c-lab', h('span', null, id));
    th.title = id;
    head.append(th);
  }
  const body = document.createElement('tbody');
  const rows: HTMLElement[] = [];
  const ids: string[] = [];
  for (let i = 0; i < students.length; i++) {
    const st = students[i] as ClassStudent;
    const id = String(st.id);
    const key = studentStatusKey(st.status);
    const link = document.createElement('a');
    const href = links[i];
    if (typeof href === 'string' && href) link.href = href;
    link.textContent = id;
    const row = h(
      'tr',
      `st-${key}`,
      h('td', 'c-id', link),
      h('td', `c-st cell st-${key}`, `${statusSymbol(key)} ${studentStatusLabel(key, L)}`),
      h('td', 'c-pts', `${st.points}/${st.maxPoints}`),
      h('td', 'c-pct', st.maxPoints > 0 ? `${Math.round((100 * st.points) / st.maxPoints)}` : '—'),
    );
    const labs = st.labs ?? {};
    for (const labId of labIds) {
      const status = Object.prototype.hasOwnProperty.call(labs, labId) ? knownStatus(labs[labId]) : 'none';
      const cell = document.createElement('td');
      cell.className = `lab-cell cell st-${status}`;
      cell.textContent = statusSymbol(status);
      cell.title = `${id} · ${labId}: ${status === 'none' ? L.noLab : studentStatusLabel(status, L)}`;
      row.append(cell);
    }
    rows.push(row);
    ids.push(id.toLowerCase());
    body.append(row);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const table = h('table', 'grid', thead, body);
  table.setAttribute('aria-label', L.grid);

  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const hit = !q || (ids[i] as string).includes(q);
      (rows[i] as HTMLElement).hidden = !hit;
      if (hit) n++;
    }
    shown.textContent = L.shown(n, rows.length);
    none.hidden = n > 0;
  });

  const rateBody = document.createElement('tbody');
  for (const r of checkRates(checks)) {
    const fill = h('span', 'bar-fill');
    fill.style.width = `${Math.round((r.rate ?? 0) * 100)}%`;
    rateBody.append(
      h(
        'tr',
        r.rate === null ? 'rate-none' : r.rate < 0.5 ? 'rate-low' : r.rate < 1 ? 'rate-mid' : 'rate-full',
        h('td', null, h('code', null, String(r.lab))),
        h('td', null, h('code', null, String(r.check))),
        h('td', 'c-rate', h('span', 'bar', fill), ' ', h('span', 'rate-pct', r.rate === null ? '—' : `${Math.round(r.rate * 100)}%`)),
        h(
          'td',
          'c-counts',
          // Only the statuses some student got: the passed count always, the others when not 0.
          h('span', 'cell st-passed', `${statusSymbol('passed')} ${r.passed}`),
          r.failed ? h('span', 'cell st-failed', `${statusSymbol('failed')} ${r.failed}`) : null,
          r.error ? h('span', 'cell st-error', `${statusSymbol('error')} ${r.error}`) : null,
          r.skipped ? h('span', 'cell st-skipped', `${statusSymbol('skipped')} ${r.skipped}`) : null,
        ),
      ),
    );
  }
  const rateHead = document.createElement('thead');
  rateHead.append(h('tr', null, h('th', null, L.lab), h('th', null, L.check), h('th', null, L.rate), h('th', null, L.counts)));

  root.append(
    legend,
    h('div', 'tools', search, shown),
    h(
      'main',
      'class-main',
      h('section', 'grid-col', h('div', 'grid-wrap', table), none),
      h('section', 'rates', h('h2', null, L.rates), h('table', 'rate-table', rateHead, rateBody)),
    ),
  );
}

/** Reads the embedded data and draws the page named by `<body data-page>`. */
export function boot(): void {
  performance.mark('labcheck-boot');
  const lang = document.documentElement.lang === 'zh' ? 'zh' : 'en';
  const L = pageLabels(lang);
  const root = document.getElementById('app') as HTMLElement;
  try {
    const data = JSON.parse(document.getElementById('labcheck-data')?.textContent ?? 'null');
    if (document.body.dataset.page === 'class') {
      const links = JSON.parse(document.getElementById('labcheck-links')?.textContent ?? '[]');
      renderClass(root, data, Array.isArray(links) ? links : [], L);
    } else {
      renderStudent(root, data, L);
    }
  } catch (e) {
    root.replaceChildren(h('p', 'banner', L.broken, ' ', String(e)));
  }
  // What tests and the bench wait for: the page is drawn and its handlers are attached.
  document.documentElement.dataset.ready = 'true';
  performance.mark('labcheck-drawn');
}

const VIEWER_PARTS = [
  pageLabels,
  formatSize,
  knownStatus,
  statusSymbol,
  countChecks,
  layerPicture,
  checkRates,
  h,
  renderLayers,
  renderStudent,
  studentStatusLabel,
  studentStatusKey,
  renderClass,
  boot,
];

/** The page's inline script: the functions above by their source, then a call to boot. */
export const VIEWER_SCRIPT = `"use strict";\n(function () {\n${VIEWER_PARTS.map(String).join('\n')}\nboot();\n})();\n`;
