import { parseEventLogs, type Hex, type TransactionReceipt } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { jobMarketAbi, nodeStakingAbi } from "../../keepers/chain/abis.generated.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { sampleScene } from "../../keepers/engines/index.js";
import { localKey } from "../lib/serveLocalChain.js";
import type { DemoCli } from "./demoCli.js";
import { DEMO_ACCOUNTS, type DemoNetwork } from "./startDemoNetwork.js";

export interface RenderOptions {
  frames: number;
  resolution: string;
  samples: number;
  engine: string;
  say: (line: string) => void;
  /** Longest wait for the job to settle on-chain after every task is accepted. */
  settleTimeoutMs?: number;
}

export interface RenderedJob {
  jobId: Hex;
  fee: bigint;
  taskCount: number;
  settlement: TransactionReceipt;
  /** Licenses slashed by the settlement, one entry per rejected attempt. */
  slashed: bigint[];
}

/**
 * The artist's side (README "Walkthrough: an artist"): buys USD stablecoin (a faucet on the dev chain), tops up
 * ifxDollar credit, submits the sample room's animation (`ifx submit`: upload, quote with a preview render, escrow) and
 * watches it with `ifx status --watch` until every task is accepted; then the committee's settlement lands on-chain.
 */
export async function renderAnimation(n: DemoNetwork, ifx: DemoCli, o: RenderOptions): Promise<RenderedJob> {
  const { viem } = n.chain.connection;
  const artist = privateKeyToAddress(localKey(DEMO_ACCOUNTS.artist));
  const publicClient = await viem.getPublicClient();
  const usd = await viem.getContractAt("DevStablecoin", n.chain.deployment.external.stablecoin, { client: { wallet: await viem.getWalletClient(artist) } });
  // 1,000 USD, of which 100 become credit: the rest is left for the README's walkthrough on the `--keep` network.
  await waitForSuccess(publicClient, usd.write.faucet([artist, 1_000_000_000n]));
  o.say(`artist ${artist} bought 1,000 USD of the dev stablecoin`);
  await ifx(["topup", "100", "--json"]);
  const scene = (await sampleScene("room")).path;
  const job = await ifx<{ jobId: Hex; fee: string; taskCount: number }>([
    "submit", scene, "--frames", `1-${o.frames}`, "--frames-per-task", "2", "--engine", o.engine, "--resolution", o.resolution,
    "--samples", String(o.samples), "--bounces", "3", "--yes", "--json",
  ]);
  await ifx(["status", job.jobId, "--watch", "--interval", "1"], { show: "all" });
  const settled = await waitForSettlement(n, job.jobId, o.settleTimeoutMs ?? 180_000);
  const slashed = parseEventLogs({ abi: nodeStakingAbi, logs: settled.logs, eventName: "Slashed" }).map((e) => (e.args as { licenseId: bigint }).licenseId);
  return { jobId: job.jobId, fee: BigInt(job.fee), taskCount: job.taskCount, settlement: settled, slashed };
}

async function waitForSettlement(n: DemoNetwork, jobId: Hex, timeoutMs: number): Promise<TransactionReceipt> {
  const publicClient = await n.chain.connection.viem.getPublicClient();
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [event] = await publicClient.getContractEvents({ address: n.chain.deployment.contracts.JobMarket, abi: jobMarketAbi, eventName: "JobSettled", args: { jobId }, fromBlock: 0n });
    if (event) return publicClient.getTransactionReceipt({ hash: event.transactionHash });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`job ${jobId}: every task accepted but no settlement on-chain within ${timeoutMs / 1000} s (see the manager's log)`);
}
