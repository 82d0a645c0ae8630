#!/usr/bin/env node
// The Podman half of `npm test`: the engine-facing tests again on Podman's Docker-compatible socket, first
// through the docker CLI, then through the podman CLI alone. vitest.config.ts picks the files for each
// (LABCHECK_TEST_ENGINE); the unit tests judge literal inputs and run once, in the Docker half.
import { $ } from 'zx';

if (process.env.LABCHECK_UNIT_ONLY === '1') {
  console.log('labcheck tests: LABCHECK_UNIT_ONLY=1, so the Podman half (engine tests only) is not run');
  process.exit(0);
}
for (const engine of ['podman', 'podman-cli']) {
  console.log(`\nlabcheck tests on Podman (LABCHECK_TEST_ENGINE=${engine})`);
  const run = await $({ stdio: 'inherit', env: { ...process.env, LABCHECK_TEST_ENGINE: engine } })`vitest run`.nothrow();
  if (run.exitCode !== 0) process.exit(run.exitCode ?? 1);
}
