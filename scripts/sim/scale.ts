/**
 * `npm run sim:scale`: the on-chain cost of the WP §VI-H scenario (4,000,000 render jobs a day, 1,000,000 workers,
 * 25,000 verifiers, 2,500 managers) from the gas measured by `npm run bench:gas` (docs/gas.json), in gas per second
 * and as a share of a named L2's published throughput. Writes docs/scale.md with every assumption beside the result.
 * Reads docs/gas.json and docs/gas-nodes.json.
 */
import { readFile, writeFile } from "node:fs/promises";
import { renderTable } from "../lib/format.js";

const DAY = 86_400;
const EPOCH_SECONDS = 72 * 3_600;

/** Arbitrum One's published "speed limit" of sustained execution (Arbitrum docs, gas and fees): 7 million gas/s. */
const L2 = { name: "Arbitrum One", gasPerSecond: 7_000_000, source: "Arbitrum docs: sustained speed limit 7M gas/s" };

const SCENARIO = {
  jobsPerDay: 4_000_000,
  workers: 1_000_000,
  verifiers: 25_000,
  managers: 2_500,
  settlementsPerJob: 1.05, // ~5% of jobs settle a reassigned task in a second settlement
  benchmarksPerWorkerPerDay: 1, // WP §VI-E1: IB updated daily
  claimsPerNodePerEpoch: 1, // claims are O(1) for any number of epochs: owners may claim less often
  burnsPerDay: 24,
};

async function main(): Promise<void> {
  const gas = {
    ...(JSON.parse(await readFile("docs/gas-nodes.json", "utf8")) as Record<string, number>),
    ...(JSON.parse(await readFile("docs/gas.json", "utf8")) as Record<string, number>),
  };
  const need = (key: string): number => {
    const v = gas[key];
    if (v === undefined) throw new Error(`docs/gas.json has no "${key}": run \`npm run bench:gas\` first`);
    return v;
  };
  const perJob =
    need("JobMarket.createJob()") +
    need("JobMarket.drawCommittee() (k = 3)") +
    SCENARIO.settlementsPerJob * need("settle: 200 tasks over 10 workers, steady state") +
    need(Object.keys(gas).find((k) => k.startsWith("JobMarket.releaseFees()")) ?? "JobMarket.releaseFees()");
  const nodes = SCENARIO.workers + SCENARIO.verifiers + SCENARIO.managers;
  const closeKey = Object.keys(gas).filter((k) => k.startsWith("EpochRewards.closeEpoch()")).at(-1)!;
  const perDay = {
    jobs: SCENARIO.jobsPerDay * perJob,
    benchmarks: SCENARIO.workers * SCENARIO.benchmarksPerWorkerPerDay * need("NodeRegistry.postBenchmarks(): IB update of 100 nodes, per node"),
    claims: (nodes * SCENARIO.claimsPerNodePerEpoch * need("EpochRewards.claim() after 10 epochs") * DAY) / EPOCH_SECONDS,
    epochs: (need(closeKey) * DAY) / EPOCH_SECONDS,
    burns: SCENARIO.burnsPerDay * need("BuyAndBurn.burn() batch"),
  };
  const total = Object.values(perDay).reduce((a, b) => a + b, 0);
  const rows = Object.entries(perDay).map(([what, g]) => [what, Math.round(g / DAY).toLocaleString("en-US"), `${((100 * g) / total).toFixed(1)}%`]);
  rows.push(["total", Math.round(total / DAY).toLocaleString("en-US"), "100%"]);
  const share = total / DAY / L2.gasPerSecond;
  const assumptions = [
    `${SCENARIO.jobsPerDay.toLocaleString("en-US")} jobs/day, ${SCENARIO.settlementsPerJob} settlements per job (200 tasks over 10 workers each, the measured steady-state row), fees released in batches (measured per job)`,
    `${SCENARIO.workers.toLocaleString("en-US")} workers benchmarked ${SCENARIO.benchmarksPerWorkerPerDay}x a day in batches (measured per-node gas of a 100-node batch)`,
    `${nodes.toLocaleString("en-US")} nodes claiming once per 72-hour epoch; one epoch close per epoch; ${SCENARIO.burnsPerDay} burn batches a day`,
    `throughput of ${L2.name}: ${L2.gasPerSecond.toLocaleString("en-US")} gas/s (${L2.source})`,
  ];
  const doc = [
    "# On-chain cost of the WP §VI-H scenario",
    "",
    "- command: `npm run sim:scale` (reads docs/gas.json written by `npm run bench:gas`)",
    `- date: ${new Date().toISOString()}`,
    "",
    renderTable(["part", "gas per second", "share"], rows, true),
    "",
    `**${Math.round(total / DAY).toLocaleString("en-US")} gas/s = ${(share * 100).toFixed(1)}% of ${L2.name}'s ${L2.gasPerSecond.toLocaleString("en-US")} gas/s.**`,
    "",
    "Assumptions:",
    ...assumptions.map((a) => `- ${a}`),
    "",
  ].join("\n");
  await writeFile("docs/scale.md", doc);
  process.stdout.write(`${doc}\nwrote docs/scale.md\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`simulation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
