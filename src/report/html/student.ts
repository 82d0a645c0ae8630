import type { StudentReport } from '../../class/types.js';
import type { Lang } from '../../engine/types.js';
import type { JsonReport } from '../json.js';
import { forPage, PAGE_TEXT_MAX } from './cut.js';
import { renderPage } from './page.js';

export interface StudentPageOptions {
  /** The report's language: its texts are in it, and the page's own labels follow it. */
  lang: Lang;
  /** Longest text shown whole (default PAGE_TEXT_MAX). */
  maxChars?: number;
}

/** One run's report (`--json` shape, or a graded student's) as a self-contained HTML page. */
export function renderStudentPage(report: JsonReport | StudentReport, options: StudentPageOptions): string {
  return renderPage('student', options.lang, forPage(report, options.lang, options.maxChars ?? PAGE_TEXT_MAX));
}
