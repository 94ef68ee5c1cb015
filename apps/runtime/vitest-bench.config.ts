import { defineConfig } from "vitest/config";

// Benchmarks are ordinary vitest files under bench/ that measure with tinybench and print ratios against a
// baseline run in the same process; they never run as part of `pnpm test`.
export default defineConfig({
  test: {
    include: ["bench/**/*.bench.ts"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
