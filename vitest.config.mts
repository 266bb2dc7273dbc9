import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { 'gflownet-studio': fileURLToPath(new URL('./src/authoring/api.ts', import.meta.url)) } },
  test: {
    // Two projects, run one after the other (groupOrder): the unit tests (in this process: no CLI, no sandbox
    // process, no browser) first, then the integration tests, which run dist/cli.js, sandbox processes or Chromium.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a page or a watcher will do; its default of 1 s was a speed bound on a loaded machine.
    expect: { poll: { timeout: 60_000 } },
    pool: 'forks',
  },
});
