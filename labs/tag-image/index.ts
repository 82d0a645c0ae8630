import { defineLab, failed, passed, skipped } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import { RUN_LABEL, type CheckContext } from '../../src/engine/context.js';
import { t } from '../../src/engine/lang.js';
import { inspectImage } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { shortId } from '../../checks/containers.js';
import { sameImageId } from '../../checks/image-ids.js';
import { kubiaTagsIn, type KubiaTag } from '../../checks/tags.js';

export const TAG_RECORD = recordKey<CliResult>('tag-image.tag');

/** Every `*\/kubia:1.0` tag in the local store, named as the docker CLI shows it: in check mode the student's Docker Hub id is not known. */
export async function kubiaTags(ctx: CheckContext): Promise<KubiaTag[]> {
  return kubiaTagsIn(await (await ctx.docker()).listImages());
}

const listed = (tags: readonly KubiaTag[]) => tags.map((c) => `${c.tag} (${shortId(c.id)})`).join(', ');

export default defineLab({
  id: 'tag-image',
  section: '为镜像添加额外的标签',
  title: t('Give the image an additional tag', '为镜像添加额外的标签'),
  dependsOn: ['build-image'],
  creates: (names) => ({ images: [names.taggedRef] }),
  async solve(ctx) {
    ctx.record(TAG_RECORD, await ctx.step(['tag', ctx.names.kubiaRepo, ctx.names.taggedRef]));
  },
  checks: [
    {
      id: 'tag-exists',
      title: t('the tag <id>/kubia:1.0 exists', '标签 <id>/kubia:1.0 存在'),
      points: 1,
      hint: t(
        'docker tag takes the existing image first, then the new name in the form <Docker Hub id>/<name>:<tag>.',
        'docker tag 先写已有的镜像，再写新名称，格式为 <Docker Hub id>/<名称>:<标签>。',
      ),
      async run(ctx) {
        if (ctx.mode === 'check') {
          const tags = await kubiaTags(ctx);
          if (tags.length === 0) {
            return failed(t('expected a tag <id>/kubia:1.0 (such as yourid/kubia:1.0); docker images lists none', '期望存在标签 <id>/kubia:1.0（例如 yourid/kubia:1.0）；docker images 中没有'));
          }
          return passed(t(`docker images lists ${listed(tags)}`, `docker images 列出了 ${listed(tags)}`));
        }
        const ref = ctx.names.taggedRef;
        const image = await inspectImage(await ctx.docker(), ref);
        if (image) return passed(t(`${ref} exists (image ${shortId(image.Id)})`, `${ref} 存在（镜像 ${shortId(image.Id)}）`));
        const step = ctx.recorded(TAG_RECORD);
        const why = !step ? ' (docker tag was not run)' : step.ok ? '' : `; ${step.command} failed: ${step.stderr.trim()}`;
        const whyZh = !step ? '（没有运行 docker tag）' : step.ok ? '' : `；${step.command} 失败：${step.stderr.trim()}`;
        return failed(t(`expected the tag ${ref}; docker images does not list it${why}`, `期望存在标签 ${ref}；docker images 中没有${whyZh}`));
      },
    },
    {
      id: 'same-image',
      title: t('both names resolve to the same image ID', '两个名称指向同一个镜像 ID'),
      points: 2,
      hint: t(
        'A tag is one more name for an existing image, not a copy: compare the IMAGE ID column of docker images for both names.',
        '标签只是已有镜像的另一个名称，而不是副本：对比 docker images 中两个名称的 IMAGE ID 列。',
      ),
      async run(ctx) {
        const docker = await ctx.docker();
        const { kubiaImage, taggedRef } = ctx.names;
        const kubia = await inspectImage(docker, kubiaImage);
        if (ctx.mode === 'check') {
          const tags = await kubiaTags(ctx);
          if (!kubia) {
            return skipped(t(
              `${kubiaImage} does not exist (not built yet, or removed as the chapter does at its end), so there is nothing to compare ${tags.length ? listed(tags) : '<id>/kubia:1.0'} with`,
              `${kubiaImage} 不存在（尚未构建，或已按本章结尾的做法删除），因此无法与 ${tags.length ? listed(tags) : '<id>/kubia:1.0'} 比较`,
            ));
          }
          if (tags.length === 0) return failed(t(`expected a tag <id>/kubia:1.0 of ${kubiaImage} (${shortId(kubia.Id)}); there is none`, `期望 ${kubiaImage}（${shortId(kubia.Id)}）有一个 <id>/kubia:1.0 标签；但没有`));
          const same = tags.filter((c) => sameImageId(c.id, kubia.Id));
          if (same.length === 0) {
            return failed(t(
              `expected <id>/kubia:1.0 to name ${kubiaImage}'s image ${shortId(kubia.Id)}; saw ${listed(tags)}`,
              `期望 <id>/kubia:1.0 指向 ${kubiaImage} 的镜像 ${shortId(kubia.Id)}；实际为 ${listed(tags)}`,
            ));
          }
          const names = same.map((c) => c.tag).join(', ');
          return passed(t(
            `${kubiaImage} and ${names} are the same image ${shortId(kubia.Id)}${same.length > 1 ? ` (${same.length} such tags)` : ''}`,
            `${kubiaImage} 与 ${names} 是同一个镜像 ${shortId(kubia.Id)}${same.length > 1 ? `（共 ${same.length} 个这样的标签）` : ''}`,
          ));
        }
        const tagged = await inspectImage(docker, taggedRef);
        if (!tagged) return failed(t(`expected ${taggedRef} to name ${kubiaImage}'s image; ${taggedRef} does not exist`, `期望 ${taggedRef} 指向 ${kubiaImage} 的镜像；但 ${taggedRef} 不存在`));
        if (!kubia) return failed(t(`expected ${kubiaImage} to compare ${taggedRef} with; it does not exist`, `期望存在 ${kubiaImage} 以便与 ${taggedRef} 比较；但它不存在`));
        if (!sameImageId(tagged.Id, kubia.Id)) {
          return failed(t(
            `expected ${taggedRef} to be the same image as ${kubiaImage} (${shortId(kubia.Id)}); it is ${shortId(tagged.Id)}`,
            `期望 ${taggedRef} 与 ${kubiaImage}（${shortId(kubia.Id)}）是同一个镜像；实际是 ${shortId(tagged.Id)}`,
          ));
        }
        // Two names of an image this run did not build prove nothing about the run.
        if (ctx.labelled && kubia.Config?.Labels?.[RUN_LABEL] !== ctx.runId) {
          return failed(t(`expected ${kubiaImage} built by this run; image ${shortId(kubia.Id)} is not`, `期望 ${kubiaImage} 由本次运行构建；镜像 ${shortId(kubia.Id)} 不是`));
        }
        return passed(t(
          `${kubiaImage} and ${taggedRef} are the same image ${shortId(kubia.Id)}: one image, two names`,
          `${kubiaImage} 与 ${taggedRef} 是同一个镜像 ${shortId(kubia.Id)}：一个镜像，两个名称`,
        ));
      },
    },
  ],
});
