import type { ClassReport } from '../../class/types.js';
import type { Lang } from '../../engine/types.js';
import { forPage, PAGE_TEXT_MAX } from './cut.js';
import { pathToHref } from './href.js';
import { renderPage } from './page.js';

export interface ClassPageOptions {
  lang: Lang;
  /** The path of a student's page relative to class.html, `/`-separated (e.g. `students/<file-safe id>.html`). */
  studentHref: (studentId: string) => string;
  maxChars?: number;
}

/**
 * class.json as a self-contained HTML page. The links to the students' pages go in their own JSON
 * element (`labcheck-links`, one per student in order), so the embedded data stays class.json.
 */
export function renderClassPage(report: ClassReport, options: ClassPageOptions): string {
  const links = report.students.map((s) => pathToHref(options.studentHref(s.id)));
  return renderPage('class', options.lang, forPage(report, options.lang, options.maxChars ?? PAGE_TEXT_MAX), { 'labcheck-links': links });
}
