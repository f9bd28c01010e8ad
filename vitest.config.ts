import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Simulation tests integrate thousands of ODEs; the shared 2-core CI machine needs headroom.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
