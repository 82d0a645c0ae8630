import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLab, failed, verdict, type CheckDef } from '../../src/engine/define.js';
import type { LabContext } from '../../src/engine/context.js';
import type { Outcome, Text } from '../../src/engine/types.js';
import { t } from '../../src/engine/lang.js';
import { addsAppJs, analyzeDockerfile, entrypointExecNode, fromNode12, parses, type DockerfileFacts, type Judgement } from '../../checks/dockerfile.js';

export const DOCKERFILE_RECORD = 'dockerfile.read';

// A Dockerfile is a few lines; a bigger file is not what the student meant to write.
const MAX_BYTES = 1024 * 1024;

export interface DockerfileRead {
  /** The folder as the student knows it (--workdir), for messages. */
  shownDir: string;
  /** The file's name as found: `Dockerfile`, or `dockerfile`, which Docker also takes. */
  name?: string;
  content?: string;
  problem?: Text;
}

/** Reads DIR/Dockerfile as `docker build` would find it; a missing or unreadable one is a problem in the student's terms. */
export async function readDockerfile(dir: string, shownDir: string): Promise<DockerfileRead> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const name = ['Dockerfile', 'dockerfile'].find((n) => entries.includes(n));
  if (!name) {
    const near = entries.filter((e) => /dockerfile/i.test(e)).slice(0, 5);
    const seen = near.length
      ? { en: ` (it holds ${near.join(', ')}; docker build looks for a file named exactly Dockerfile)`, zh: `（其中有 ${near.join('、')}；docker build 只找名为 Dockerfile 的文件）` }
      : { en: '', zh: '' };
    return { shownDir, problem: t(`expected a Dockerfile in ${shownDir}; there is none${seen.en}`, `期望 ${shownDir} 中有 Dockerfile；但没有${seen.zh}`) };
  }
  const path = join(dir, name);
  try {
    const info = await stat(path);
    if (!info.isFile()) return { shownDir, name, problem: t(`expected ${name} in ${shownDir} to be a file; it is not`, `${shownDir} 中的 ${name} 应该是文件；实际不是`) };
    if (info.size > MAX_BYTES) {
      return { shownDir, name, problem: t(`expected a Dockerfile of a few lines; ${name} in ${shownDir} is ${info.size} bytes`, `Dockerfile 应只有几行；${shownDir} 中的 ${name} 有 ${info.size} 字节`) };
    }
    return { shownDir, name, content: await readFile(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return { shownDir, name, problem: t(`expected a readable Dockerfile in ${shownDir}; ${name} cannot be read (${code})`, `期望 ${shownDir} 中的 Dockerfile 可读；${name} 无法读取（${code}）`) };
  }
}

/** The Dockerfile this run judges: the copy the steps read (run), or the student's folder as it is now (check). */
async function submitted(ctx: LabContext): Promise<DockerfileRead | undefined> {
  return ctx.mode === 'check' ? readDockerfile(ctx.workdir, ctx.workdir) : ctx.recorded<DockerfileRead>(DOCKERFILE_RECORD);
}

/** A check that judges the Dockerfile's facts with one of checks/dockerfile.ts's judgements. */
function fileCheck(def: Omit<CheckDef, 'run'>, judge: (facts: DockerfileFacts) => Judgement): CheckDef {
  return {
    ...def,
    async run(ctx): Promise<Outcome> {
      const read = await submitted(ctx);
      if (!read) return failed(t("expected the Dockerfile handed to this run; the lab's steps did not read one", '期望本次运行拿到 Dockerfile；但实验步骤没有读取它'));
      if (read.content === undefined) return failed(read.problem ?? t('the Dockerfile is missing', '缺少 Dockerfile'));
      const judgement = judge(analyzeDockerfile(read.content));
      return verdict(judgement.ok, judgement.message, judgement.message);
    },
  };
}

export default defineLab({
  id: 'dockerfile',
  section: '创建一个Dockerfile',
  title: t('Write the Dockerfile', '创建一个 Dockerfile'),
  dependsOn: [],
  // The student writes the file; the steps take it as handed in, so every check judges the same text.
  async solve(ctx) {
    ctx.record(DOCKERFILE_RECORD, await readDockerfile(ctx.buildDir, ctx.workdir));
  },
  checks: [
    fileCheck(
      {
        id: 'parses',
        title: t('the Dockerfile parses', 'Dockerfile 可以解析'),
        points: 1,
        hint: t(
          'Each line is an instruction keyword followed by its arguments, and the first instruction is FROM.',
          '每一行都是一个指令关键字加上它的参数，第一条指令是 FROM。',
        ),
      },
      parses,
    ),
    fileCheck(
      {
        id: 'from-node-12',
        title: t('it builds FROM node:12', '它基于 node:12 构建（FROM node:12）'),
        points: 1,
        hint: t(
          'The base image is a name and a tag; the chapter picks the Node.js image with the tag it names.',
          '基础镜像由名称和标签组成；本章选用的是 Node.js 镜像和它指定的标签。',
        ),
      },
      fromNode12,
    ),
    fileCheck(
      {
        id: 'adds-app-js',
        title: t('it adds app.js as /app.js', '它把 app.js 添加为 /app.js'),
        points: 1,
        hint: t(
          'ADD takes a source in the build context and a destination in the image; the file keeps its name at the image\'s root.',
          'ADD 接收构建上下文中的源文件和镜像中的目标路径；文件以原名放在镜像的根目录下。',
        ),
      },
      addsAppJs,
    ),
    fileCheck(
      {
        id: 'entrypoint-exec-node',
        title: t('ENTRYPOINT in exec form runs `node app.js`', 'exec 形式的 ENTRYPOINT 运行 `node app.js`'),
        points: 1,
        hint: t(
          'The exec form is a JSON array of strings: the program first, then its arguments.',
          'exec 形式是一个字符串 JSON 数组：先写程序，再写它的参数。',
        ),
      },
      entrypointExecNode,
    ),
  ],
});
