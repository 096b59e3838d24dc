import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest leaves one core to itself by default, which on a 2-core CI machine means one test file
    // at a time; its main process is idle while files run, so use every core.
    maxWorkers: availableParallelism(),
  },
});
