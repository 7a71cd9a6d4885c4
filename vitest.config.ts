import { defineConfig } from "vitest/config";

/** Suites that run a whole network of daemon processes: alone, after the rest, so two of them never share the 2 cores. */
const NETWORK_SUITES = ["test/ts/e2e/**/*.test.ts", "test/ts/indexer/**/*.test.ts"];

export default defineConfig({
  test: {
    // Every file starts its own in-process Hardhat chain; forks keep the native EDR module per process.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "units", include: ["test/ts/**/*.test.ts"], exclude: NETWORK_SUITES, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "networks", include: NETWORK_SUITES, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
