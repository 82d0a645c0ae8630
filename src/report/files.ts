// Reporters that write one file at the end of a run from its `--json` view: the student's HTML page
// (`--html`) and Gradescope's results.json (`--gradescope`). Their renderers load only when they write.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Lang, RunReport } from '../engine/types.js';
import { toJsonReport } from './json.js';
import { writingTo, type Reporter } from './reporter.js';

export interface PageFileOptions {
  lang: Lang;
  file: string;
}

async function writeText(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, 'utf8');
}

/** `--html FILE`: the student's page, one self-contained file that opens from disk. */
export class HtmlReporter implements Reporter {
  constructor(private readonly options: PageFileOptions) {}

  onRunEnd(report: RunReport): Promise<void> {
    const { file, lang } = this.options;
    return writingTo(file, async () => {
      const { renderStudentPage } = await import('./html/student.js');
      await writeText(file, renderStudentPage(toJsonReport(report, lang), { lang }));
    });
  }
}

/** `--gradescope FILE`: Gradescope's autograder results.json. */
export class GradescopeReporter implements Reporter {
  constructor(private readonly options: PageFileOptions) {}

  onRunEnd(report: RunReport): Promise<void> {
    const { file, lang } = this.options;
    return writingTo(file, async () => {
      const { gradescopeJson } = await import('./gradescope.js');
      await writeText(file, gradescopeJson(toJsonReport(report, lang), { lang }));
    });
  }
}
