import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLab, failed, verdict, type CheckDef } from '../../src/engine/define.js';
import type { LabContext } from '../../src/engine/context.js';
import type { Outcome } from '../../src/engine/types.js';
import { t } from '../../src/engine/lang.js';
import { findFile, type FileFound, type FileWanted } from '../../checks/files.js';
import { addsAppJs, analyzeDockerfile, entrypointExecNode, fromNode12, parses, type DockerfileFacts, type Judgement } from '../../checks/dockerfile.js';

export const DOCKERFILE_RECORD = 'dockerfile.read';

// A Dockerfile is a few lines; a bigger file is not what the student meant to write.
const MAX_BYTES = 1024 * 1024;

export interface DockerfileRead extends FileFound {
  content?: string;
}

const DOCKERFILE: FileWanted = {
  // `dockerfile` too: docker build takes it when there is no Dockerfile.
  names: ['Dockerfile', 'dockerfile'],
  called: t('a Dockerfile', 'Dockerfile'),
  lookalike: (e) => /dockerfile/i.test(e),
  lookalikeNote: t('; docker build looks for a file named exactly Dockerfile', '；docker build 只找名为 Dockerfile 的文件'),
};

/** Reads DIR/Dockerfile as `docker build` would find it; a missing or unreadable one is a problem in the student's terms. */
export async function readDockerfile(dir: string, shownDir: string): Promise<DockerfileRead> {
  const file = await findFile(dir, shownDir, DOCKERFILE);
  if (!file.found || !file.name) return file;
  if ((file.size ?? 0) > MAX_BYTES) {
    return { ...file, problem: t(`expected a Dockerfile of a few lines; ${file.name} in ${shownDir} is ${file.size} bytes`, `Dockerfile 应只有几行；${shownDir} 中的 ${file.name} 有 ${file.size} 字节`) };
  }
  try {
    return { ...file, content: await readFile(join(dir, file.name), 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return { ...file, problem: t(`expected a Dockerfile in ${shownDir}; ${file.name} cannot be read (${code})`, `期望 ${shownDir} 中有 Dockerfile；但 ${file.name} 无法读取（${code}）`) };
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
