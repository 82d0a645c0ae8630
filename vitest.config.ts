import { defineConfig } from 'vitest/config';

const unitOnly = process.env.LABCHECK_UNIT_ONLY === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `*.docker.test.ts` drive the real engine; LABCHECK_UNIT_ONLY=1 leaves them out on a machine without one.
    exclude: unitOnly ? ['test/**/*.docker.test.ts', 'node_modules/**'] : ['node_modules/**'],
    // Docker tests share one engine and two cores: files run one at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
