import { pino } from "pino";
import { hexToBytes, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signNodeRequest } from "../../../keepers/auth/nodeRequest.js";
import { NonceWindow } from "../../../keepers/auth/nonceWindow.js";
import { encryptionKeyOf } from "../../../keepers/crypto/encryptionKeyOf.js";
import { openSealed } from "../../../keepers/crypto/sealForNode.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { createManagerApi } from "../../../keepers/manager/api/createManagerApi.js";
import type { NodeView } from "../../../keepers/manager/api/managerApiDeps.js";
import { assignReadyTasks } from "../../../keepers/manager/store/assignReadyTasks.js";
import { markTaskReady } from "../../../keepers/manager/store/markTaskReady.js";
import { openEscrowedJob } from "../../../keepers/manager/store/openEscrowedJob.js";
import { recordQuote } from "../../../keepers/manager/store/recordQuote.js";
import { taskSeed } from "../../../keepers/manager/tasks/taskSeed.js";
import { signTaskResult } from "../../../keepers/market/taskResultSignature.js";

const CHAIN = 31337;
const WAD = 10n ** 18n;
const JOB = `0x${"0a".repeat(32)}` as const;
const CID = "bafybeihi4vpkqguuofccvmtkq7acd2lidr4s7nb6ve7eeexk44xgwigy6e";
const POR_KEY = JSON.stringify({ version: 2, taskId: `${JOB}/0` });

const keys = new Map<bigint, PrivateKeyAccount>([10n, 11n, 20n, 21n, 22n].map((id) => [id, privateKeyToAccount(generatePrivateKey())]));
const encryption = new Map([...keys.keys()].map((id) => [id, generatePrivateKey()]));
const kinds = new Map<bigint, NodeView["kind"]>([[10n, "worker"], [11n, "worker"], [20n, "verifier"], [21n, "verifier"], [22n, "verifier"]]);
/** The API runs without a market here: results are signed in the domain it names in assignments (the zero address). */
const DOMAIN = { chainId: CHAIN, market: "0x0000000000000000000000000000000000000000" } as const;
const resultSignature = (id: bigint, taskIndex: number, resultCid = CID, jobId = JOB as `0x${string}`) => signTaskResult(keys.get(id)!, DOMAIN, { jobId, taskIndex, resultCid });
const view = async (id: bigint): Promise<NodeView | null> =>
  keys.has(id) ? { operator: keys.get(id)!.address as Address, kind: kinds.get(id)!, eligible: true, pricePerIbmWad: WAD / 20n, ibWad: WAD, encryptionKey: encryptionKeyOf(encryption.get(id)!) } : null;

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
}

describe("the manager's GraphQL API", () => {
  let open: OpenDatabase;
  let api: ReturnType<typeof createManagerApi>;

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const response = await api.fetch("http://manager.test/graphql", { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    return { status: response.status, json: (await response.json()) as GraphQLResponse };
  };
  /** A node's call: `input` signed by `signer` (the node's own operator key unless given) as node `nodeId`. */
  const call = async (nodeId: bigint, operation: string, query: string, input: Record<string, unknown>, signer = keys.get(nodeId)!) => {
    const signed = await signNodeRequest(signer, CHAIN, nodeId, operation, JSON.stringify(input));
    return post(JSON.stringify({ query, variables: { input } }), signed);
  };
  const codeOf = (r: { json: GraphQLResponse }) => r.json.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    open = await openDatabase({});
    api = createManagerApi({ db: open.db, chainId: CHAIN, nodeView: view, nonces: new NonceWindow(), verdictThreshold: 2, logger: pino({ level: process.env["DEBUG_API"] ? "error" : "silent" }) });
    await recordQuote(open.db, {
      jobId: JOB, artist: "0x00000000000000000000000000000000000000a1", sceneCid: `0x${"ab".repeat(32)}`, frameStart: 1, frameEnd: 4, taskCount: 2,
      workWad: 10n * WAD, pricePerIbmWad: WAD / 20n, fee: WAD / 2n, ibFloorWad: 0n, keysCommitment: `0x${"cd".repeat(32)}`, expiry: 1n, deadline: 2n, managerId: 1n,
    }, "0xsig", CID, { engine: "pathtracer", resolution: { width: 320, height: 180 }, samples: 16, bounces: 4, framesPerTask: 2 });
    await openEscrowedJob(open.db, JOB);
    await markTaskReady(open.db, JOB, 0, CID, "0xk0", POR_KEY);
    await open.db.updateTable("jobs").set({ committee: JSON.stringify([{ verifierId: "20", operator: "0x" }, { verifierId: "21", operator: "0x" }, { verifierId: "22", operator: "0x" }]) }).execute();
  });
  afterAll(async () => open.close());

  const HEARTBEAT = "mutation($input: HeartbeatInput!) { heartbeat(input: $input) { eligible ibWad } }";
  const ASSIGNMENTS = "query($input: NodeInput!) { assignments(input: $input) { attemptId jobId taskIndex frameStart frameEnd sceneCid engine width samples seed } }";
  const RESULT = "mutation($input: ResultInput!) { submitResult(input: $input) { outcome } }";
  const VERIFICATIONS = "query($input: NodeInput!) { verifications(input: $input) { attemptId resultCid width sealedKey } }";
  const VERDICT = "mutation($input: VerdictInput!) { submitVerdict(input: $input) { outcome } }";
  const JOB_QUERY = `{ job(id: "${JOB}") { status progress tasks { index status resultCid } } }`;

  it("runs a task through the node operations: heartbeat, assignment, result, two verdicts", async () => {
    expect((await call(10n, "heartbeat", HEARTBEAT, { nodeId: "10", engines: ["pathtracer"], slots: 1 })).json.data).toEqual({ heartbeat: { eligible: true, ibWad: WAD.toString() } });
    await assignReadyTasks(open.db, { now: new Date(), heartbeatTimeoutSeconds: 60, taskTimeoutSeconds: 600, maxTasks: 10, blockAfterFailures: 3 });
    const response = await call(10n, "assignments", ASSIGNMENTS, { nodeId: "10" });
    expect(response.json.errors).toBeUndefined();
    const assigned = response.json.data!["assignments"] as { attemptId: number }[];
    expect(assigned).toEqual([{ attemptId: assigned[0]!.attemptId, jobId: JOB, taskIndex: 0, frameStart: 1, frameEnd: 2, sceneCid: CID, engine: "pathtracer", width: 320, samples: 16, seed: taskSeed(JOB, 0) }]);
    const attemptId = assigned[0]!.attemptId;
    // A result without the worker's own TaskResult signature for this job and task is refused: it could be neither
    // paid nor slashed. Signed by another node, for another task or another job: the same.
    for (const bad of [await resultSignature(11n, 0), await resultSignature(10n, 1), await resultSignature(10n, 0, CID, `0x${"0b".repeat(32)}`), "0x1234"]) {
      const refused = await call(10n, "submitResult", RESULT, { nodeId: "10", attemptId, resultCid: CID, resultSignature: bad });
      expect([codeOf(refused), refused.json.errors?.[0]?.message]).toEqual(["BAD_USER_INPUT", expect.stringContaining("operator signature of TaskResult")]);
    }
    expect((await call(10n, "submitResult", RESULT, { nodeId: "10", attemptId, resultCid: CID, resultSignature: await resultSignature(10n, 0) })).json.data).toEqual({ submitResult: { outcome: "recorded" } });
    const [pending] = (await call(20n, "verifications", VERIFICATIONS, { nodeId: "20" })).json.data!["verifications"] as { attemptId: number; resultCid: string; width: number; sealedKey: `0x${string}` }[];
    expect(pending).toMatchObject({ attemptId, resultCid: CID, width: 320 });
    // The key reaches the verifier sealed to its registered encryption key: it opens with that key only.
    expect(new TextDecoder().decode(openSealed(encryption.get(20n)!, hexToBytes(pending!.sealedKey)))).toBe(POR_KEY);
    expect(() => openSealed(encryption.get(21n)!, hexToBytes(pending!.sealedKey))).toThrow(/not sealed to this key/);
    const verdict = (id: bigint) => call(id, "submitVerdict", VERDICT, { nodeId: id.toString(), attemptId, accepted: true, statistics: JSON.stringify({ matched: 12, falseAccept: 1e-30 }) });
    expect((await verdict(20n)).json.data).toEqual({ submitVerdict: { outcome: "pending" } });
    expect((await call(20n, "verifications", VERIFICATIONS, { nodeId: "20" })).json.data).toEqual({ verifications: [] });
    expect((await verdict(21n)).json.data).toEqual({ submitVerdict: { outcome: "accepted" } });
    expect((await post(JSON.stringify({ query: JOB_QUERY }))).json.data).toEqual({
      job: { status: "running", progress: 0.5, tasks: [{ index: 0, status: "accepted", resultCid: CID }, { index: 1, status: "pending", resultCid: null }] },
    });
  });

  it("refuses unsigned, mis-signed, replayed and wrong-role calls, and acting for another node", async () => {
    const input = { nodeId: "10" };
    expect(codeOf(await post(JSON.stringify({ query: ASSIGNMENTS, variables: { input } })))).toBe("UNAUTHENTICATED");
    const forged = await call(10n, "assignments", ASSIGNMENTS, input, keys.get(11n)!);
    expect([codeOf(forged), forged.json.errors?.[0]?.extensions?.reason]).toEqual(["UNAUTHENTICATED", "NOT_OPERATOR"]);
    const signed = await signNodeRequest(keys.get(10n)!, CHAIN, 10n, "assignments", JSON.stringify(input));
    const body = JSON.stringify({ query: ASSIGNMENTS, variables: { input } });
    expect((await post(body, signed)).json.errors).toBeUndefined();
    expect((await post(body, signed)).json.errors?.[0]?.extensions?.reason).toBe("REPLAYED");
    // The signature covers the input as sent: another input under the same headers fails.
    const other = await signNodeRequest(keys.get(10n)!, CHAIN, 10n, "assignments", JSON.stringify(input));
    expect(codeOf(await post(JSON.stringify({ query: ASSIGNMENTS, variables: { input: { nodeId: "11" } } }), other))).toBe("UNAUTHENTICATED");
    expect(codeOf(await call(10n, "verifications", VERIFICATIONS, input))).toBe("FORBIDDEN");
    expect(codeOf(await call(11n, "assignments", ASSIGNMENTS, { nodeId: "10" }))).toBe("FORBIDDEN");
    expect(codeOf(await call(11n, "submitResult", RESULT, { nodeId: "11", attemptId: 1, resultCid: CID, resultSignature: await resultSignature(11n, 0) }))).toBe("CONFLICT");
  });

  it("answers bad input with BAD_USER_INPUT and oversized bodies with 413", async () => {
    expect(codeOf(await call(10n, "submitResult", RESULT, { nodeId: "10", attemptId: 1, resultCid: "not-a-cid", resultSignature: "0x" }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await call(10n, "heartbeat", HEARTBEAT, { nodeId: "10", engines: ["cinema4d"], slots: 1 }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await call(10n, "heartbeat", HEARTBEAT, { nodeId: "10", engines: ["pathtracer"], slots: 0 }))).toBe("BAD_USER_INPUT");
    const late = await call(22n, "submitVerdict", VERDICT, { nodeId: "22", attemptId: 1, accepted: true, statistics: "{not json" });
    expect(codeOf(late)).toBe("BAD_USER_INPUT");
    expect(codeOf(await call(20n, "verifications", "query($input: NodeInput!) { verifications(input: $input) { nope } }", { nodeId: "20" }))).toBe("GRAPHQL_VALIDATION_FAILED");
    const huge = await post(JSON.stringify({ query: JOB_QUERY, padding: "x".repeat(300_000) }));
    expect(huge.status).toBe(413);
    expect((await post(JSON.stringify({ query: `{ job(id: "0x00") { status } }` }))).json.data).toEqual({ job: null });
  });

  it("records a worker's progress from its heartbeat and lets it hand a live task back", async () => {
    await markTaskReady(open.db, JOB, 1, CID, "0xk1", POR_KEY);
    const beat = (id: bigint, progress: unknown) => call(id, "heartbeat", HEARTBEAT, { nodeId: id.toString(), engines: ["pathtracer"], slots: 1, progress });
    expect((await beat(11n, [])).json.errors).toBeUndefined();
    const [assigned] = await assignReadyTasks(open.db, { now: new Date(), heartbeatTimeoutSeconds: 60, taskTimeoutSeconds: 600, maxTasks: 10, blockAfterFailures: 3 });
    const owner = assigned!.workerId;
    const other = owner === 10n ? 11n : 10n;
    const { attemptId } = assigned!;
    expect((await beat(owner, [{ attemptId, fraction: 0.4 }])).json.errors).toBeUndefined();
    expect((await beat(other, [{ attemptId, fraction: 0.9 }])).json.errors).toBeUndefined(); // not its attempt: ignored
    expect(codeOf(await beat(owner, [{ attemptId, fraction: 1.5 }]))).toBe("BAD_USER_INPUT");
    const progressQuery = JSON.stringify({ query: `{ job(id: "${JOB}") { tasks { index status renderProgress } } }` });
    const tasks = ((await post(progressQuery)).json.data!["job"] as { tasks: { index: number; renderProgress: number | null }[] }).tasks;
    expect(tasks[1]).toEqual({ index: 1, status: "assigned", renderProgress: expect.closeTo(0.4, 5) });
    const RELEASE = "mutation($input: ReleaseInput!) { releaseTask(input: $input) { outcome } }";
    const release = (id: bigint) => call(id, "releaseTask", RELEASE, { nodeId: id.toString(), attemptId });
    expect((await release(other)).json.data).toEqual({ releaseTask: { outcome: "not_assigned" } });
    expect((await release(owner)).json.data).toEqual({ releaseTask: { outcome: "released" } });
    expect((await release(owner)).json.data).toEqual({ releaseTask: { outcome: "not_assigned" } });
    const attempt = await open.db.selectFrom("task_attempts").select(["status", "reason"]).where("id", "=", attemptId).executeTakeFirstOrThrow();
    expect(attempt).toEqual({ status: "released", reason: "released by the worker" });
    const task = await open.db.selectFrom("tasks").select("status").where("job_id", "=", JOB).where("task_index", "=", 1).executeTakeFirstOrThrow();
    expect(task.status).toBe("ready");
    expect(await open.db.selectFrom("job_blocklist").selectAll().where("worker_id", "=", owner.toString()).execute()).toEqual([]); // not a failure
    expect(codeOf(await call(20n, "releaseTask", RELEASE, { nodeId: "20", attemptId }))).toBe("FORBIDDEN");
  });
});
