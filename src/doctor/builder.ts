import { t } from '../engine/lang.js';
import type { Text } from '../engine/types.js';
import type { EngineKind } from '../docker/engine-info.js';

export type Builder = 'buildkit' | 'legacy' | 'buildah';

/** What decides which builder `docker build` uses, as read from the CLI, the environment and the engine. */
export interface BuilderInput {
  /** The CLI is podman (LABCHECK_DOCKER=podman, or podman-docker's `docker`). */
  podmanCli: boolean;
  /** The CLI's own version (`docker version --format '{{json .Client}}'`), when it said. */
  cliVersion: string | undefined;
  /** The first line `docker buildx version` printed, undefined when it failed (no buildx plugin, or a broken one). */
  buildx: string | undefined;
  /** DOCKER_BUILDKIT as the CLI will see it. */
  dockerBuildkit: string | undefined;
  /** The engine's /_ping Builder-Version header: "2" when daemon.json makes BuildKit its default. */
  engineBuilderVersion: string | undefined;
  engineKind: EngineKind;
}

export interface BuilderVerdict {
  /** undefined when `docker build` would refuse to run. */
  builder: Builder | undefined;
  ok: boolean;
  /** How it was decided. */
  how: Text;
  fix?: Text;
}

export const BUILDER_NAMES: Record<Builder, Text> = {
  buildkit: t('BuildKit', 'BuildKit'),
  legacy: t('the legacy builder', '旧版构建器'),
  buildah: t('Buildah', 'Buildah'),
};

/** Go's strconv.ParseBool, which the docker CLI applies to DOCKER_BUILDKIT. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/**
 * Which builder `docker build` uses, decided as the docker CLI decides it: CLI 23.0 and later
 * (docker/cli cmd/docker/builder.go processBuilder) hand `build` to the buildx plugin unless
 * DOCKER_BUILDKIT is false, fall back to the legacy builder without the plugin, and refuse to build
 * with DOCKER_BUILDKIT=1 and no plugin; CLIs before 23.0 use their built-in BuildKit only with
 * DOCKER_BUILDKIT=1 or an engine whose /_ping says Builder-Version 2.
 */
export function decideBuilder(input: BuilderInput): BuilderVerdict {
  if (input.podmanCli) {
    return { builder: 'buildah', ok: true, how: t('the podman CLI builds with Buildah', 'podman 命令行使用 Buildah 构建') };
  }
  const cli = `docker ${input.cliVersion ?? '(version unknown)'}`;
  const raw = input.dockerBuildkit;
  const env = raw === undefined || raw === '' ? undefined : parseGoBool(raw);
  if (raw !== undefined && raw !== '' && env === undefined) {
    return {
      builder: undefined,
      ok: false,
      how: t(`DOCKER_BUILDKIT=${raw} is not a boolean: ${cli} refuses to build`, `DOCKER_BUILDKIT=${raw} 不是布尔值：${cli} 拒绝构建`),
      fix: t('set DOCKER_BUILDKIT to 0 or 1, or unset it', '将 DOCKER_BUILDKIT 设为 0 或 1，或取消设置'),
    };
  }
  const envText = env === undefined ? 'DOCKER_BUILDKIT unset' : `DOCKER_BUILDKIT=${raw}`;
  const envTextZh = env === undefined ? '未设置 DOCKER_BUILDKIT' : `DOCKER_BUILDKIT=${raw}`;
  const major = Number.parseInt(input.cliVersion ?? '', 10);
  // An unknown version is judged as a current CLI.
  const modern = Number.isNaN(major) || major >= 23;

  let verdict: BuilderVerdict;
  if (env === false) {
    verdict = { builder: 'legacy', ok: true, how: t(`${envText} turns BuildKit off in ${cli}`, `${envTextZh} 在 ${cli} 中关闭了 BuildKit`) };
  } else if (modern && input.buildx !== undefined) {
    verdict = {
      builder: 'buildkit',
      ok: true,
      how: t(`${cli} hands docker build to buildx: \`docker buildx version\` says ${input.buildx}; ${envText}`, `${cli} 将 docker build 交给 buildx：\`docker buildx version\` 显示 ${input.buildx}；${envTextZh}`),
    };
  } else if (modern && env === true) {
    return {
      builder: undefined,
      ok: false,
      how: t(
        `${envText} but \`docker buildx version\` failed: ${cli} refuses to build ("BuildKit is enabled but the buildx component is missing or broken")`,
        `${envTextZh}，但 \`docker buildx version\` 失败：${cli} 拒绝构建（“BuildKit is enabled but the buildx component is missing or broken”）`,
      ),
      fix: t('install the buildx plugin (docker-buildx), or unset DOCKER_BUILDKIT', '安装 buildx 插件（docker-buildx），或取消设置 DOCKER_BUILDKIT'),
    };
  } else if (modern) {
    verdict = {
      builder: 'legacy',
      ok: true,
      how: t(`${cli} has no buildx plugin (\`docker buildx version\` failed); ${envText}`, `${cli} 没有 buildx 插件（\`docker buildx version\` 失败）；${envTextZh}`),
    };
  } else if (env === true) {
    verdict = { builder: 'buildkit', ok: true, how: t(`${envText}: ${cli} uses its built-in BuildKit`, `${envTextZh}：${cli} 使用内置的 BuildKit`) };
  } else if (input.engineBuilderVersion === '2') {
    verdict = {
      builder: 'buildkit',
      ok: true,
      how: t(`${cli} follows the engine's default, and its /_ping says Builder-Version 2; ${envText}`, `${cli} 遵循引擎的默认设置，引擎 /_ping 返回 Builder-Version 2；${envTextZh}`),
    };
  } else {
    verdict = {
      builder: 'legacy',
      ok: true,
      how: t(`${cli} follows the engine's default, and its /_ping does not say Builder-Version 2; ${envText}`, `${cli} 遵循引擎的默认设置，引擎 /_ping 未返回 Builder-Version 2；${envTextZh}`),
    };
  }
  if (input.engineKind !== 'podman') return verdict;
  if (verdict.builder === 'legacy') {
    return { ...verdict, how: t(`${verdict.how.en}; Podman runs such builds with Buildah`, `${verdict.how.zh}；Podman 用 Buildah 执行这类构建`) };
  }
  if (!modern) {
    // Seen here: docker 20.10 with DOCKER_BUILDKIT=1 against Podman 4.3 ("failed to dial gRPC: unable to upgrade to h2c, received 404"); containers/podman#17836.
    return {
      builder: undefined,
      ok: false,
      how: t(
        `${verdict.how.en}, which Podman's API does not serve: docker build fails ("failed to dial gRPC: unable to upgrade to h2c")`,
        `${verdict.how.zh}，而 Podman 的 API 不支持它：docker build 会失败（“failed to dial gRPC: unable to upgrade to h2c”）`,
      ),
      fix: t('unset DOCKER_BUILDKIT (or set it to 0): Podman then builds with Buildah', '取消设置 DOCKER_BUILDKIT（或设为 0）：Podman 随后用 Buildah 构建'),
    };
  }
  return { ...verdict, how: t(`${verdict.how.en}; buildx against Podman is not tested by labcheck`, `${verdict.how.zh}；labcheck 未测试 buildx 与 Podman 的组合`) };
}
