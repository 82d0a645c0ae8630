import { LABS, labIds } from '../../labs/index.js';
import { detectLang } from '../engine/lang.js';
import { isEnvironmentFailure, isUsageError, UsageError } from '../engine/errors.js';
import type { Lang } from '../engine/types.js';
import { packageVersion } from '../paths.js';
import { parseCli, USAGE, type CliOptions } from './args.js';
import { grade } from './grade.js';
import { writeSetupFailure } from './failure.js';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const defaultIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

function listLabs(options: CliOptions, lang: Lang, io: Io): number {
  if (options.listJson) {
    const labs = LABS.map((lab) => ({ id: lab.id, section: lab.section, title: lab.title[lang], dependsOn: lab.dependsOn }));
    io.stdout.write(`${JSON.stringify({ tool: 'labcheck', version: packageVersion(), labs }, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...LABS.map((lab) => lab.id.length));
  for (const lab of LABS) io.stdout.write(`${lab.id.padEnd(width)}  ${lab.title[lang]}  (${lab.section})\n`);
  return 0;
}

/** Runs one labcheck command and returns its exit code; never throws. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let options: CliOptions | undefined;
  let lang: Lang = detectLang(undefined, io.env);
  try {
    options = parseCli(argv);
    lang = detectLang(options.lang, io.env);
    switch (options.command) {
      case 'version':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return 0;
      case 'list':
        return listLabs(options, lang, io);
      case 'check':
      case 'run':
      case 'solve':
      case 'selftest': {
        const unknown = options.labs.filter((id) => !labIds().includes(id));
        if (unknown.length) {
          throw new UsageError(`unknown lab ${unknown.map((id) => `"${id}"`).join(', ')}; the labs are: ${labIds().join(', ')}`);
        }
        return await grade(options, lang, io);
      }
      case 'doctor':
        return await (await import('../doctor/doctor.js')).doctor(options.port, lang, io);
      case 'clean':
        return await (await import('./clean.js')).clean(lang, io);
      case 'grade':
        return await (await import('./class.js')).gradeCommand(options, lang, io);
      case 'merge':
        return await (await import('./class.js')).mergeCommand(options, lang, io);
      case 'init': {
        const { initStudentRepo } = await import('../init/init.js');
        const { dir, files } = await initStudentRepo(options.labs[0] ?? '.');
        for (const file of files) io.stdout.write(`  created ${file}\n`);
        io.stdout.write(lang === 'zh' ? `已在 ${dir} 中创建学生仓库模板；提交并推送后，CI 会为每次推送评分。\n` : `created the student repository template in ${dir}; commit and push it, and CI grades every push.\n`);
        return 0;
      }
    }
  } catch (e) {
    // The user's input (2), the machine (3), or labcheck itself (4): never folded into one another.
    const code = isUsageError(e) ? 2 : isEnvironmentFailure(e) ? 3 : 4;
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`labcheck: ${message}\n`);
    if (code === 2) io.stderr.write('Run labcheck --help for usage.\n');
    if (code === 4) {
      io.stderr.write(options?.debug || argv.includes('--debug') ? `${(e as Error)?.stack ?? ''}\n` : 'This is a bug in labcheck; please report it (run again with --debug for the stack trace).\n');
    }
    await writeSetupFailure(argv, options, lang, message, io);
    return code;
  }
}
