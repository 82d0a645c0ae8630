import { defineLab, failed, passed, skipped, verdict } from '../../src/engine/define.js';
import { recordKey } from '../../src/engine/records.js';
import { t } from '../../src/engine/lang.js';
import { inspectImage } from '../../src/docker/api.js';
import type { CliResult } from '../../src/docker/cli.js';
import { shortId } from '../../checks/containers.js';
import { stepFailure } from '../../checks/steps.js';
import { pullProblem } from '../../checks/pull.js';
import { EnvironmentError } from '../../src/engine/errors.js';
import { displayCommand, RUN_LABEL } from '../../src/engine/context.js';
import { kindOf } from '../../src/docker/engine-info.js';
import { argWithoutNameIn } from '../../checks/podman-build.js';

export const BUILD_RECORD = recordKey<CliResult>('build-image.build');

/** The build of a Dockerfile with an ARG without a name, as Docker answers it, for an engine it is not sent to. */
function refusedBuild(args: readonly string[], line: number): CliResult {
  return {
    command: displayCommand(args),
    exitCode: 1,
    stdout: '',
    stderr: `dockerfile parse error line ${line}: ARG requires at least one argument (not sent to Podman, whose build service crashes on an ARG without a name)`,
    timedOut: false,
    aborted: false,
    ok: false,
  };
}

export default defineLab({
  id: 'build-image',
  section: '构建容器镜像',
  title: t('Build the kubia image', '构建 kubia 容器镜像'),
  dependsOn: [],
  creates: (names) => ({ images: [names.kubiaImage] }),
  async solve(ctx) {
    const args = ['build', '-t', ctx.names.kubiaImage, '--force-rm', ...ctx.labelArgs(), '.'];
    const line = (await kindOf(await ctx.docker())) === 'podman' ? await argWithoutNameIn(ctx.buildDir) : undefined;
    if (line !== undefined) {
      // Docker refuses the file at once; Podman's service would die of it (checks/podman-build.ts): not sent.
      ctx.record(BUILD_RECORD, refusedBuild(args, line));
      return;
    }
    // --force-rm: a failed legacy build must not leave unlabelled intermediate containers behind.
    const result = await ctx.step(args, { cwd: ctx.buildDir });
    ctx.record(BUILD_RECORD, result);
  },
  checks: [
    {
      id: 'build-succeeds',
      title: t('`docker build` succeeds', '`docker build` 成功'),
      points: 2,
      hint: t(
        'Read the build output from the first error upwards: it names the Dockerfile line that failed.',
        '从第一个错误开始往上读构建输出：它会指出失败的 Dockerfile 行。',
      ),
      async run(ctx) {
        if (ctx.mode === 'check') {
          const image = await inspectImage(await ctx.docker(), ctx.names.kubiaImage);
          return image
            ? passed(t(`${ctx.names.kubiaImage} exists, so a build succeeded`, `${ctx.names.kubiaImage} 存在，说明构建已成功`))
            : skipped(t(`the image state cannot show whether a build was tried; ${ctx.names.kubiaImage} does not exist`, `镜像状态无法说明是否尝试过构建；${ctx.names.kubiaImage} 不存在`));
        }
        const build = ctx.recorded(BUILD_RECORD);
        if (!build) return failed(t('expected a build of the image; none was made', '期望构建镜像；但没有进行构建'));
        if (build.ok) return passed(t(`${build.command} succeeded`, `${build.command} 成功`));
        const problem = pullProblem(`${build.stdout}\n${build.stderr}`);
        if (problem?.kind === 'missing') {
          return failed(
            t(
              `expected ${build.command} to succeed; the base image ${problem.image} does not exist on its registry (${problem.detail}): check the name and tag in the Dockerfile's FROM line`,
              `期望 ${build.command} 成功；基础镜像 ${problem.image} 在其镜像仓库中不存在（${problem.detail}）：请检查 Dockerfile 中 FROM 行的名称和标签`,
            ),
          );
        }
        if (problem?.kind === 'unreachable') {
          // Not the student's verdict: whether the image exists cannot be known from here.
          const image = problem.image ?? 'the base image';
          throw new EnvironmentError(
            `docker build could not pull ${image}: its registry cannot be reached (${problem.detail}); \`docker pull ${problem.image ?? '<image>'}\` shows the same, \`labcheck doctor\` checks the engine`,
          );
        }
        const failure = stepFailure(build, 8);
        return failed(t(`expected ${build.command} to succeed; it ${failure.en}`, `期望 ${build.command} 成功；实际${failure.zh}`));
      },
    },
    {
      id: 'image-listed',
      title: t('kubia:latest is listed by `docker images`', '`docker images` 列出了 kubia:latest'),
      points: 1,
      hint: t('The -t option of docker build names the image and its tag.', 'docker build 的 -t 选项用于指定镜像名称和标签。'),
      async run(ctx) {
        const docker = await ctx.docker();
        const listed = await docker.listImages({ filters: JSON.stringify({ reference: [ctx.names.kubiaImage] }) });
        const image = listed[0];
        if (!image) return failed(t(`expected ${ctx.names.kubiaImage} in docker images; it is not listed`, `期望 docker images 中有 ${ctx.names.kubiaImage}；但没有列出`));
        // In a run, a leftover image of the same name from elsewhere must not count as this run's build.
        const ours = !ctx.labelled || image.Labels?.[RUN_LABEL] === ctx.runId;
        return verdict(
          ours,
          t(`${ctx.names.kubiaImage} is listed (${shortId(image.Id)})`, `已列出 ${ctx.names.kubiaImage}（${shortId(image.Id)}）`),
          t(`expected ${ctx.names.kubiaImage} built by this run; the listed image ${shortId(image.Id)} is not`, `期望 ${ctx.names.kubiaImage} 由本次运行构建；列出的镜像 ${shortId(image.Id)} 不是`),
        );
      },
    },
  ],
});
