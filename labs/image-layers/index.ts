import { defineLab, failed, notApplicable, passed, skipped, verdict } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import { KEEP_LABEL, OWNER_LABEL, RUN_LABEL, type CheckContext } from '../../src/engine/context.js';
import type { LayerFacts, Outcome, Text } from '../../src/engine/types.js';
import { t } from '../../src/engine/lang.js';
import type { CliResult } from '../../src/docker/cli.js';
import { analyzeDockerfile } from '../../checks/dockerfile.js';
import { findBase, pullImage, readImage, type FoundImage } from '../../checks/image-base.js';
import { judgeLayers, judgeRootfs, layerFacts, withoutBuildLabels, type HistoryEntry } from '../../checks/history.js';
import { readDockerfile } from '../dockerfile/index.js';
import { historyRows } from '../../checks/cli-json.js';

const HISTORY_RECORD = recordKey<CliResult>('image-layers.history');

/**
 * The labels labcheck's own build put on the image, which the legacy builder records as history entries:
 * this run's (run, solve), or in check mode those of the labcheck solve that built the image, read back
 * from the image. Only labcheck's own keys: a LABEL the Dockerfile writes is the student's entry.
 */
function buildLabels(ctx: CheckContext, image: FoundImage): Record<string, string> {
  if (ctx.labelled) return ctx.labels;
  if (image.labels[RUN_LABEL] === undefined) return {};
  return Object.fromEntries([RUN_LABEL, OWNER_LABEL, KEEP_LABEL].filter((k) => image.labels[k] !== undefined).map((k) => [k, image.labels[k]!]));
}

interface Layers {
  history: HistoryEntry[];
  image: FoundImage;
  base: FoundImage;
  /** The final chain's instructions of the file the build used, oldest first (to name what the legacy history hides). */
  fileInstructions?: Array<{ keyword: string; sources?: string[] }>;
}

/** The image and the base the build actually used: the one its Dockerfile (whichever name docker build took) names, as the image's own layers confirm. */
async function layersOf(ctx: CheckContext): Promise<Layers | { problem: Text; undetermined?: boolean }> {
  // The lab is reading the layers: where labcheck performs the steps, they are judged once `docker history` ran.
  if (ctx.mode !== 'check' && !ctx.recorded(HISTORY_RECORD)?.ok) {
    return { problem: t('expected the layers to be read with `docker history` first; it did not run or failed', '期望先用 `docker history` 查看镜像的层；但它没有运行或失败了') };
  }
  const docker = await ctx.docker();
  const found = await readImage(docker, ctx.names.kubiaImage);
  if (!found) return { problem: t(`expected the image ${ctx.names.kubiaImage} in the local store; it is not there`, `期望本地镜像库中有 ${ctx.names.kubiaImage}；但没有`) };
  const history = withoutBuildLabels(found.history, buildLabels(ctx, found));
  const read = await readDockerfile(ctx.mode === 'check' ? ctx.workdir : ctx.buildDir, ctx.workdir);
  const facts = read.content === undefined ? undefined : analyzeDockerfile(read.content);
  const named = facts?.base;
  const ref = named && !named.unresolved ? named.image : undefined;
  const image = { layers: found.layers, history, id: found.id };
  let base = await findBase(docker, image, ref);
  if (!base && ref) {
    // In the store but not at the image's bottom: the judgements say the image is not built FROM it.
    base = await readImage(docker, ref);
    // BuildKit does not keep the base it pulled in the image store; a run may fetch it, a check makes nothing.
    if (!base && ctx.mode !== 'check' && (await pullImage(docker, ref))) base = (await findBase(docker, image, ref)) ?? (await readImage(docker, ref));
  }
  if (!base && ref && ctx.mode === 'check') {
    // BuildKit builds leave the base out of `docker images`: not the student's fault, and check pulls nothing.
    return {
      undetermined: true,
      problem: t(
        `the base image ${ref} is not in the local store, so the entries above it cannot be counted; \`docker pull ${ref}\` lets labcheck compare`,
        `本地镜像库中没有基础镜像 ${ref}，无法计算其上的条目；运行 \`docker pull ${ref}\` 后 labcheck 才能比较`,
      ),
    };
  }
  if (!base) {
    return {
      problem: t(
        `expected the base image${ref ? ` ${ref}` : ''} in the local store, with its layers at the bottom of ${ctx.names.kubiaImage}'s; no image there is`,
        `期望本地镜像库中有基础镜像${ref ? ` ${ref}` : ''}，且它的层位于 ${ctx.names.kubiaImage} 的最底部；但没有这样的镜像`,
      ),
    };
  }
  // ADD/COPY words as Docker processed them (quotes, variables), as BuildKit's history shows them.
  const adds = [...(facts?.adds ?? [])];
  const fileInstructions = facts?.finalChain
    .flatMap((s) => s.instructions)
    .map((i) => (i.keyword === 'ADD' || i.keyword === 'COPY' ? { keyword: i.keyword, sources: adds.shift()?.sources ?? [] } : { keyword: i.keyword }));
  return { history, image: found, base, ...(fileInstructions ? { fileInstructions } : {}) };
}

const input = (layers: Layers) => ({
  history: layers.history,
  baseHistory: layers.base.history,
  rootfsLayers: layers.image.layers,
  baseRootfsLayers: layers.base.layers,
  baseRef: layers.base.ref,
  baseWorkdir: layers.base.workdir,
});

/** The outcome with the facts the layers picture is drawn from. */
function withLayers(outcome: Outcome, layers: Layers): Outcome {
  const facts: LayerFacts | undefined = layerFacts({ ...input(layers), baseSize: layers.base.size, ...(layers.fileInstructions ? { fileInstructions: layers.fileInstructions } : {}) });
  return facts ? { ...outcome, layers: facts } : outcome;
}

export default defineLab({
  id: 'image-layers',
  section: '理解镜像中的层是什么',
  title: t('Read the layers of the image', '理解镜像中的层'),
  dependsOn: ['build-image'],
  async solve(ctx) {
    ctx.record(HISTORY_RECORD, await ctx.step(['history', '--no-trunc', '--format', '{{json .}}', ctx.names.kubiaImage]));
  },
  checks: [
    {
      id: 'history-listed',
      title: t("`docker history` lists the image's layers", '`docker history` 列出了镜像的层'),
      points: 1,
      hint: t('docker history takes the image name and prints its layers, newest first.', 'docker history 接收镜像名，并从最新的层开始打印镜像的层。'),
      async run(ctx) {
        if (ctx.mode === 'check') {
          return notApplicable(t('the engine keeps no record of `docker history` being run; its content is judged by the next checks', '引擎不会记录是否运行过 `docker history`；其内容由后面的检查评判'));
        }
        const history = ctx.recorded(HISTORY_RECORD);
        if (!history) return failed(t('expected `docker history` to be run; it was not', '期望运行 `docker history`；但没有运行'));
        if (!history.ok) return failed(t(`expected ${history.command} to list the layers; it failed: ${history.stderr.trim()}`, `期望 ${history.command} 列出镜像的层；实际失败：${history.stderr.trim()}`));
        const rows = historyRows(history.stdout);
        return verdict(
          rows.length > 0 && rows.some((r) => /ENTRYPOINT/.test(r.createdBy)),
          t(`${history.command} listed ${rows.length} entries, ENTRYPOINT among them`, `${history.command} 列出了 ${rows.length} 条记录，其中包括 ENTRYPOINT`),
          t(`expected ${history.command} to list entries with the ENTRYPOINT; saw:\n${history.stdout.slice(0, 2000)}`, `期望 ${history.command} 列出包含 ENTRYPOINT 的记录；实际为：\n${history.stdout.slice(0, 2000)}`),
        );
      },
    },
    {
      id: 'history-above-base',
      title: t('two history entries above the base: ADD app.js, then ENTRYPOINT on top', '基础镜像之上有两条历史：ADD app.js，最上面是 ENTRYPOINT'),
      points: 2,
      hint: t(
        'Each Dockerfile instruction after FROM adds one history entry; compare `docker history` of your image with that of its base.',
        'FROM 之后的每条 Dockerfile 指令都会增加一条历史记录；把你的镜像与其基础镜像的 `docker history` 对比一下。',
      ),
      async run(ctx) {
        const layers = await layersOf(ctx);
        if ('problem' in layers) return layers.undetermined ? skipped(layers.problem) : failed(layers.problem);
        const judged = judgeLayers(input(layers));
        return withLayers(judged.ok ? passed(judged.message) : failed(judged.message), layers);
      },
    },
    {
      id: 'one-more-layer',
      title: t('exactly one filesystem layer more than the base', '比基础镜像恰好多一个文件系统层'),
      points: 1,
      hint: t(
        'Only instructions that change files (ADD, COPY, RUN) make a filesystem layer; see RootFS in `docker inspect`.',
        '只有改变文件的指令（ADD、COPY、RUN）才会产生文件系统层；看看 `docker inspect` 中的 RootFS。',
      ),
      async run(ctx) {
        const layers = await layersOf(ctx);
        if ('problem' in layers) return layers.undetermined ? skipped(layers.problem) : failed(layers.problem);
        const judged = judgeRootfs(layers.image.layers, layers.base.layers, layers.base.ref);
        return withLayers(judged.ok ? passed(judged.message) : failed(judged.message), layers);
      },
    },
  ],
});
