import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { keccak256, parseEventLogs, toHex, type Account, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NonceWindow } from "../../../keepers/auth/nonceWindow.js";
import { jobMarketAbi, nodeStakingAbi } from "../../../keepers/chain/abis.generated.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { protocolContracts } from "../../../keepers/chain/protocolContracts.js";
import type { WriteClients } from "../../../keepers/chain/sendContractWrite.js";
import { callManager, ManagerCallError } from "../../../keepers/daemon/callManager.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { readNodeView } from "../../../keepers/manager/api/readNodeView.js";
import { createManagerServer } from "../../../keepers/manager/http/createManagerServer.js";
import { drawCommittees } from "../../../keepers/manager/jobs/drawCommittees.js";
import { readMarketEvents, type MarketReaderOptions } from "../../../keepers/manager/jobs/readMarketEvents.js";
import { buildQuote } from "../../../keepers/manager/quote/buildQuote.js";
import { buildDueSettlements } from "../../../keepers/manager/settle/buildDueSettlements.js";
import { releaseSettledFees } from "../../../keepers/manager/settle/releaseSettledFees.js";
import { sendSettlements } from "../../../keepers/manager/settle/sendSettlements.js";
import { committeeHashOf, seatsOf } from "../../../keepers/manager/settle/settlementPayload.js";
import { assignReadyTasks } from "../../../keepers/manager/store/assignReadyTasks.js";
import { markTaskReady } from "../../../keepers/manager/store/markTaskReady.js";
import { recordHeartbeat } from "../../../keepers/manager/store/recordHeartbeat.js";
import { recordQuote } from "../../../keepers/manager/store/recordQuote.js";
import { recordResult } from "../../../keepers/manager/store/recordResult.js";
import { recordVerdict } from "../../../keepers/manager/store/recordVerdict.js";
import { cidToWord } from "../../../keepers/market/cidWord.js";
import { signTaskResult } from "../../../keepers/market/taskResultSignature.js";
import { settlementTypedData } from "../../../keepers/market/typedData.js";
import { createHeliaStore } from "../../../keepers/storage/heliaStore.js";
import type { ContentStore } from "../../../keepers/storage/contentStore.js";
import type { OwnVerdict } from "../../../keepers/verifier/checkSettlement.js";
import { paymentLedger } from "../../../keepers/verifier/paymentLedger.js";
import { signSettlements } from "../../../keepers/verifier/signSettlements.js";
import { openVerifierChain, type VerifierChain } from "../../../keepers/verifier/openVerifierChain.js";
import { quotedTaskWork } from "../../../keepers/verifier/quotedTaskWork.js";
import { settlementOf } from "../../../keepers/market/taskOutcomes.js";
import type { SettlementPayload } from "../../../keepers/manager/settle/settlementPayload.js";
import { captureLogs } from "../helpers/startTestManager.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { startLocalNetwork } from "../helpers/startLocalNetwork.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

const WAD = 10n ** 18n;
const logger = pino({ level: process.env["DEBUG_SETTLE"] ? "debug" : "silent" });

/**
 * The committee's side of the money: a job whose tasks the committee judged (one render rejected, then accepted from
 * another worker) is settled by ONE transaction the committee signed through the manager's API, pays the accepted
 * work, slashes the rejected worker, is never sent twice (also after a restart), and its fee is released after the
 * dispute window. Real contracts on a local chain, the manager's real HTTP server, PGlite.
 */
describe("settlement: built by the manager, checked and signed by the committee, sent once, fees released", () => {
  let connection: Awaited<ReturnType<typeof startLocalNetwork>>["connection"];
  let d: Deployment;
  let net: LocalNetwork;
  let open: OpenDatabase;
  let store: ContentStore;
  let dir: string;
  let clients: WriteClients;
  let server: ReturnType<typeof createManagerServer>;
  let url: string;
  let jobId: Hex;
  /** Each verifier's own record of its verdicts, as a verifier daemon keeps it. */
  const own = new Map<bigint, Map<number, OwnVerdict>>();
  const signer = (verifierId: bigint) => ({ url, chainId: d.chainId, nodeId: verifierId, operator: net.operators.get(verifierId)! });
  /** The verifiers' read-only view of the chain (the job's quote, operator bindings), on the local chain's client. */
  let chain: VerifierChain;
  const sign = (verifierId: bigint, log = logger) => signSettlements({
    endpoint: signer(verifierId), market: d.contracts.JobMarket, logger: log, ownVerdict: async (attemptId) => own.get(verifierId)?.get(attemptId) ?? null,
    payments: paymentLedger(open.db, verifierId), chain,
  });
  const settledEvents = async () => clients.publicClient.getContractEvents({ address: d.contracts.JobMarket, abi: jobMarketAbi, eventName: "JobSettled", fromBlock: 0n, strict: true });

  beforeAll(async () => {
    let wallets;
    ({ connection, d, net, wallets } = await startLocalNetwork(3, [24_000n, 24_000n]));
    open = await openDatabase({});
    dir = await tempDir();
    store = await createHeliaStore({ dir });
    const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    clients = { publicClient, wallet: wallets[15] as unknown as WalletClient<Transport, Chain, Account>, receiptTimeoutMs: 30_000 };
    const contracts = protocolContracts(d, { public: publicClient });
    chain = openVerifierChain(publicClient, { chainId: d.chainId, market: d.contracts.JobMarket, startBlock: d.startBlock, maxRange: 10_000n });
    server = createManagerServer({ db: open.db, chainId: d.chainId, market: d.contracts.JobMarket, nodeView: readNodeView(contracts, 0), nonces: new NonceWindow(), verdictThreshold: 2, logger, store });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
    await open?.close();
    await cleanup(dir);
  });

  it("runs a job to the point where every task is accepted: one render rejected by the committee, redone by the other worker", async () => {
    const sceneCid = await store.addBytes(new TextEncoder().encode("scene"));
    const now = Number((await clients.publicClient.getBlock()).timestamp);
    const { quote, signature } = await buildQuote({
      artist: net.artist, sceneWord: cidToWord(sceneCid), frameStart: 0, frameEnd: 3, framesPerTask: 2, workWad: 4n * WAD, pricePerIbmWad: WAD / 20n,
      ibFloorWad: 0n, validForSeconds: 600, deadlineSeconds: 86_400, nowSeconds: now, salt: keccak256(toHex("settle")),
    }, { managerId: net.managerId, operator: net.operators.get(net.managerId)!, porSecret: new Uint8Array(32).fill(3), chainId: d.chainId, market: d.contracts.JobMarket });
    jobId = quote.jobId;
    await recordQuote(open.db, quote, signature, sceneCid, { engine: "pathtracer", resolution: { width: 64, height: 36 }, samples: 4, bounces: 2, framesPerTask: 2 });
    const market = await connection.viem.getContractAt("JobMarket", d.contracts.JobMarket, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    await net.mined(market.write.createJob([quote, signature]));
    const reader: MarketReaderOptions = { market: d.contracts.JobMarket, managerId: net.managerId, startBlock: d.startBlock, confirmations: 0n, maxRange: 10_000n };
    await readMarketEvents(open.db, clients.publicClient, reader);
    await connection.networkHelpers.mine(2);
    await drawCommittees(open.db, clients, d.contracts.JobMarket, logger);
    await readMarketEvents(open.db, clients.publicClient, reader);
    for (const t of [0, 1]) await markTaskReady(open.db, jobId, t, sceneCid, keccak256(toHex(`key-${t}`)));
    const [w1, w2] = net.workerIds as [bigint, bigint];
    const verdict = async (attemptId: number, accepted: boolean, resultCid: string, verifiers = net.verifierIds) => {
      const { task_index: taskIndex, worker_id: workerId } = await open.db.selectFrom("task_attempts").select(["task_index", "worker_id"]).where("id", "=", attemptId).executeTakeFirstOrThrow();
      // As a verifier keeps it: the worker that signed the result, the task's work as the on-chain quote splits it.
      const work = quotedTaskWork(await chain.jobQuote(jobId), taskIndex, [2 * taskIndex, 2 * taskIndex + 1]);
      if (!("workWad" in work)) throw new Error(work.problem);
      for (const v of verifiers) {
        if (!own.has(v)) own.set(v, new Map());
        own.get(v)!.set(attemptId, { jobId, taskIndex, accepted, resultCid, workerId: BigInt(workerId), workWad: work.workWad });
        await recordVerdict(open.db, { attemptId, verifierId: v, accepted, statistics: {}, signature: "0x" }, 2);
      }
    };
    // Only w1 heartbeats: it gets both tasks. Its render of task 1 is rejected by the whole committee.
    const beat = async (id: bigint) => recordHeartbeat(open.db, { workerId: id, operator: net.operators.get(id)!.address, engines: ["pathtracer"], slots: 4, pricePerIbmWad: 5n * 10n ** 16n, ibWad: WAD, eligible: true });
    await beat(w1);
    const first = await assignReadyTasks(open.db, { now: new Date(), heartbeatTimeoutSeconds: 60, taskTimeoutSeconds: 600, maxTasks: 10, blockAfterFailures: 3 });
    expect(first.map((a) => [a.taskIndex, a.workerId])).toEqual([[0, w1], [1, w1]]);
    const results = await Promise.all(first.map((a) => store.addBytes(new TextEncoder().encode(`frames ${a.taskIndex} by ${a.workerId}`))));
    // Each result with its worker's signed TaskResult, as the API takes it (a rejection is proven with it on-chain).
    const signed = (workerId: bigint, taskIndex: number, resultCid: string) =>
      signTaskResult(net.operators.get(workerId)!, { chainId: d.chainId, market: d.contracts.JobMarket }, { jobId, taskIndex, resultCid });
    for (const [i, a] of first.entries()) await recordResult(open.db, a.attemptId, a.workerId, results[i]!, await signed(a.workerId, a.taskIndex, results[i]!));
    await verdict(first[0]!.attemptId, true, results[0]!);
    await verdict(first[1]!.attemptId, false, results[1]!);
    // Task 1 is ready again and goes to w2 (w1 failed it); accepted.
    await beat(w2);
    const second = await assignReadyTasks(open.db, { now: new Date(), heartbeatTimeoutSeconds: 60, taskTimeoutSeconds: 600, maxTasks: 10, blockAfterFailures: 3 });
    expect(second.map((a) => [a.taskIndex, a.workerId])).toEqual([[1, w2]]);
    const redo = await store.addBytes(new TextEncoder().encode("frames 1 by w2"));
    await recordResult(open.db, second[0]!.attemptId, w2, redo, await signed(w2, 1, redo));
    await verdict(second[0]!.attemptId, true, redo, net.verifierIds.slice(0, 2));
    const tasks = await open.db.selectFrom("tasks").select("status").where("job_id", "=", jobId.toLowerCase()).execute();
    expect(tasks.map((t) => t.status)).toEqual(["accepted", "accepted"]);
  });

  it("builds one settlement: both accepted tasks paid, the rejected render listed; the committee hash is the market's", async () => {
    expect(await buildDueSettlements(open.db)).toEqual([jobId.toLowerCase()]);
    expect(await buildDueSettlements(open.db)).toEqual([]); // built once
    const row = await open.db.selectFrom("settlements").selectAll().where("job_id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow();
    const payload = row.payload as unknown as { outcomes: { taskIndex: number; accepted: boolean; workWad: string }[]; rejected: string[]; workers: string[]; committeeHash: Hex };
    expect(payload.outcomes.map((o) => [o.taskIndex, o.accepted])).toEqual([[0, true], [1, false], [1, true]]);
    expect(payload.outcomes.filter((o) => o.accepted).reduce((s, o) => s + BigInt(o.workWad), 0n)).toBe(4n * WAD);
    expect(payload.rejected).toHaveLength(1);
    const job = await open.db.selectFrom("jobs").select(["status", "committee"]).where("id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow();
    expect(job.status).toBe("settling");
    const market = protocolContracts(d, { public: clients.publicClient }).market;
    expect(payload.committeeHash).toBe(await market.read.committeeHashOf([seatsOf(job.committee!)]));
    expect(committeeHashOf(job.committee!)).toBe(payload.committeeHash);
  });

  it("refuses a signature that is not the seat operator's, and a signer outside the committee", async () => {
    const row = await open.db.selectFrom("settlements").selectAll().where("job_id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow();
    const payload = row.payload as unknown as { workers: string[]; rejected: string[] };
    const settlement = { outcomesRoot: row.outcomes_root as Hex, workers: payload.workers.map(BigInt), rejected: payload.rejected.map(BigInt) };
    const forged = await privateKeyToAccount(generatePrivateKey()).signTypedData(settlementTypedData(d.chainId, d.contracts.JobMarket, jobId, 0n, settlement));
    const input = (nodeId: bigint, signature: Hex) => ({ nodeId: nodeId.toString(), jobId, settlementIndex: 0, signature });
    const doc = "mutation ($input: SettlementSignatureInput!) { signSettlement(input: $input) { outcome } }";
    const refusal = (p: Promise<unknown>) => p.then(() => null, (e: ManagerCallError) => e);
    expect(await refusal(callManager(signer(net.verifierIds[0]!), "signSettlement", doc, input(net.verifierIds[0]!, forged)))).toMatchObject({ code: "BAD_USER_INPUT" });
    // Signed for another index: not this settlement's digest.
    const otherIndex = await net.operators.get(net.verifierIds[0]!)!.signTypedData(settlementTypedData(d.chainId, d.contracts.JobMarket, jobId, 1n, settlement));
    expect(await refusal(callManager(signer(net.verifierIds[0]!), "signSettlement", doc, input(net.verifierIds[0]!, otherIndex)))).toMatchObject({ code: "BAD_USER_INPUT" });
    // A worker is not a verifier: forbidden before anything is read.
    const w1 = net.workerIds[0]!;
    expect(await refusal(callManager(signer(w1), "signSettlement", doc, input(w1, forged)))).toMatchObject({ code: "FORBIDDEN" });
    expect(await open.db.selectFrom("settlement_signatures").selectAll().execute()).toEqual([]);
  });

  it("refuses a settlement that credits an honest worker's task to another worker, or inflates its work", async () => {
    const [v1] = net.verifierIds as [bigint];
    const [w1, w2] = net.workerIds as [bigint, bigint];
    const row = await open.db.selectFrom("settlements").select(["payload", "outcomes_root"]).where("job_id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow();
    const honest = row.payload as unknown as SettlementPayload;
    /** The manager rewrites its built settlement, root and entries made consistent with the edited outcomes. */
    const rewrite = async (edit: (o: SettlementPayload["outcomes"][number]) => SettlementPayload["outcomes"][number]) => {
      const outcomes = honest.outcomes.map(edit);
      const { settlement } = settlementOf(outcomes.map((o) => ({ taskIndex: o.taskIndex, workerId: BigInt(o.workerId), resultCid: o.resultWord, accepted: o.accepted, workWad: BigInt(o.workWad) })));
      const payload = { ...honest, outcomes, workers: settlement.workers.map(String), rejected: settlement.rejected.map(String) };
      await open.db.updateTable("settlements").set({ payload: JSON.stringify(payload), outcomes_root: settlement.outcomesRoot }).where("job_id", "=", jobId.toLowerCase()).execute();
    };
    const refusedFor = async () => {
      const { logger: log, lines } = captureLogs("warn");
      expect(await sign(v1, log)).toEqual({ signed: 0, refused: 1 });
      return lines.find((l) => l.msg === "refusing to sign a settlement")?.["problem"];
    };
    const redo = honest.outcomes.find((o) => o.taskIndex === 1 && o.accepted)!;
    // w2's accepted redo of task 1 moved to w1 (the manager's pick): w2's operator signed that result, not w1's.
    await rewrite((o) => (o.attemptId === redo.attemptId ? { ...o, workerId: w1.toString() } : o));
    expect(await refusedFor()).toBe(`attempt ${redo.attemptId}: the settlement names worker ${w1}, the result was signed by worker ${w2}`);
    // Task 1 paid twice its quoted work (the job's whole work moved onto it).
    await rewrite((o) => (o.attemptId === redo.attemptId ? { ...o, workWad: (4n * WAD).toString() } : o));
    expect(await refusedFor()).toBe(`attempt ${redo.attemptId}: the settlement says work ${4n * WAD}, task 1's quoted work is ${2n * WAD}`);
    await open.db.updateTable("settlements").set({ payload: JSON.stringify(honest), outcomes_root: row.outcomes_root }).where("job_id", "=", jobId.toLowerCase()).execute();
    expect(await open.db.selectFrom("signed_payments").selectAll().execute()).toEqual([]); // nothing recorded as paid
  });

  it("a verifier whose own verdicts differ refuses to sign; the others sign; nothing is sent below the threshold", async () => {
    const [v1, v2, v3] = net.verifierIds as [bigint, bigint, bigint];
    // v3 never judged the redo (it was decided by two verdicts): it must not sign outcomes it did not check.
    expect(await sign(v3)).toEqual({ signed: 0, refused: 1 });
    expect(await sign(v1)).toEqual({ signed: 1, refused: 0 });
    expect(await sign(v1)).toEqual({ signed: 0, refused: 0 }); // asked once per verifier
    expect(await sendSettlements(open.db, clients, d.contracts.JobMarket, logger)).toEqual([]); // 1 of 2
    expect(await settledEvents()).toHaveLength(0);
    // The threshold read once is kept: while still short of it, later rounds ask the chain nothing.
    expect((await open.db.selectFrom("settlements").select("threshold").executeTakeFirstOrThrow()).threshold).toBe(2);
    const reads = vi.spyOn(clients.publicClient, "readContract");
    expect(await sendSettlements(open.db, clients, d.contracts.JobMarket, logger)).toEqual([]);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(await sign(v2)).toEqual({ signed: 1, refused: 0 });
  });

  it("sends ONE settle: accepted work paid, the rejected worker slashed; a restart that lost the send finds it on-chain", async () => {
    const [w1] = net.workerIds as [bigint, bigint];
    const stakeBefore = await clients.publicClient.readContract({ address: d.contracts.NodeStaking, abi: nodeStakingAbi, functionName: "stakeOf", args: [w1] });
    const sent = await sendSettlements(open.db, clients, d.contracts.JobMarket, logger);
    expect(sent).toMatchObject([{ jobId: jobId.toLowerCase(), settlementIndex: 0, how: "sent" }]);
    const receipt = await clients.publicClient.getTransactionReceipt({ hash: sent[0]!.txHash! });
    const [settled] = parseEventLogs({ abi: jobMarketAbi, logs: receipt.logs, eventName: "JobSettled" });
    expect(settled!.args.paidWorkWad).toBe(4n * WAD);
    expect(settled!.args.completed).toBe(true);
    const stakeAfter = await clients.publicClient.readContract({ address: d.contracts.NodeStaking, abi: nodeStakingAbi, functionName: "stakeOf", args: [w1] });
    expect(stakeAfter).toBeLessThan(stakeBefore);
    expect((await open.db.selectFrom("jobs").select("status").where("id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow()).status).toBe("settled");
    // As if the manager died after sending and before recording it: the row says "sent" again.
    await open.db.updateTable("settlements").set({ status: "sent" }).execute();
    await open.db.updateTable("jobs").set({ status: "settling" }).execute();
    expect(await sendSettlements(open.db, clients, d.contracts.JobMarket, logger)).toMatchObject([{ how: "found" }]);
    expect(await settledEvents()).toHaveLength(1);
    expect(await sendSettlements(open.db, clients, d.contracts.JobMarket, logger)).toEqual([]);
  });

  it("releases the fee only after the dispute window, once", async () => {
    expect(await releaseSettledFees(open.db, clients, d.contracts.JobMarket, d.contracts.ParameterRegistry)).toEqual([]);
    const window = await protocolContracts(d, { public: clients.publicClient }).params.read.get([keccak256(toHex("disputeWindowSeconds"))]);
    // The due time read once is kept: until it passes, the job is not read again.
    const onChain = await clients.publicClient.readContract({ address: d.contracts.JobMarket, abi: jobMarketAbi, functionName: "job", args: [jobId] });
    const row = await open.db.selectFrom("jobs").select("fee_due_at").where("id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow();
    expect(BigInt(row.fee_due_at!)).toBe(BigInt(onChain.lastSettledAt) + window);
    const reads = vi.spyOn(clients.publicClient, "readContract");
    expect(await releaseSettledFees(open.db, clients, d.contracts.JobMarket, d.contracts.ParameterRegistry)).toEqual([]);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    await connection.networkHelpers.time.increase(window + 1n);
    expect(await releaseSettledFees(open.db, clients, d.contracts.JobMarket, d.contracts.ParameterRegistry)).toEqual([jobId.toLowerCase()]);
    const released = await clients.publicClient.getContractEvents({ address: d.contracts.JobMarket, abi: jobMarketAbi, eventName: "FeesReleased", fromBlock: 0n });
    expect(released).toHaveLength(1);
    expect((await open.db.selectFrom("jobs").select("status").where("id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow()).status).toBe("released");
    expect(await releaseSettledFees(open.db, clients, d.contracts.JobMarket, d.contracts.ParameterRegistry)).toEqual([]);
  });
});
