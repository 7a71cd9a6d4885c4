import { GraphQLError } from "graphql";
import { CID } from "multiformats/cid";
import { sql } from "kysely";
import { bytesToHex, zeroAddress, type Hex } from "viem";
import { sealForNode } from "../../crypto/sealForNode.js";
import { taskResultSigner } from "../../market/taskResultSignature.js";
import { liveAssignments } from "../store/liveAssignments.js";
import { recordHeartbeat } from "../store/recordHeartbeat.js";
import { recordProgress, type AttemptProgress } from "../store/recordProgress.js";
import { recordResult } from "../store/recordResult.js";
import { recordVerdict } from "../store/recordVerdict.js";
import { releaseAttempt } from "../store/releaseAttempt.js";
import { taskSeed } from "../tasks/taskSeed.js";
import { authenticateNode, requireSelf, type ApiContext } from "./authenticateNode.js";

const ENGINES = new Set(["pathtracer", "blender"]);
const MAX_STATISTICS_BYTES = 16_384;
/** Progress entries in one heartbeat: a worker renders at most 64 tasks at once. */
const MAX_PROGRESS_ENTRIES = 64;

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

function checkCid(cid: string): void {
  try {
    CID.parse(cid);
  } catch {
    throw badInput(`not a CID: "${cid.slice(0, 100)}"`);
  }
}

export const nodeQueries = {
  async assignments(_: unknown, { input }: { input: { nodeId: string } }, context: ApiContext) {
    const { nodeId } = await authenticateNode(context, "assignments", "worker");
    requireSelf(nodeId, input);
    const tasks = await liveAssignments(context.deps.db, nodeId);
    return tasks.map((t) => ({
      attemptId: t.attemptId, jobId: t.jobId, taskIndex: t.taskIndex, frameStart: t.frameStart, frameEnd: t.frameEnd, sceneCid: t.markedSceneCid,
      engine: t.settings.engine, width: t.settings.resolution.width, height: t.settings.resolution.height, samples: t.settings.samples,
      bounces: t.settings.bounces, seed: taskSeed(t.jobId, t.taskIndex), deadline: t.deadline.toISOString(),
      market: context.deps.market ?? zeroAddress,
    }));
  },

  async verifications(_: unknown, { input }: { input: { nodeId: string } }, context: ApiContext) {
    const { nodeId, view } = await authenticateNode(context, "verifications", "verifier");
    requireSelf(nodeId, input);
    const seat = JSON.stringify([{ verifierId: nodeId.toString() }]);
    const rows = await context.deps.db.selectFrom("task_attempts as a").innerJoin("jobs as j", "j.id", "a.job_id")
      .innerJoin("tasks as t", (j) => j.onRef("t.job_id", "=", "a.job_id").onRef("t.task_index", "=", "a.task_index"))
      .select(["a.id", "a.job_id", "a.task_index", "a.result_cid", "a.worker_id", "a.result_signature", "t.por_key", "t.marked_scene_cid", "j.settings"])
      // Decided attempts too: two agreeing verdicts decide a task, but a settlement is signed only by members who judged
      // every outcome in it, so the third member judges them as well (its late verdict never changes the decision).
      .where("a.status", "in", ["rendered", "accepted", "rejected"]).where("j.status", "in", ["running", "settling"])
      .where(sql<boolean>`j.committee @> ${seat}::jsonb`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("verdicts as v").select("v.attempt_id").whereRef("v.attempt_id", "=", "a.id").where("v.verifier_id", "=", nodeId.toString()))))
      .orderBy("a.id").execute();
    return rows.filter((r) => r.por_key !== null).map((r) => verificationOf(r, view.encryptionKey));
  },

  /**
   * The disputed attempts this verifier sits on the panel of (IJobDisputes): the same material a committee member gets,
   * sealed to this verifier, with the dispute's key, the panel and the verifier's seat to vote from. Only a drawn panel's
   * members get it, and only while the dispute is open.
   */
  async panelVerifications(_: unknown, { input }: { input: { nodeId: string } }, context: ApiContext) {
    const { nodeId, view } = await authenticateNode(context, "panelVerifications", "verifier");
    requireSelf(nodeId, input);
    const seat = JSON.stringify([{ verifierId: nodeId.toString() }]);
    const rows = await context.deps.db.selectFrom("disputes as d").innerJoin("task_attempts as a", "a.id", "d.attempt_id").innerJoin("jobs as j", "j.id", "a.job_id")
      .innerJoin("tasks as t", (j) => j.onRef("t.job_id", "=", "a.job_id").onRef("t.task_index", "=", "a.task_index"))
      .select(["a.id", "a.job_id", "a.task_index", "a.result_cid", "a.worker_id", "a.result_signature", "t.por_key", "t.marked_scene_cid", "j.settings", "d.settlement_index", "d.panel"])
      .where("d.status", "=", "open").where(sql<boolean>`d.panel @> ${seat}::jsonb`).orderBy("a.id").execute();
    return rows.filter((r) => r.por_key !== null && r.panel !== null).map((r) => ({
      verification: verificationOf(r, view.encryptionKey), settlementIndex: r.settlement_index,
      panel: r.panel!, seat: r.panel!.findIndex((s) => s.verifierId === nodeId.toString()),
    }));
  },
};

interface AttemptRow {
  id: number;
  job_id: string;
  task_index: number;
  result_cid: string | null;
  worker_id: string;
  result_signature: string | null;
  por_key: string | null;
  marked_scene_cid: string | null;
  settings: { resolution: { width: number; height: number }; engine: string; samples: number; bounces: number };
}

/** What a verifier needs to judge an attempt. Sealed per request to the key the registry holds now: a verifier that rotated its key gets keys it can open. */
function verificationOf(r: AttemptRow, encryptionKey: Hex) {
  return {
    attemptId: r.id, jobId: r.job_id, taskIndex: r.task_index, resultCid: r.result_cid!, workerId: r.worker_id, resultSignature: r.result_signature, width: r.settings.resolution.width, height: r.settings.resolution.height,
    sealedKey: bytesToHex(sealForNode(encryptionKey, new TextEncoder().encode(r.por_key!))),
    sceneCid: r.marked_scene_cid!, engine: r.settings.engine, samples: r.settings.samples, bounces: r.settings.bounces, seed: taskSeed(r.job_id, r.task_index),
  };
}

export const nodeMutations = {
  async heartbeat(_: unknown, { input }: { input: { nodeId: string; engines: string[]; slots: number; progress?: AttemptProgress[] | null } }, context: ApiContext) {
    const { nodeId, view } = await authenticateNode(context, "heartbeat", "worker");
    requireSelf(nodeId, input);
    const unknown = input.engines.find((e) => !ENGINES.has(e));
    if (unknown !== undefined || input.engines.length === 0) throw badInput(`engines must be some of ${[...ENGINES].join(", ")}; got ${JSON.stringify(input.engines)}`);
    if (!Number.isInteger(input.slots) || input.slots < 1 || input.slots > 64) throw badInput(`slots must be in 1..64, got ${input.slots}`);
    const progress = input.progress ?? [];
    if (progress.length > MAX_PROGRESS_ENTRIES || progress.some((p) => !Number.isFinite(p.fraction) || p.fraction < 0 || p.fraction > 1)) {
      throw badInput(`progress is at most ${MAX_PROGRESS_ENTRIES} entries, each fraction in [0, 1]`);
    }
    await recordHeartbeat(context.deps.db, { workerId: nodeId, operator: view.operator, engines: input.engines, slots: input.slots, pricePerIbmWad: view.pricePerIbmWad, ibWad: view.ibWad, eligible: view.eligible });
    await recordProgress(context.deps.db, nodeId, progress);
    return { eligible: view.eligible, pricePerIbmWad: view.pricePerIbmWad.toString(), ibWad: view.ibWad.toString() };
  },

  async submitResult(_: unknown, { input }: { input: { nodeId: string; attemptId: number; resultCid: string; resultSignature: string } }, context: ApiContext) {
    const { nodeId, view } = await authenticateNode(context, "submitResult", "worker");
    requireSelf(nodeId, input);
    checkCid(input.resultCid);
    const notAssigned = () => new GraphQLError(`attempt ${input.attemptId} is not a live assignment of node ${nodeId}`, { extensions: { code: "CONFLICT" } });
    const { deps } = context;
    const attempt = await deps.db.selectFrom("task_attempts").select(["job_id", "task_index"])
      .where("id", "=", input.attemptId).where("worker_id", "=", nodeId.toString()).executeTakeFirst();
    if (!attempt) throw notAssigned();
    // The worker's own proof that it rendered this task: without it the attempt could be neither paid nor slashed.
    const result = { jobId: attempt.job_id as Hex, taskIndex: attempt.task_index, resultCid: input.resultCid };
    const signer = await taskResultSigner({ chainId: deps.chainId, market: deps.market ?? zeroAddress }, result, input.resultSignature);
    if (signer?.toLowerCase() !== view.operator.toLowerCase()) {
      throw badInput(`resultSignature must be node ${nodeId}'s operator signature of TaskResult(job ${attempt.job_id}, task ${attempt.task_index}, ${input.resultCid}) in the JobMarket's EIP-712 domain`);
    }
    const outcome = await recordResult(deps.db, input.attemptId, nodeId, input.resultCid, input.resultSignature);
    if (outcome === "not_assigned") throw notAssigned();
    return { outcome };
  },

  async releaseTask(_: unknown, { input }: { input: { nodeId: string; attemptId: number } }, context: ApiContext) {
    const { nodeId } = await authenticateNode(context, "releaseTask", "worker");
    requireSelf(nodeId, input);
    const outcome = await releaseAttempt(context.deps.db, input.attemptId, nodeId);
    // Not live any more (rendered, timed out, released before): nothing to hand back, and nothing wrong in asking.
    return { outcome };
  },

  async submitVerdict(_: unknown, { input }: { input: { nodeId: string; attemptId: number; accepted: boolean; statistics: string } }, context: ApiContext) {
    const { nodeId } = await authenticateNode(context, "submitVerdict", "verifier");
    requireSelf(nodeId, input);
    if (input.statistics.length > MAX_STATISTICS_BYTES) throw badInput(`statistics are at most ${MAX_STATISTICS_BYTES} bytes`);
    let statistics: Record<string, unknown>;
    try {
      statistics = JSON.parse(input.statistics) as Record<string, unknown>;
    } catch {
      throw badInput("statistics must be a JSON object");
    }
    const { db } = context.deps;
    const onCommittee = await db.selectFrom("task_attempts as a").innerJoin("jobs as j", "j.id", "a.job_id").select("a.id")
      .where("a.id", "=", input.attemptId).where(sql<boolean>`j.committee @> ${JSON.stringify([{ verifierId: nodeId.toString() }])}::jsonb`).executeTakeFirst();
    if (!onCommittee) throw new GraphQLError(`node ${nodeId} is not on the committee of attempt ${input.attemptId}'s job`, { extensions: { code: "FORBIDDEN" } });
    const signature = context.request.headers.get("x-ifx-signature") ?? "";
    const outcome = await recordVerdict(db, { attemptId: input.attemptId, verifierId: nodeId, accepted: input.accepted, statistics, signature }, context.deps.verdictThreshold);
    if (outcome === "accepted") context.deps.metrics?.tasksAccepted.inc();
    if (outcome === "rejected") context.deps.metrics?.tasksRejected.inc();
    if (outcome === "not_verifiable") throw new GraphQLError(`attempt ${input.attemptId} has no render to judge`, { extensions: { code: "CONFLICT" } });
    return { outcome };
  },
};
