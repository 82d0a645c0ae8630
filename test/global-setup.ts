import { execFileSync } from 'node:child_process';

/**
 * Docker tests need a real engine. Without one the suite fails, in CI and out of it: run
 * `LABCHECK_UNIT_ONLY=1 npm test` for the engine-free unit tests alone.
 */
export default function setup(): void {
  if (process.env.LABCHECK_UNIT_ONLY === '1') return;
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.APIVersion}}'], { stdio: 'pipe', timeout: 15_000 });
  } catch (e) {
    const why = String((e as { stderr?: Buffer }).stderr ?? e).trim().split('\n')[0];
    const podman = process.env.LABCHECK_TEST_ENGINE?.startsWith('podman');
    if (podman) {
      throw new Error(
        `Podman's Docker-compatible socket does not answer at ${process.env.DOCKER_HOST} (${why}); the Podman half of the tests cannot run. ` +
          'Start it with `podman system service --time=0 unix:///run/podman/podman.sock` (on these machines: bash ../shared/docker-offline/podman-up).',
      );
    }
    throw new Error(
      `no Docker engine is reachable (${why}); the Docker tests cannot run` +
        (process.env.CI ? ' and CI is set, so the suite fails.' : '. Start Docker, or run LABCHECK_UNIT_ONLY=1 npm test for unit tests only.'),
    );
  }
}
