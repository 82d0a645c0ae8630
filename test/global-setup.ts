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
    throw new Error(
      `no Docker engine is reachable (${why}); the Docker tests cannot run` +
        (process.env.CI ? ' and CI is set, so the suite fails.' : '. Start Docker, or run LABCHECK_UNIT_ONLY=1 npm test for unit tests only.'),
    );
  }
}
