import { parseEventLogs, type Chain, type Hex, type PublicClient, type Transport } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobDisputesAbi } from "../../../keepers/chain/abis.generated.js";
import { DISPUTE_PROOF_QUERY as PROOF, openDisputeArgs } from "../../../keepers/cli/artist/disputeProofArgs.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import type { Seat } from "../../../keepers/market/typedData.js";
import { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { startLocalNetwork } from "../helpers/startLocalNetwork.js";
import { startArtistManager, WAD, type ArtistManager } from "./artistHarness.js";
import { recordJobRow, settleAndRecord } from "./settlementRows.js";

describe("a dispute proof from the manager, accepted by JobDisputes.openDispute", () => {
  let connection: Awaited<ReturnType<typeof startLocalNetwork>>["connection"];
  let d: Deployment;
  let net: LocalNetwork;
  let manager: ArtistManager;
  let job: { jobId: Hex; committee: Seat[]; committeeHash: Hex };

  beforeAll(async () => {
    ({ connection, d, net } = await startLocalNetwork(3, [24_000n]));
    const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    manager = await startArtistManager(net, d, publicClient);
    job = await net.openJob(8n * WAD, 3);
    await recordJobRow(manager.db, job.jobId, net.artist, 3);
    // Two settlements: task 0 then tasks 1 (accepted) and 2 (rejected); a dispute must name both roots.
    const [t0, t1, t2] = LocalNetwork.outcomes(3, net.workerIds, 2n * WAD);
    await settleAndRecord(manager.db, net, job, 0, [t0!]);
    await settleAndRecord(manager.db, net, job, 1, [t1!, { ...t2!, accepted: false }]);
  });
  afterAll(async () => manager?.close());

  it("proves a task of an earlier settlement with every root of the job, and the artist's dispute opens on-chain", async () => {
    const { data, errors } = await manager.graphql(PROOF, { jobId: job.jobId, taskIndex: 0 });
    expect(errors).toBeUndefined();
    const p = data!["disputeProof"];
    expect(p).toMatchObject({ jobId: job.jobId.toLowerCase(), settlementIndex: 0, committeeHash: job.committeeHash, roots: net.roots.get(job.jobId) });
    expect(p.roots).toHaveLength(2);
    expect(p.committee.map((s: { verifierId: string }) => BigInt(s.verifierId))).toEqual(job.committee.map((s) => s.verifierId));
    const disputes = await connection.viem.getContractAt("JobDisputes", d.contracts.JobDisputes, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    const receipt = await net.mined(disputes.write.openDispute(openDisputeArgs(job.jobId, p)));
    const [opened] = parseEventLogs({ abi: jobDisputesAbi, logs: receipt.logs, eventName: "DisputeOpened" });
    expect(opened?.args).toMatchObject({ jobId: job.jobId, settlementIndex: 0n, taskIndex: 0, workerId: net.workerIds[0] });
  });

  it("proves a task of the latest settlement too", async () => {
    const p = (await manager.graphql(PROOF, { jobId: job.jobId, taskIndex: 1 })).data!["disputeProof"];
    expect([p.settlementIndex, p.outcome.accepted, p.outcome.workWad]).toEqual([1, true, (2n * WAD).toString()]);
    const disputes = await connection.viem.getContractAt("JobDisputes", d.contracts.JobDisputes, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    await net.mined(disputes.write.openDispute(openDisputeArgs(job.jobId, p)));
  });

  it("refuses rejected or unknown tasks, unsettled jobs and malformed ids with clear errors", async () => {
    const error = async (variables: Record<string, unknown>) => (await manager.graphql(PROOF, variables)).errors?.[0];
    expect(await error({ jobId: job.jobId, taskIndex: 2 })).toMatchObject({ message: `task 2 of job ${job.jobId} is not an accepted outcome of a confirmed settlement`, extensions: { code: "NOT_FOUND" } });
    expect(await error({ jobId: job.jobId, taskIndex: 7 })).toMatchObject({ extensions: { code: "NOT_FOUND" } });
    const other = `0x${"11".repeat(32)}`;
    expect(await error({ jobId: other, taskIndex: 0 })).toMatchObject({ message: `job ${other} has no confirmed settlement on this manager`, extensions: { code: "NOT_FOUND" } });
    expect(await error({ jobId: "0x12", taskIndex: 0 })).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    // A settlement built but not yet confirmed proves nothing: the chain may not hold its root.
    await manager.db.updateTable("settlements").set({ status: "sent" }).execute();
    expect(await error({ jobId: job.jobId, taskIndex: 0 })).toMatchObject({ extensions: { code: "NOT_FOUND" } });
  });
});
