import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLab, failed, passed, skipped, verdict } from '../../src/engine/define.js';
import type { LabContext } from '../../src/engine/context.js';
import { t } from '../../src/engine/lang.js';
import { inspectImage } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { analyzeDockerfile } from '../../checks/dockerfile.js';
import { classifyHistoryLine, judgeLayers, judgeRootfs, type HistoryEntry } from '../../checks/history.js';

const HISTORY_RECORD = 'image-layers.history';
const DEFAULT_BASE = 'node:12';

/** The base the Dockerfile names (node:12 in the chapter); layers are counted relative to it. */
async function baseRef(ctx: LabContext): Promise<string> {
  try {
    const facts = analyzeDockerfile(await readFile(join(ctx.buildDir, 'Dockerfile'), 'utf8'));
    return facts.base && !facts.base.unresolved ? facts.base.image : DEFAULT_BASE;
  } catch {
    return DEFAULT_BASE;
  }
}

/** True for the LABEL entry that `docker build --label io.labcheck.…` makes in the legacy builder. */
function isOwnLabel(entry: HistoryEntry): boolean {
  const line = classifyHistoryLine(entry.CreatedBy, entry.Comment);
  const keys = line.args.split(/\s+/).filter(Boolean).map((pair) => pair.split('=')[0] ?? '');
  return line.kind === 'LABEL' && keys.length > 0 && keys.every((k) => k.startsWith('io.labcheck.'));
}

/** The legacy builder adds a history entry per `--label`; those on top are labcheck's, not the student's. */
export function withoutOwnLabels(history: readonly HistoryEntry[]): HistoryEntry[] {
  let start = 0;
  while (start < history.length && isOwnLabel(history[start] as HistoryEntry)) start++;
  return history.slice(start);
}

interface Layers {
  history: HistoryEntry[];
  baseHistory: HistoryEntry[];
  rootfs: string[];
  baseRootfs: string[];
  base: string;
}

async function layersOf(ctx: LabContext): Promise<Layers | { missing: string } | { unread: true }> {
  // The lab is reading the layers: where labcheck performs the steps, they are judged once `docker history` ran.
  if (ctx.mode !== 'check' && !ctx.recorded<CliResult>(HISTORY_RECORD)?.ok) return { unread: true };
  const docker = await ctx.docker();
  const base = await baseRef(ctx);
  const [image, baseImage] = await Promise.all([inspectImage(docker, ctx.names.kubiaImage), inspectImage(docker, base)]);
  if (!image) return { missing: ctx.names.kubiaImage };
  if (!baseImage) return { missing: base };
  const [history, baseHistory] = await Promise.all([docker.getImage(image.Id).history(), docker.getImage(baseImage.Id).history()]);
  return {
    history: withoutOwnLabels(history as HistoryEntry[]),
    baseHistory: baseHistory as HistoryEntry[],
    rootfs: image.RootFS.Layers ?? [],
    baseRootfs: baseImage.RootFS.Layers ?? [],
    base,
  };
}

function notJudged(layers: { missing: string } | { unread: true }) {
  if ('unread' in layers) return failed(t('expected the layers to be read with `docker history` first; it did not run or failed', '期望先用 `docker history` 查看镜像的层；但它没有运行或失败了'));
  return failed(t(`expected the image ${layers.missing} in the local store; it is not there`, `期望本地镜像库中有 ${layers.missing}；但没有`));
}

export default defineLab({
  id: 'image-layers',
  section: '理解镜像中的层是什么',
  title: t('Read the layers of the image', '理解镜像中的层'),
  dependsOn: ['build-image'],
  async solve(ctx) {
    ctx.record(HISTORY_RECORD, await ctx.step(['history', ctx.names.kubiaImage]));
  },
  checks: [
    {
      id: 'history-listed',
      title: t('`docker history` lists the image\'s layers', '`docker history` 列出了镜像的层'),
      points: 1,
      hint: t('docker history takes the image name and prints its layers, newest first.', 'docker history 接收镜像名，并从最新的层开始打印镜像的层。'),
      async run(ctx) {
        if (ctx.mode === 'check') {
          return skipped(t('the engine keeps no record of `docker history` being run; its content is judged by the next checks', '引擎不会记录是否运行过 `docker history`；其内容由后面的检查评判'));
        }
        const history = ctx.recorded<CliResult>(HISTORY_RECORD);
        if (!history) return failed(t('expected `docker history` to be run; it was not', '期望运行 `docker history`；但没有运行'));
        if (!history.ok) return failed(t(`expected ${history.command} to list the layers; it failed: ${history.stderr.trim()}`, `期望 ${history.command} 列出镜像的层；实际失败：${history.stderr.trim()}`));
        const rows = history.stdout.split('\n').slice(1).filter((l) => l.trim());
        return verdict(
          rows.length > 0 && /ENTRYPOINT/.test(history.stdout),
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
        if (!('history' in layers)) return notJudged(layers);
        const judged = judgeLayers({ history: layers.history, baseHistory: layers.baseHistory, baseRef: layers.base });
        return judged.ok ? passed(judged.message) : failed(judged.message);
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
        if (!('history' in layers)) return notJudged(layers);
        const judged = judgeRootfs(layers.rootfs, layers.baseRootfs, layers.base);
        return judged.ok ? passed(judged.message) : failed(judged.message);
      },
    },
  ],
});
