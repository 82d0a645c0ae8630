import { defineConfig } from 'vitest/config';

const unitOnly = process.env.LABCHECK_UNIT_ONLY === '1';

/**
 * The engine the engine-facing tests drive. `docker` (default): whatever the environment points at, dockerd
 * here. `podman`: the docker CLI against Podman's Docker-compatible socket; `podman-cli`: the podman CLI alone
 * (LABCHECK_DOCKER=podman). Set here, in the main process, so the global setup and every worker see it.
 */
const PODMAN_SOCKET = 'unix:///run/podman/podman.sock';
const engine = process.env.LABCHECK_TEST_ENGINE ?? 'docker';
if (!['docker', 'podman', 'podman-cli'].includes(engine)) throw new Error(`LABCHECK_TEST_ENGINE=${engine}: use docker, podman or podman-cli`);
if (engine !== 'docker') process.env.DOCKER_HOST = PODMAN_SOCKET;
if (engine === 'podman-cli') process.env.LABCHECK_DOCKER = 'podman';

/**
 * On Podman, what proves the verdicts are the same (the whole suite runs on dockerd): labcheck run and
 * selftest on the fixtures; every lab's engine-facing tests, broken submissions included; the CLI's
 * exit codes. Unit tests judge literal inputs and would only run twice. With the podman CLI alone, the
 * run and selftest through it.
 */
const PODMAN_TESTS: Record<string, string[]> = {
  podman: ['test/engines/*.docker.test.ts', 'test/labs/*.docker.test.ts', 'test/cli/cli.docker.test.ts'],
  'podman-cli': ['test/engines/*.docker.test.ts'],
};
/** Docker's own parser and builders held as the oracle of the dockerfile lab, and Docker's mirror that takes pushes: dockerd's alone. */
const DOCKER_ONLY = ['test/labs/dockerfile-parses.docker.test.ts', 'test/labs/metamorphic.docker.test.ts'];

export default defineConfig({
  test: {
    include: PODMAN_TESTS[engine] ?? ['test/**/*.test.ts'],
    // `*.docker.test.ts` drive the real engine; LABCHECK_UNIT_ONLY=1 leaves them out on a machine without one.
    exclude: [...(unitOnly ? ['test/**/*.docker.test.ts'] : []), ...(engine === 'docker' ? [] : DOCKER_ONLY), 'node_modules/**'],
    // Docker tests share one engine and two cores: files run one at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
