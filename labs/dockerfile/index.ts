import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLab, failed, passed, skipped, type CheckDef } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import type { CheckContext } from '../../src/engine/context.js';
import type { Outcome } from '../../src/engine/types.js';
import { t } from '../../src/engine/lang.js';
import type { CliResult } from '../../src/docker/cli.js';
import { findFile, type FileFound, type FileWanted } from '../../checks/files.js';
import { addsAppJs, analyzeDockerfile, entrypointExecNode, type CommandEvidence, type DockerfileFacts, type Judgement } from '../../checks/dockerfile.js';
import { parses, type BuildEvidence } from '../../checks/dockerfile-parses.js';
import { fromNode12, type BaseEvidence } from '../../checks/dockerfile-base.js';
import { findBase, readImage, type FoundImage } from '../../checks/image-base.js';
import { BUILD_RECORD } from '../build-image/index.js';
import { kindOf } from '../../src/docker/engine-info.js';

export const DOCKERFILE_RECORD = recordKey<DockerfileRead>('dockerfile.read');

// A Dockerfile is a few lines; a bigger file is not what the student meant to write.
const MAX_BYTES = 1024 * 1024;
// The registry's answer for node:12 is evidence only: past this, the check goes on without it.
const REGISTRY_WAIT_MS = 5000;

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

/** Reads DIR/Dockerfile (else DIR/dockerfile) as `docker build` would find it; a missing or unreadable one is a problem in the student's terms. */
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
async function submitted(ctx: CheckContext): Promise<DockerfileRead | undefined> {
  return ctx.mode === 'check' ? readDockerfile(ctx.workdir, ctx.workdir) : ctx.recorded(DOCKERFILE_RECORD);
}

/** This run's build of the file (build-image's step), when build-image is part of the run. */
const buildOf = (ctx: CheckContext): CliResult | undefined => (ctx.mode === 'check' ? undefined : ctx.recorded(BUILD_RECORD));

/**
 * The image Docker built from the file: this run's build (run), else the chapter's image in the store
 * (check), which may be older than the file and so only speaks where it matches a reading of it.
 */
async function imageOf(ctx: CheckContext): Promise<{ image: FoundImage; fromThisFile: boolean } | undefined> {
  const build = buildOf(ctx);
  if (ctx.mode !== 'check' && !build?.ok) return undefined;
  const image = await readImage(await ctx.docker(), ctx.names.kubiaImage);
  return image ? { image, fromThisFile: ctx.mode !== 'check' } : undefined;
}

async function registryDigest(ctx: CheckContext, ref: string): Promise<string | undefined> {
  const docker = await ctx.docker();
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      docker.getImage(ref).distribution(),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), REGISTRY_WAIT_MS);
      }),
    ]);
    return answer?.Descriptor?.digest;
  } catch {
    // No answer from the registry is no evidence either way.
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** What the engine shows of the base a pinned digest names: the image built on it, node:12, the registry. */
async function baseEvidence(ctx: CheckContext, facts: DockerfileFacts): Promise<BaseEvidence> {
  if (!facts.base?.digest) return {};
  const docker = await ctx.docker();
  const [built, node12, digest] = await Promise.all([imageOf(ctx), readImage(docker, 'node:12'), registryDigest(ctx, 'node:12')]);
  const evidence: BaseEvidence = {};
  if (built) evidence.built = built.image;
  if (node12) evidence.node12 = node12;
  if (digest) evidence.registryDigest = digest;
  if (built && !(node12?.repoDigests.some((d) => d.endsWith(`@${facts.base!.digest}`)) || digest === facts.base.digest)) {
    const on = await findBase(docker, built.image);
    if (on) evidence.builtOn = on.ref;
  }
  return evidence;
}

/** What the image says of the command and where it starts; in check mode only when the file's reading needs it. */
async function commandEvidence(ctx: CheckContext, facts: DockerfileFacts): Promise<CommandEvidence | undefined> {
  if (ctx.mode === 'check' && facts.entrypoint?.trailing === undefined) return undefined;
  const built = await imageOf(ctx);
  return built ? { entrypoint: built.image.entrypoint, workdir: built.image.workdir, fromThisFile: built.fromThisFile } : undefined;
}

/** The base image's WORKDIR, which relative destinations start from: the image built from the file has it when the file sets none. */
async function baseWorkdir(ctx: CheckContext, facts: DockerfileFacts): Promise<string | undefined> {
  const relative = facts.adds.some((a) => a.dest !== undefined && !a.dest.startsWith('/'));
  if (!relative || !facts.base) return undefined;
  const setsWorkdir = facts.finalChain.some((s) => s.instructions.some((i) => i.keyword === 'WORKDIR'));
  const built = setsWorkdir ? undefined : await imageOf(ctx);
  if (built?.fromThisFile) return built.image.workdir;
  return (await readImage(await ctx.docker(), facts.base.image))?.workdir;
}

/** The file's facts, with relative destinations resolved from the base image's WORKDIR where it matters. */
async function factsOf(ctx: CheckContext, content: string): Promise<DockerfileFacts> {
  const facts = analyzeDockerfile(content);
  const workdir = await baseWorkdir(ctx, facts);
  return workdir ? analyzeDockerfile(content, { baseWorkdir: workdir }) : facts;
}

/** A check that judges the Dockerfile with one of the judgements, given what it may need of the engine. */
function fileCheck(def: Omit<CheckDef, 'run'>, judge: (ctx: CheckContext, content: string) => Promise<Judgement>): CheckDef {
  return {
    ...def,
    async run(ctx): Promise<Outcome> {
      const read = await submitted(ctx);
      if (!read) return failed(t("expected the Dockerfile handed to this run; the lab's steps did not read one", '期望本次运行拿到 Dockerfile；但实验步骤没有读取它'));
      if (read.content === undefined) return failed(read.problem ?? t('the Dockerfile is missing', '缺少 Dockerfile'));
      const judgement = await judge(ctx, read.content);
      const outcome = judgement.undetermined ? skipped(judgement.message) : judgement.ok ? passed(judgement.message) : failed(judgement.message);
      return read.name && judgement.line !== undefined ? { ...outcome, location: { file: read.name, line: judgement.line } } : outcome;
    },
  };
}

export default defineLab({
  id: 'dockerfile',
  section: '创建一个Dockerfile',
  title: t('Write the Dockerfile', '创建一个 Dockerfile'),
  dependsOn: [],
  // build-image's build is Docker's own reading of this file: when it is part of the run, judge after it.
  after: ['build-image'],
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
      async (ctx, content) => {
        // Buildah parses otherwise than Docker (it takes ENV with a flag or instructions before FROM, refuses
        // `FROM x As y`): on Podman a build is no word on how Docker parses the file, labcheck's reading is.
        const build = (await kindOf(await ctx.docker())) === 'podman' ? undefined : buildOf(ctx);
        const evidence: BuildEvidence | undefined = build ? { ok: build.ok, output: `${build.stdout}\n${build.stderr}`, command: build.command } : undefined;
        return parses(analyzeDockerfile(content), evidence);
      },
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
      async (ctx, content) => {
        const facts = analyzeDockerfile(content);
        return fromNode12(facts, await baseEvidence(ctx, facts));
      },
    ),
    fileCheck(
      {
        id: 'adds-app-js',
        title: t('it adds app.js as /app.js', '它把 app.js 添加为 /app.js'),
        points: 1,
        hint: t(
          "ADD takes a source in the build context and a destination in the image; the file keeps its name at the image's root.",
          'ADD 接收构建上下文中的源文件和镜像中的目标路径；文件以原名放在镜像的根目录下。',
        ),
      },
      async (ctx, content) => addsAppJs(await factsOf(ctx, content)),
    ),
    fileCheck(
      {
        id: 'entrypoint-exec-node',
        title: t('ENTRYPOINT in exec form runs `node app.js`', 'exec 形式的 ENTRYPOINT 运行 `node app.js`'),
        points: 1,
        hint: t('The exec form is a JSON array of strings: the program first, then its arguments.', 'exec 形式是一个字符串 JSON 数组：先写程序，再写它的参数。'),
      },
      async (ctx, content) => {
        const facts = await factsOf(ctx, content);
        return entrypointExecNode(facts, await commandEvidence(ctx, facts));
      },
    ),
  ],
});
