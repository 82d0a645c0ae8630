import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LABS } from '../../labs/index.js';
import { parseCsvFormat, type CsvOptions } from '../class/csv.js';
import { gradeClass } from '../class/grade.js';
import { fileSafeId } from '../class/ids.js';
import { mergeClass } from '../class/merge-class.js';
import { forEachFile, STUDENTS_DIR, type ClassFiles } from '../class/outputs.js';
import { ClassProgress } from '../class/progress.js';
import { parseShard } from '../class/shard.js';
import { connectEngine } from '../docker/connect.js';
import type { Lang } from '../engine/types.js';
import { ReportWriteError } from '../report/reporter.js';
import { DEFAULT_CLASS_OUT, type CliOptions } from './args.js';
import type { Io } from './app.js';
import { onInterrupt } from './grade.js';

/** class.html and every student's page, unless --no-html; renderers load only when pages are written. */
function pagesFor(options: CliOptions, lang: Lang): ClassFiles['pages'] | undefined {
  if (options.noHtml) return undefined;
  return async (out, classReport, reports) => {
    const { renderClassPage, renderStudentPage } = await import('../report/html/index.js');
    const write = async (file: string, text: string) => {
      try {
        await writeFile(file, text, 'utf8');
      } catch (e) {
        throw new ReportWriteError(file, e);
      }
    };
    await mkdir(join(out, STUDENTS_DIR), { recursive: true });
    await forEachFile(reports, (report) => write(join(out, STUDENTS_DIR, `${fileSafeId(report.student)}.html`), renderStudentPage(report, { lang })));
    await write(join(out, 'class.html'), renderClassPage(classReport, { lang, studentHref: (id) => `${STUDENTS_DIR}/${fileSafeId(id)}.html` }));
  };
}

const csvOf = (options: CliOptions, lang: Lang): CsvOptions => ({
  format: parseCsvFormat(options.csvFormat ?? 'plain'),
  ...(options.assignment !== undefined ? { assignment: options.assignment } : {}),
  lang,
});

/** `labcheck grade CLASS_DIR`: parse, connect, and hand the class to the grader. */
export async function gradeCommand(options: CliOptions, lang: Lang, io: Io): Promise<number> {
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const csv = csvOf(options, lang);
  const engine = await connectEngine(io.env);
  const controller = new AbortController();
  const stopListening = onInterrupt(controller);
  try {
    const out = resolve(options.out ?? DEFAULT_CLASS_OUT);
    const pages = pagesFor(options, lang);
    const { exitCode } = await gradeClass({
      labs: LABS,
      input: options.labs[0] as string,
      out,
      jobs: options.jobs,
      submissionTimeoutMs: options.submissionTimeoutS * 1000,
      force: options.force,
      ...(options.only ? { only: options.only } : {}),
      ...(shard ? { shard } : {}),
      csv,
      lang,
      ...(options.registry ? { registry: options.registry } : {}),
      timeoutMs: options.timeoutMs,
      engine,
      signal: controller.signal,
      progress: new ClassProgress(io.stderr, lang, io.env),
      ...(io.env.LABCHECK_DOCKER ? { dockerBin: io.env.LABCHECK_DOCKER } : {}),
      ...(pages ? { pages } : {}),
    });
    io.stdout.write(lang === 'zh' ? `班级报告：${out}（class.json、grades.csv、junit.xml${pages ? '、class.html' : ''}）\n` : `class reports in ${out} (class.json, grades.csv, junit.xml${pages ? ', class.html' : ''})\n`);
    return exitCode;
  } finally {
    stopListening();
  }
}

/** `labcheck merge OUT_DIR... --out DIR`. */
export async function mergeCommand(options: CliOptions, lang: Lang, io: Io): Promise<number> {
  const out = resolve(options.out as string);
  const pages = pagesFor(options, lang);
  const { exitCode, classReport, ignored } = await mergeClass({ shards: options.labs.map((d) => resolve(d)), out, csv: csvOf(options, lang), lang, ...(pages ? { pages } : {}) });
  const { students, graded } = classReport.summary;
  if (ignored) io.stderr.write(`labcheck: ${ignored} report(s) in the shards' folders were not listed in their shard.json (left over from an earlier run) and were not merged\n`);
  io.stdout.write(lang === 'zh' ? `已合并 ${options.labs.length} 个分片：${students} 名学生（已评分 ${graded}），报告在 ${out}\n` : `merged ${options.labs.length} shard(s): ${students} students (${graded} graded), reports in ${out}\n`);
  return exitCode;
}
