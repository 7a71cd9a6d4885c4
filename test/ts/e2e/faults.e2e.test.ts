import { readFile, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { decodeFunctionData, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobMarketAbi, allAbis } from "../../../keepers/chain/abis.generated.js";
import { decodeRevert } from "../../../keepers/chain/decodeRevert.js";
import { ContractWriteError, sendContractWrite } from "../../../keepers/chain/sendContractWrite.js";
import { quoteStruct } from "../../../keepers/cli/artist/requestQuote.js";
import { settlementTypedData, toCompactWords } from "../../../keepers/market/typedData.js";
import { rejection } from "../helpers/rejection.js";
import { runCli } from "../helpers/serveLocalChain.js";
import { until } from "../helpers/until.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";
import type { DaemonProcess } from "../../../scripts/lib/spawnDaemon.js";
import { postgresServerFor } from "../helpers/testDatabases.js";
import { FaultNetwork, JOB_FLAGS } from "./faultNetwork.js";

/**
 * POSTs `body` chunked (no content-length): its first chunk, then the rest only if the server has not answered yet.
 * node:http rather than fetch, so a server that answers and closes before reading the body is seen answering, not as
 * a broken pipe.
 */
function postChunked(url: string, body: string): Promise<{ status: number; message: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(url, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, message: (JSON.parse(text) as { errors: { message: string }[] }).errors[0]!.message });
      });
    });
    request.on("error", (error) => (answered ? undefined : reject(error))); // a closed pipe after the answer is expected
    request.write(body.slice(0, 16 * 1024));
    setTimeout(() => (request.destroyed ? undefined : request.end(body.slice(16 * 1024))), 1_000);
  });
}

/** `IJobMarket.Status` values. */
const RUNNING = 2;
const CANCELLED = 4;
const EXPIRED = 5;

/**
 * Faults around the running network (every daemon its own process, the chain over HTTP): an RPC outage, corrupt
 * scenes, a replayed quote, a forged settlement signature, malformed and oversized API requests, a job cancelled or
 * never run. Each scenario checks that nothing is lost or paid twice: one settlement per job with all its quoted work,
 * the artist charged once, an escrow that is not spent given back whole.
 */
const postgres = await postgresServerFor("the fault suite");

describe.skipIf(!postgres)("the running network under faults", () => {
  const f = new FaultNetwork();
  let replayedJob: Hex | undefined;
  let outageJob: Hex | undefined;

  beforeAll(() => f.start(), 240_000);
  afterAll(() => f.stop());

  it("answers malformed and oversized GraphQL requests with a 4xx and keeps serving", async () => {
    // As a GraphQL-over-HTTP client asks: with this media type, request errors come back as 4xx, not 200.
    const post = (body: string) =>
      fetch(`${f.managerUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json" }, body });
    const notJson = await post("{\"query\": \"{ job(id:");
    expect(notJson.status).toBe(400);
    const syntax = await post(JSON.stringify({ query: "{ job(id: \"0x01\" { status }" }));
    expect(syntax.status).toBe(400);
    expect(JSON.stringify(await syntax.json())).toMatch(/Syntax Error/);
    const unknownField = await post(JSON.stringify({ query: "{ nothingHere }" }));
    expect(unknownField.status).toBe(400);
    // Past the 256 KiB cap: refused from its declared length, before the body is read.
    const oversized = JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(300 * 1024) } });
    const declared = await post(oversized);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/at most 262144/);
    // The same body streamed without a length (chunked): no length to cap, so it is refused (411) before it is read.
    expect(await postChunked(`${f.managerUrl}/graphql`, oversized)).toEqual({ status: 411, message: "a request to /graphql must declare its content-length" });
    // The manager still answers a valid request.
    const valid = await post(JSON.stringify({ query: "query($id: String!) { job(id: $id) { status } }", variables: { id: `0x${"ab".repeat(32)}` } }));
    expect(valid.status).toBe(200);
    expect(await valid.json()).toEqual({ data: { job: null } });
  }, 60_000);

  it("refuses to quote a corrupt or truncated scene with a clear message and exit 2; nothing is escrowed", async () => {
    const before = await f.credits();
    const garbage = await f.upload(new TextEncoder().encode("this is not a glTF binary, only some bytes an artist uploaded by mistake"));
    const quoted = await runCli(["quote", "--scene-cid", garbage, "--frames", "0", ...JOB_FLAGS, "--json"], f.cliEnv());
    expect(quoted.code).toBe(2);
    expect(quoted.err).toMatch(/the manager refused: the scene cannot be rendered/);
    // A real scene cut in half (an interrupted copy): stored as uploaded, refused at the quote.
    const whole = await readFile(f.scenePath);
    const truncated = await f.upload(whole.subarray(0, Math.floor(whole.length / 2)));
    const quotedTruncated = await runCli(["quote", "--scene-cid", truncated, "--frames", "0", ...JOB_FLAGS], f.cliEnv());
    expect(quotedTruncated.code).toBe(2);
    expect(quotedTruncated.err).toMatch(/the scene cannot be rendered/);
    // `ifx submit` of the truncated file: upload, refused quote, no createJob.
    const dir = await tempDir("inferix-faults-scene-");
    try {
      const file = join(dir, "truncated.glb");
      await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
      const submitted = await runCli(["submit", file, "--frames", "0", ...JOB_FLAGS, "--yes", "--json"], f.cliEnv());
      expect(submitted.code).toBe(2);
      expect(submitted.err).toMatch(/the scene cannot be rendered/);
    } finally {
      await cleanup(dir);
    }
    expect(await f.credits()).toBe(before);
  }, 120_000);

  it("refuses a replayed quote on-chain (MarketJobExists) and charges the artist once", async () => {
    const sceneCid = await f.upload(await readFile(f.scenePath));
    const quote = await f.quote(sceneCid, "0");
    const before = await f.credits();
    const create = () => sendContractWrite(f.artist, { address: f.artist.contracts.market.address, abi: jobMarketAbi, functionName: "createJob", args: [quoteStruct(quote), quote.signature], label: "JobMarket.createJob" });
    await create();
    const replay = await rejection(create());
    expect(replay).toBeInstanceOf(ContractWriteError);
    expect((replay as ContractWriteError).revert).toMatchObject({ errorName: "MarketJobExists", args: [quote.jobId] });
    expect((replay as ContractWriteError).message).toBe(`JobMarket.createJob reverted: MarketJobExists(${quote.jobId})`);
    expect(await f.credits()).toBe(before - BigInt(quote.fee));
    expect(await f.marketEvents("JobCreated", quote.jobId)).toHaveLength(1);
    replayedJob = quote.jobId; // it runs on: its settlement is checked at the end
  }, 120_000);

  it("rides out a 15 s RPC outage mid-job: the manager retries, the job settles once; a job cancelled meanwhile is dropped", async () => {
    // A second quote, escrowed and cancelled by the artist while the manager cannot see the chain.
    const toCancel = await f.quote(await f.upload(await readFile(f.scenePath)), "0");
    const jobId = await f.submit("0-1");
    outageJob = jobId;
    // Escrowed in the manager's view (its row exists from the quote on): the outage hits the job's draw and run.
    await until("the manager has the escrowed job", async () => ["escrowed", "running"].includes((await f.jobStatus(jobId)) ?? ""), 60_000);
    const linesBefore = new Map(f.daemons.map((d) => [d, d.lines.length]));
    f.proxy.pause("503");
    const before = await f.credits();
    await sendContractWrite(f.artist, { address: f.artist.contracts.market.address, abi: jobMarketAbi, functionName: "createJob", args: [quoteStruct(toCancel), toCancel.signature] });
    await sendContractWrite(f.artist, { address: f.artist.contracts.market.address, abi: jobMarketAbi, functionName: "cancel", args: [toCancel.jobId] });
    const [closed] = await f.marketEvents("JobClosed", toCancel.jobId);
    // Cancelled in the seed block, the whole escrow comes back; later (the committee could be computed), all but the
    // 5% cancel fee (JobMarket.cancel). Blocks come every second here, so either can happen.
    const charged = await f.marketEvents("CancelFeeCharged", toCancel.jobId);
    const cancelFee = charged.length === 0 ? 0n : (charged[0]!.args as { fee: bigint }).fee;
    expect([0n, (BigInt(toCancel.fee) * 500n + 9_999n) / 10_000n]).toContain(cancelFee);
    expect(closed!.args).toMatchObject({ status: CANCELLED, refunded: BigInt(toCancel.fee) - cancelFee });
    expect(await f.credits()).toBe(before - cancelFee);
    // 503s for longer than the manager caches a node's registration (readNodeView: 10 s), so every node's next call
    // needs a chain read that fails while they last: each node daemon meets the outage, whatever its cache's phase.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    f.proxy.pause("drop"); // then the endpoint gone altogether
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    f.proxy.resume();
    expect(f.proxy.refused).toBeGreaterThan(0);
    // The manager met the outage (its chain calls failed and were logged, its loops went on) and the node daemons,
    // whose calls the manager could not authenticate meanwhile (it reads the registry), backed off and retried.
    const during = (d: DaemonProcess) => d.lines.slice(linesBefore.get(d)!);
    const chainFailures = during(f.manager).filter((l) => Number(l["level"]) >= 40 && JSON.stringify(l["err"] ?? "").includes(f.proxy.url.replace(/\/$/, "")));
    expect(chainFailures.length).toBeGreaterThan(0);
    const nodes = f.daemons.filter((d) => d !== f.manager);
    const retries = nodes.flatMap(during).filter((l) => String(l["msg"]).endsWith("failed; retrying"));
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((l) => typeof l["retryInMs"] === "number")).toBe(true);
    expect(f.manager.child.exitCode).toBeNull();
    await f.settledOnce(jobId);
    // The cancelled job: the manager learns it from the chain and never runs it.
    await until("the cancelled job dropped", async () => (await f.jobStatus(toCancel.jobId)) === "cancelled", 60_000);
    const attempts = await f.db.db.selectFrom("task_attempts").select("id").where("job_id", "=", toCancel.jobId.toLowerCase()).execute();
    expect(attempts).toEqual([]);
    expect(await f.marketEvents("JobSettled", toCancel.jobId)).toEqual([]);
  }, 360_000);

  it("refuses on-chain the real manager's settlement with one signature swapped for a non-member's (MarketSignerNotInCommittee)", async () => {
    expect(outageJob).toBeDefined();
    const jobId = outageJob!;
    const [settled] = await f.marketEvents("JobSettled", jobId);
    const client = f.artist.publicClient;
    const sent = await client.getTransaction({ hash: settled!.transactionHash });
    const { args } = decodeFunctionData({ abi: jobMarketAbi, data: sent.input });
    const [id, settlement, committee, priorRoots, signatures, proofs] = args as unknown as readonly [Hex, { outcomesRoot: Hex; workers: readonly bigint[]; rejected: readonly bigint[] }, readonly { verifierId: bigint; operator: Hex }[], readonly Hex[], { seats: bigint; compact: readonly Hex[] }, readonly { resultCid: Hex; r: Hex; vs: Hex }[]];
    // A key outside the committee signs the very settlement the committee signed (same domain, job and index).
    const outsider = privateKeyToAccount(generatePrivateKey());
    const forged = await outsider.signTypedData(settlementTypedData(f.chain.deployment.chainId, f.chain.deployment.contracts.JobMarket, jobId, settled!.args.settlementIndex, { ...settlement, workers: [...settlement.workers], rejected: [...settlement.rejected] }));
    const compact = [...signatures.compact];
    [compact[0], compact[1]] = toCompactWords(forged);
    const firstSeat = Number(signatures.seats.toString(2).split("").reverse().indexOf("1"));
    // Both calls at the block before the real settlement, over HTTP: the state the manager sent it in.
    const at = { address: f.chain.deployment.contracts.JobMarket, abi: jobMarketAbi, functionName: "settle", account: sent.from, blockNumber: settled!.blockNumber - 1n } as const;
    await client.simulateContract({ ...at, args: [id, settlement, committee, priorRoots, signatures, proofs] }); // the original passes there
    const refused = await rejection(client.simulateContract({ ...at, args: [id, settlement, committee, priorRoots, { seats: signatures.seats, compact }, proofs] }));
    expect(decodeRevert(refused, allAbis)).toMatchObject({ errorName: "MarketSignerNotInCommittee", args: [BigInt(firstSeat), outsider.address] });
    // And the real settlement sent again now is refused too: the job is complete, paid once.
    const replayed = await rejection(client.simulateContract({ ...at, blockNumber: undefined, args: [id, settlement, committee, priorRoots, signatures, proofs] }));
    expect(decodeRevert(replayed, allAbis)?.errorName).toBe("MarketWrongStatus");
    expect(await f.marketEvents("JobSettled", jobId)).toHaveLength(1);
  }, 60_000);

  it("settles the job whose quote was replayed exactly once", async () => {
    expect(replayedJob).toBeDefined();
    await f.settledOnce(replayedJob!);
  }, 300_000);
  // Last: it stops the workers and moves the chain's clock by days.
  it("gives the artist the whole escrow back (reclaim) when the network cannot run an escrowed job by its deadline", async () => {
    const quote = await f.quote(await f.upload(await readFile(f.scenePath)), "0");
    await Promise.all(f.workers.map((w) => w.stop()));
    const before = await f.credits();
    const market = f.artist.contracts.market.address;
    await sendContractWrite(f.artist, { address: market, abi: jobMarketAbi, functionName: "createJob", args: [quoteStruct(quote), quote.signature] });
    await until("the committee drawn", async () => (await f.onChainJob(quote.jobId)).status === RUNNING, 60_000);
    // Before the deadline the escrow is the job's: reclaiming is refused with the market's decoded error.
    const early = await rejection(sendContractWrite(f.artist, { address: market, abi: jobMarketAbi, functionName: "reclaim", args: [quote.jobId], label: "JobMarket.reclaim" }));
    expect((early as ContractWriteError).revert?.errorName).toBe("MarketDeadlineNotReached");
    const now = (await f.artist.publicClient.getBlock()).timestamp;
    await f.chain.rpc("evm_increaseTime", [Number(BigInt(quote.deadline) - now + 3_600n)]);
    await f.chain.rpc("evm_mine");
    await sendContractWrite(f.artist, { address: market, abi: jobMarketAbi, functionName: "reclaim", args: [quote.jobId], label: "JobMarket.reclaim" });
    const [closed] = await f.marketEvents("JobClosed", quote.jobId);
    expect(closed!.args).toMatchObject({ status: EXPIRED, refunded: BigInt(quote.fee) });
    expect(await f.credits()).toBe(before);
    expect(await f.marketEvents("JobSettled", quote.jobId)).toEqual([]);
    // The manager reads the JobClosed event and runs the job no more: nothing assigned from then on (an attempt may
    // have gone, before, to a stopped worker still counted live by its last heartbeat).
    await until("the manager has the job expired", async () => (await f.jobStatus(quote.jobId)) === "expired", 60_000);
    const closedAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a few assignment rounds
    const attempts = await f.db.db.selectFrom("task_attempts").select(["assigned_at", "status"]).where("job_id", "=", quote.jobId.toLowerCase()).execute();
    expect(attempts.filter((a) => new Date(a.assigned_at) >= closedAt)).toEqual([]);
    expect(attempts.filter((a) => a.status === "accepted")).toEqual([]);
  }, 120_000);
});
