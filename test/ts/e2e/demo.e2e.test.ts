import { rm } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { parseEventLogs } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { nodeStakingAbi } from "../../../keepers/chain/abis.generated.js";
import { runDemo, type DemoResult } from "../../../scripts/demo/runDemo.js";
import type { DemoNetwork } from "../../../scripts/demo/startDemoNetwork.js";
import { tempDir } from "../storage/storageHelpers.js";

const WAD = 10n ** 18n;
const sum = (values: readonly (string | bigint)[]) => values.reduce<bigint>((total, v) => total + BigInt(v), 0n);

/**
 * `npm run demo`'s scenario at a smaller size (6 frames: three tasks, the first taken by the dishonest worker before the
 * honest ones join), every figure of its summary checked against the chain it ran on.
 */
describe("the demo end to end: one job through the whole network, the summary equal to the chain", () => {
  let out: string;
  let result: DemoResult;
  const chainChecks: string[] = [];
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("renders, settles with the cheat slashed, burns, closes the epoch, claims, changes E_p; the indexer agrees with the chain", async () => {
    out = await tempDir("inferix-demo-out-");
    const lines: string[] = [];
    result = await runDemo({
      engine: "pathtracer", frames: 6, resolution: "128x72", samples: 16, outDir: out, keep: false, write: (t) => lines.push(t),
      beforeStop: async (n: DemoNetwork, r: DemoResult) => {
        const { viem } = n.chain.connection;
        const c = n.chain.deployment.contracts;
        const market = await viem.getContractAt("JobMarket", c.JobMarket);
        const onChain = await market.read.job([r.job.jobId]);
        expect(onChain.paidWorkWad).toBe(onChain.workWad);
        expect(onChain.settlements).toBe(1);
        expect(BigInt(r.summary.job.paidWorkWad)).toBe(onChain.paidWorkWad);
        expect(BigInt(r.summary.job.workWad)).toBe(onChain.workWad);
        expect(BigInt(r.summary.job.escrow)).toBe(r.job.fee);
        expect(BigInt(r.summary.job.feesSettled)).toBe(r.job.fee); // the whole fee: every task accepted, settled once
        expect(BigInt(r.summary.job.feesReleased)).toBe(r.job.fee); // and released once
        // The dishonest worker, and only it, was slashed, once per rejected render; its stake paid for it.
        const slashes = parseEventLogs({ abi: nodeStakingAbi, logs: r.job.settlement.logs, eventName: "Slashed" });
        expect(slashes.length).toBeGreaterThanOrEqual(1);
        expect(new Set(r.job.slashed)).toEqual(new Set([n.dishonest.id]));
        const slashed = sum(slashes.map((s) => (s.args as { amount: bigint }).amount));
        expect(sum(r.summary.slashs.items.map((s) => s.amount))).toBe(slashed);
        const staking = await viem.getContractAt("NodeStaking", c.NodeStaking);
        expect(BigInt(r.summary.nodes.items.find((x) => x.id === n.dishonest.id.toString())!.stake)).toBe(await staking.read.stakeOf([n.dishonest.id]));
        const pool = await viem.getContractAt("PenaltyPool", c.PenaltyPool);
        expect(BigInt(r.summary.penaltyPool!.received)).toBe(await pool.read.totalSlashed());
        expect(BigInt(r.summary.penaltyPool!.released)).toBe(await pool.read.totalReleased());
        // Buy-and-burn and the token's supply.
        const burner = await viem.getContractAt("BuyAndBurn", c.BuyAndBurn);
        expect(r.summary.burns.items.length).toBeGreaterThanOrEqual(1);
        expect(sum(r.summary.burns.items.map((b) => b.ifxBurned))).toBe(await burner.read.totalBurned());
        expect(sum(r.summary.burns.items.map((b) => b.stableIn))).toBe(await burner.read.totalStableSpent());
        const credits = await viem.getContractAt("IFXDollar", c.IFXDollar);
        // The fee's stablecoin went on: burn share to the burner (all of it bought and burned), the rest to the foundation.
        expect(await credits.read.pendingSpentStable()).toBe(0n);
        // Each distribution pays 80% to the burn, rounded down on whole stablecoin units (the foundation takes the rest):
        // checked per distribution, since a few small ones can each round a unit away.
        const distributions = await (await viem.getPublicClient()).getContractEvents({ address: c.IFXDollar, abi: credits.abi, eventName: "SpentDistributed", fromBlock: 0n, strict: true });
        expect(distributions.length).toBeGreaterThanOrEqual(1);
        for (const { args: d } of distributions) expect(d.burnAmount).toBe(((d.burnAmount + d.foundationAmount) * 8_000n) / 10_000n);
        expect(sum(distributions.map((e) => e.args.burnAmount + e.args.foundationAmount))).toBe(await credits.read.distributedStable());
        // What the burner received is bought and burned, or waits in it for its next batch.
        const stable = await viem.getContractAt("DevStablecoin", n.chain.deployment.external.stablecoin);
        const waiting = await stable.read.balanceOf([c.BuyAndBurn]);
        expect(sum(distributions.map((e) => e.args.burnAmount))).toBe((await burner.read.totalStableSpent()) + waiting);
        expect(await burner.read.totalStableSpent()).toBeGreaterThan(0n);
        const token = await viem.getContractAt("IFXToken", c.IFXToken);
        expect(BigInt(r.summary.tokenSupply.totalSupply)).toBe(await token.read.totalSupply());
        // Each closed epoch's mint (BMW): W, T, IBME, the penalties released to its verifiers.
        const rewards = await viem.getContractAt("EpochRewards", c.EpochRewards);
        expect(r.summary.epochs.items.length).toBeGreaterThanOrEqual(1);
        let penalties = 0n;
        for (const e of r.summary.epochs.items) {
          const totals = await rewards.read.epochTotals([BigInt(e.id)]);
          expect(totals.closed).toBe(true);
          expect([BigInt(e.paidIbmWad), BigInt(e.mintedIfx), BigInt(e.penaltyIfx), BigInt(e.ibmeBps)]).toEqual([totals.paidWorkWad, totals.mintedIfx, totals.penaltyIfx, BigInt(totals.ibmeBps)]);
          penalties += totals.penaltyIfx;
        }
        expect(penalties).toBe(slashed);
        // The job settled early in a fresh epoch and its fee was released (two days later) in the same epoch: one epoch
        // closed with the work of every role, the manager's credited at the release.
        expect(r.summary.epochs.items).toHaveLength(1);
        // Every node with something to claim claimed it all.
        for (const id of n.owners.flatMap((o) => o.licenseIds)) expect(await rewards.read.claimable([id])).toBe(0n);
        expect(n.owners.flatMap((o) => o.licenseIds).length).toBe(7); // a manager, three verifiers, three workers
        const claimedBy = (id: string) => sum(r.summary.claims.items.filter((x) => x.nodeId === id).map((x) => x.amount));
        // Work is credited to the workers of accepted tasks, to the verifiers who signed the settlement (at least the
        // threshold of 2; a third may be late) and to the job's manager: each of them earned and claimed something.
        const earners = new Set(r.summary.nodeEpochs.items.filter((x) => BigInt(x.workWad) > 0n && !x.forfeited).map((x) => x.nodeId));
        expect(n.net.verifierIds.filter((id) => earners.has(id.toString())).length).toBeGreaterThanOrEqual(2);
        expect(n.honestWorkers.some((id) => earners.has(id.toString()))).toBe(true);
        expect(earners.has(n.net.managerId.toString())).toBe(true); // the manager, paid for the job it ran
        for (const id of earners) expect(claimedBy(id)).toBeGreaterThan(0n);
        for (const node of new Set(r.summary.nodeEpochs.items.map((x) => x.nodeId))) {
          const earned = sum(r.summary.nodeEpochs.items.filter((x) => x.nodeId === node && !x.forfeited).map((x) => x.earnedIfx ?? "0"));
          expect(claimedBy(node)).toBe(earned);
        }
        // The DAO's change.
        const params = await viem.getContractAt("ParameterRegistry", c.ParameterRegistry);
        expect(await params.read.emissionRatePerIbm()).toBe(2n * WAD);
        expect(r.summary.parameterChanges.items.find((p) => p.name === "emissionRatePerIbm")).toMatchObject({ oldValue: WAD.toString(), newValue: (2n * WAD).toString() });
        chainChecks.push("done");
      },
    });
    expect(chainChecks).toEqual(["done"]);
    // demo-out: every frame, a contact sheet of them, an animated preview with one page per frame.
    expect(result.outputs.frames).toHaveLength(6);
    const frame = await sharp(result.outputs.frames[0]!).metadata();
    expect([frame.width, frame.height]).toEqual([128, 72]);
    expect((await sharp(result.outputs.contactSheet).metadata()).width).toBeGreaterThan(0);
    expect((await sharp(result.outputs.preview, { animated: true }).metadata()).pages).toBe(6);
    // The printed summary names what a person looks for.
    const printed = lines.join("");
    for (const text of ["$ ifx license buy --kind worker", "$ ifx node register", "$ ifx stake", ": eligible", "Summary, from the indexer's GraphQL", "burned:", "IBME", "slashed:", "penalty pool", "E_p 1 -> 2", join(out, "contact-sheet.png")]) expect(printed).toContain(text);
  }, 900_000);
});
