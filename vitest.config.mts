import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // every core (vitest leaves one free by default: on a 2-core CI machine that ran the files one at a time)
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    // branches' secrets (electron/core/keys) go to a folder of the tests', never the user's own key folder
    env: { BRANCHBOX_KEY_DIR: process.env.BRANCHBOX_KEY_DIR ?? join(tmpdir(), 'branchbox-test-keys') },
  },
});
