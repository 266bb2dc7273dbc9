import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { 'gflownet-studio': fileURLToPath(new URL('./src/authoring/api.ts', import.meta.url)) } },
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a page or a watcher will do; its default of 1 s was a speed bound on a loaded machine.
    expect: { poll: { timeout: 60_000 } },
    pool: 'forks',
  },
});
