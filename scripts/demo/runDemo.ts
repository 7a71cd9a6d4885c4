import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { EngineId } from "../../keepers/engines/index.js";
import { readBlenderVersion } from "../../keepers/engines/blender/readBlenderVersion.js";
import { localKey } from "../lib/serveLocalChain.js";
import { formatIfx } from "../lib/format.js";
import { ageOracles } from "../nodes/ageOracles.js";
import { changeEmissionRate } from "./changeEmissionRate.js";
import { closeDemoEpoch, startFreshEpoch } from "./closeDemoEpoch.js";
import { demoCli } from "./demoCli.js";
import { formatDemoSummary, readDemoSummary, type DemoSummary } from "./readDemoSummary.js";
import { renderAnimation, type RenderedJob } from "./renderAnimation.js";
import { DEMO_ACCOUNTS, startDemoNetwork, type DemoNetwork } from "./startDemoNetwork.js";
import { writeDemoOutputs, type DemoOutputs } from "./writeDemoOutputs.js";

export interface DemoOptions {
  engine: EngineId;
  frames: number;
  resolution: string;
  samples: number;
  outDir: string;
  /** Leave the network running (URLs printed) until the process is interrupted. */
  keep: boolean;
  write: (text: string) => void;
  /** Called with the running network after the last step, before it stops (the end-to-end suite reads the chain here). */
  beforeStop?: (n: DemoNetwork, result: DemoResult) => Promise<void>;
}

export interface DemoResult {
  job: RenderedJob;
  summary: DemoSummary;
  outputs: DemoOutputs;
  seconds: number;
}

/**
 * `npm run demo` (issue "End to end"): the whole network on one machine, every part real, in the order a person would
 * see it happen. Returns what it did, for the end-to-end suite to assert.
 */
export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const say = (line: string) => o.write(`  ${line}\n`);
  const step = (title: string) => o.write(`\n[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${title}\n`);
  if (o.engine === "blender" && readBlenderVersion(process.env["INFERIX_BLENDER"] ?? "blender") === null) {
    throw new Error("--engine blender: Blender is not installed here (or INFERIX_BLENDER does not point at it); run without it to use the built-in path tracer");
  }
  const dir = await mkdtemp(join(tmpdir(), "inferix-demo-"));
  let n: DemoNetwork | undefined;
  try {
    step("A local chain: the protocol deployed, the TGE, a Uniswap V2 IFX/USD pool; node owners join; every daemon starts");
    n = await startDemoNetwork({ dir, engine: o.engine, say, write: o.write });
    const d = n.chain.deployment;
    const base = { IFX_RPC_URL: n.chain.url, IFX_DEPLOYMENT: n.chain.deploymentFile, IFX_MANAGER_URL: n.managerUrl };
    const ifx = demoCli({ ...base, IFX_PRIVATE_KEY: localKey(DEMO_ACCOUNTS.artist) }, o.write);

    say(`epoch ${await startFreshEpoch(n)} begins (local time travel): the job's settlement and its fee release fall in it`);

    step(`The artist renders ${o.frames} frames of ${o.engine === "blender" ? "the .blend test shot" : "the sample room"} (${o.resolution}, ${o.samples} spp, ${o.engine})`);
    const job = await renderAnimation(n, ifx, { frames: o.frames, resolution: o.resolution, samples: o.samples, engine: o.engine, say });
    const clock = await n.chain.connection.viem.getContractAt("EpochClock", d.contracts.EpochClock);
    const epoch = await clock.read.currentEpoch();
    say(`settled on-chain in one transaction (${job.settlement.transactionHash}); ${job.slashed.length} rejected render(s) slashed: ${job.slashed.map((id) => `#${id}`).join(", ") || "none"}`);
    await n.dishonest.worker.stop();

    step("Days pass: fee released, bought and burned; the epoch closes; every node claims");
    const closed = await closeDemoEpoch(n, ifx, epoch, say);
    say(`claimed: ${closed.claims.map((c) => `#${c.licenseId} ${formatIfx(BigInt(c.amount))} IFX`).join(", ")}`);

    step("The DAO raises E_p for the next epoch");
    const proposal = await changeEmissionRate(n, ifx, { IFX_PRIVATE_KEY: localKey(DEMO_ACCOUNTS.voter) }, "2");
    say(`proposal ${proposal.proposalId.slice(0, 14)}... executed: E_p = ${formatIfx(BigInt(proposal.newValueWad))} IFX per IBM`);

    step("Summary, from the indexer's GraphQL");
    const head = await (await n.chain.connection.viem.getPublicClient()).getBlockNumber();
    const summary = await readDemoSummary(n.indexer, head, job.jobId);
    o.write(`${formatDemoSummary(summary).split("\n").map((l) => `  ${l}`).join("\n")}\n`);

    step(`Frames, contact sheet and animated preview in ${o.outDir}`);
    await mkdir(o.outDir, { recursive: true });
    const outputs = await writeDemoOutputs(ifx, job.jobId, o.outDir);
    say(`${outputs.frames.length} frames, ${outputs.contactSheet}, ${outputs.preview}`);
    const seconds = (Date.now() - started) / 1000;
    o.write(`\nDemo complete in ${seconds.toFixed(0)} s.\n`);
    const result = { job, summary, outputs, seconds };
    await o.beforeStop?.(n, result);
    if (o.keep) await keepRunning(n, o.write);
    return result;
  } finally {
    await n?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `--keep`: the network stays up for a person with the `ifx` CLI, until Ctrl-C. The demo's time travel (days for the
 * dispute window, the epoch, the DAO's delays) left the TWAPs without a recent observation, so the IFX price fails
 * closed and no worker is eligible; they are brought to the present first, as keepers keep them (the manager's keeper
 * goes on observing them as the clock runs).
 */
async function keepRunning(n: DemoNetwork, write: (text: string) => void): Promise<void> {
  await ageOracles(n.chain.connection, n.chain.deployment);
  write([
    "\nThe network keeps running (Ctrl-C stops it). In another terminal:",
    `  export IFX_RPC_URL=${n.chain.url} IFX_DEPLOYMENT=${resolve(n.chain.deploymentFile)} IFX_MANAGER_URL=${n.managerUrl} IFX_INDEXER_URL=${n.indexer.url}`,
    `  export IFX_PRIVATE_KEY=${localKey(DEMO_ACCOUNTS.artist)}   # the demo's artist (a local test key; worthless anywhere else)`,
    `  # the node owner of the manager, the verifiers and two workers: IFX_PRIVATE_KEY=${localKey(DEMO_ACCOUNTS.nodeOwner)}`,
    `  # the node owner who joined with a worker through ifx: IFX_PRIVATE_KEY=${localKey(DEMO_ACCOUNTS.secondNodeOwner)}`,
    `  # the DAO voter (the public sale's delegated votes): IFX_PRIVATE_KEY=${localKey(DEMO_ACCOUNTS.voter)}`,
    "  npm run ifx -- params; npm run ifx -- status <job>",
    `Indexer GraphQL: ${n.indexer.url}/graphql   Manager API: ${n.managerUrl}/graphql`,
    "",
  ].join("\n"));
  await new Promise<void>((resolveStop) => {
    process.once("SIGINT", () => resolveStop());
    process.once("SIGTERM", () => resolveStop());
  });
}
