import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/ts/**/*.test.ts"],
    // Every file starts its own in-process Hardhat chain; forks keep the native EDR module per process.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
