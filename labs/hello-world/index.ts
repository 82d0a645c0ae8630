import { defineLab, failed, passed, verdict } from '../../src/engine/define.js';
import type { LabContext } from '../../src/engine/context.js';
import { t } from '../../src/engine/lang.js';
import { inspectImage } from '../../src/docker/api.js';
import { readLogs } from '../../src/docker/logs.js';
import { argvOf, findContainer, namedContainer, shortId, type ContainerInfo } from '../../checks/containers.js';

const IMAGE = 'busybox';
const GREETING = 'Hello World';

/** The container of this lab: the run's own by name, or in check mode the newest busybox echo. */
async function helloContainer(ctx: LabContext): Promise<ContainerInfo | undefined> {
  if (ctx.mode === 'check') return findContainer(ctx, [IMAGE, `${IMAGE}:latest`], (c) => c.Path === 'echo');
  return namedContainer(ctx, ctx.names.helloContainer);
}

const noContainer = (ctx: LabContext) =>
  failed(
    ctx.mode === 'check'
      ? t('expected a container made from busybox that ran echo; saw none (docker ps -a lists none)', '期望有一个由 busybox 创建并运行 echo 的容器；但没有找到（docker ps -a 中没有）')
      : t(`expected the container ${ctx.names.helloContainer}; saw none`, `期望存在容器 ${ctx.names.helloContainer}；但没有找到`),
  );

export default defineLab({
  id: 'hello-world',
  section: '运行一个hello-world容器',
  title: t('Run a hello-world container', '运行一个 hello-world 容器'),
  dependsOn: [],
  async solve(ctx) {
    const result = await ctx.step(['run', '--name', ctx.names.helloContainer, ...ctx.labelArgs(), IMAGE, 'echo', GREETING]);
    ctx.record('hello-world.run', result);
  },
  checks: [
    {
      id: 'image-pulled',
      title: t('busybox is in the local store and the container ran from it', 'busybox 镜像在本地存储中，且容器由它运行'),
      points: 1,
      hint: t(
        'docker run pulls an image that is missing locally; check `docker images` for busybox.',
        'docker run 会自动拉取本地没有的镜像；用 `docker images` 看看有没有 busybox。',
      ),
      async run(ctx) {
        const container = await helloContainer(ctx);
        if (!container) return noContainer(ctx);
        const image = await inspectImage(await ctx.docker(), `${IMAGE}:latest`);
        if (!image) return failed(t('expected busybox:latest in the local image store; it is not there', '期望本地镜像库中有 busybox:latest；但没有'));
        return verdict(
          container.Image === image.Id,
          t(`busybox:latest (${shortId(image.Id)}) is in the store and the container ran from it`, `busybox:latest（${shortId(image.Id)}）在本地存储中，容器由它运行`),
          t(`expected the container to run busybox:latest (${shortId(image.Id)}); it ran image ${shortId(container.Image)}`, `期望容器运行 busybox:latest（${shortId(image.Id)}）；实际运行的是镜像 ${shortId(container.Image)}`),
        );
      },
    },
    {
      id: 'ran-echo',
      title: t('the container ran `echo Hello World`', '容器运行了 `echo Hello World`'),
      points: 1,
      hint: t(
        'Everything after the image name in docker run is the command to run inside; quote the text so it stays one argument.',
        'docker run 中镜像名之后的内容就是在容器内执行的命令；给文本加上引号，让它成为一个参数。',
      ),
      async run(ctx) {
        const container = await helloContainer(ctx);
        if (!container) return noContainer(ctx);
        const argv = argvOf(container);
        return verdict(
          argv.length === 2 && argv[0] === 'echo' && argv[1] === GREETING,
          t('the container ran echo with the argument "Hello World"', '容器以参数 "Hello World" 运行了 echo'),
          t(`expected the command ["echo", "Hello World"]; saw ${JSON.stringify(argv)}`, `期望命令为 ["echo", "Hello World"]；实际为 ${JSON.stringify(argv)}`),
        );
      },
    },
    {
      id: 'exited-zero',
      title: t('the container exited with code 0', '容器以退出码 0 结束'),
      points: 1,
      hint: t('echo ends at once; a container stops when its command ends. Look at `docker ps -a`.', 'echo 会立即结束；命令结束时容器就会停止。看看 `docker ps -a`。'),
      async run(ctx) {
        const container = await helloContainer(ctx);
        if (!container) return noContainer(ctx);
        const { Status: status, ExitCode: code } = container.State;
        return verdict(
          status === 'exited' && code === 0,
          t('the container exited with code 0', '容器以退出码 0 结束'),
          t(`expected state exited with code 0; saw state ${status} with code ${code}`, `期望状态为 exited 且退出码为 0；实际状态 ${status}，退出码 ${code}`),
        );
      },
    },
    {
      id: 'printed-greeting',
      title: t('it printed exactly "Hello World"', '它准确输出了 "Hello World"'),
      points: 1,
      hint: t('`docker logs` shows what a container printed, even after it stopped.', '即使容器已停止，`docker logs` 也能显示它输出的内容。'),
      async run(ctx) {
        const container = await helloContainer(ctx);
        if (!container) return noContainer(ctx);
        const { text } = await readLogs(await ctx.docker(), container.Id, { maxBytes: 64 * 1024, signal: ctx.signal });
        const printed = text.replace(/\r?\n$/, '');
        if (printed === GREETING) return passed(t('it printed "Hello World"', '它输出了 "Hello World"'));
        return failed(t(`expected the output "Hello World"; saw ${JSON.stringify(printed.slice(0, 200))}`, `期望输出 "Hello World"；实际为 ${JSON.stringify(printed.slice(0, 200))}`));
      },
    },
  ],
});
