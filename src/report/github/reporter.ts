import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Lang, RunReport } from '../../engine/types.js';
import { toJsonReport } from '../json.js';
import { writingTo, type Reporter, type RunStartInfo } from '../reporter.js';
import { resumeCommands, stopCommands, toAnnotations } from './annotations.js';
import { appendJobSummary, toJobSummary } from './summary.js';

export interface GithubReporterOptions {
  lang: Lang;
  /** Where the job log is read: the terminal checklist's stream. */
  stream: { write(chunk: string): unknown };
  /** GITHUB_STEP_SUMMARY: appended to, never overwritten. */
  summaryFile?: string;
}

/**
 * Inside GitHub Actions: workflow commands are switched off while the run prints student output (an
 * app that logs `::notice::` forges nothing), then each failed check becomes an annotation on its
 * file and line, and the job summary is appended.
 */
export class GithubReporter implements Reporter {
  private readonly token = randomBytes(16).toString('hex');
  private stopped = false;

  constructor(private readonly options: GithubReporterOptions) {}

  onRunStart(_info: RunStartInfo): void {
    this.options.stream.write(`${stopCommands(this.token)}\n`);
    this.stopped = true;
  }

  async onRunEnd(report: RunReport): Promise<void> {
    const { lang, stream, summaryFile } = this.options;
    const json = toJsonReport(report, lang);
    if (this.stopped) stream.write(`${resumeCommands(this.token)}\n`);
    stream.write(toAnnotations(json, lang));
    if (summaryFile) await writingTo(summaryFile, () => appendJobSummary(summaryFile, toJobSummary(json, lang)));
  }
}

export interface SummaryReporterOptions {
  lang: Lang;
  file: string;
}

/** `--summary FILE`: the job summary's Markdown written anywhere (a GitLab artifact, a merge request note). */
export class SummaryReporter implements Reporter {
  constructor(private readonly options: SummaryReporterOptions) {}

  onRunEnd(report: RunReport): Promise<void> {
    const { file, lang } = this.options;
    return writingTo(file, async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, toJobSummary(toJsonReport(report, lang), lang), 'utf8');
    });
  }
}
