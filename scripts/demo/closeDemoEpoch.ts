import { paramKey } from "../../keepers/chain/paramKeys.js";
import { ageOracles } from "../nodes/ageOracles.js";
import type { DemoCli } from "./demoCli.js";
import type { DemoNetwork } from "./startDemoNetwork.js";

export interface ClosedEpochs {
  /** The epochs closed with the job's work: its settlement's epoch and, when later, its fee release's (managers). */
  epochs: bigint[];
  claims: { licenseId: string; amount: string }[];
}

/** A log line's amount for a sentence (pino writes bigints as JSON numbers: exact figures come from the indexer). */
const units = (value: unknown, decimals: number) => (Number(value) / 10 ** decimals).toLocaleString("en-US", { maximumFractionDigits: 4 });

/** Moves the local chain's clock (the only thing a local chain cannot do by itself) and mines a block at the new time. */
export async function advanceChain(n: DemoNetwork, seconds: bigint): Promise<void> {
  await n.chain.rpc("evm_increaseTime", [Number(seconds)]);
  await n.chain.rpc("evm_mine");
}

/**
 * Moves the clock to the start of the next epoch, and the TWAPs with it (stake checks read them). A job settled early
 * in an epoch has its fee released in that same epoch (the dispute window, 2 days, is shorter than the epoch, 3 days),
 * so its manager's work, credited at the release, is paid from the epoch's mint with the workers' and verifiers'. Left
 * anywhere in an epoch, a lone job's release can fall into the next one, an epoch without settlements: no mint, and the
 * manager earns nothing. Returns the new epoch.
 */
export async function startFreshEpoch(n: DemoNetwork): Promise<bigint> {
  const { viem } = n.chain.connection;
  const clock = await viem.getContractAt("EpochClock", n.chain.deployment.contracts.EpochClock);
  const [startedAt, length] = await clock.read.currentEpochBounds();
  const now = (await (await viem.getPublicClient()).getBlock()).timestamp;
  await advanceChain(n, startedAt + length - now + 1n);
  await ageOracles(n.chain.connection, n.chain.deployment);
  return clock.read.currentEpoch();
}

/**
 * What happens after a job on a real network over days, in a minute (WP §VI-D, §IV-B): the dispute window passes and
 * the manager releases the job's fee; its epoch keeper sends the spent stablecoin on (80% to the burn, 20% to the
 * foundation), buys IFX on the Uniswap pool and burns it; the epochs end and the keeper closes them (BMW mint: W, T,
 * IBME, the role pools, the penalty pool released to verifiers). Workers and verifiers earn in the settlement's epoch,
 * the manager in the fee release's (its work is credited at release), so both are closed. Every node owner claims with
 * `ifx claim`. Each step waits for the manager's own log line, so the keeper does the work, not the demo.
 */
export async function closeDemoEpoch(n: DemoNetwork, ifx: DemoCli, settledEpoch: bigint, say: (line: string) => void): Promise<ClosedEpochs> {
  const { viem } = n.chain.connection;
  const d = n.chain.deployment;
  const params = await viem.getContractAt("ParameterRegistry", d.contracts.ParameterRegistry);
  const clock = await viem.getContractAt("EpochClock", d.contracts.EpochClock);
  const window = await params.read.get([paramKey("disputeWindowSeconds")]);
  say(`the ${Number(window) / 3600} h dispute window passes (local time travel)...`);
  await advanceChain(n, window + 1n);
  await ageOracles(n.chain.connection, d); // the TWAPs the burn checks its price against follow the pool, as keepers keep them
  await n.manager.waitFor((l) => l["msg"] === "fees released", 60_000);
  const releaseEpoch = await clock.read.currentEpoch();
  const distributed = await n.manager.waitFor((l) => l["msg"] === "spent fees distributed to the burn and the foundation", 60_000);
  const burned = await n.manager.waitFor((l) => l["msg"] === "burn batch", 60_000);
  say(`manager released the fee; its keeper sent ${units(distributed["burnStable"], 6)} USD to the burn and ${units(distributed["foundationStable"], 6)} USD to the foundation, then bought and burned ${units(burned["ifxBurned"], 18)} IFX`);

  const length = await params.read.get([paramKey("epochLengthSeconds")]);
  while ((await clock.read.currentEpoch()) <= releaseEpoch) await advanceChain(n, length);
  const epochs = releaseEpoch === settledEpoch ? [settledEpoch] : [settledEpoch, releaseEpoch];
  say(`epoch${epochs.length > 1 ? "s" : ""} ${epochs.join(" and ")} end (local time travel); the manager's keeper closes ${epochs.length > 1 ? "them" : "it"}...`);
  // The keeper closes ended epochs in order: the last one's line means all are closed.
  await n.manager.waitFor((l) => l["msg"] === "epoch closed" && BigInt(Number(l["epoch"])) === releaseEpoch, 90_000);

  // Each owner claims for its own licenses (a node's rewards go to its license's holder, who alone may claim them).
  const claims: ClosedEpochs["claims"] = [];
  for (const owner of n.owners) {
    const as = { IFX_PRIVATE_KEY: owner.key };
    const { nodes } = await ifx<{ nodes: { licenseId: string; claimable: string }[] }>(["rewards", ...owner.licenseIds.map(String), "--json"], { as });
    const due = nodes.filter((node) => BigInt(node.claimable) > 0n).map((node) => node.licenseId);
    if (due.length > 0) claims.push(...(await ifx<{ claims: ClosedEpochs["claims"] }>(["claim", ...due, "--json"], { as })).claims);
  }
  return { epochs, claims };
}
