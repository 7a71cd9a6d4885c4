import { GraphQLError } from "graphql";
import { CID } from "multiformats/cid";
import { z } from "zod";
import { openBenchmarks } from "../benchmarks/openBenchmarks.js";
import { recordBenchmarkResult } from "../benchmarks/recordBenchmarkResult.js";
import { authenticateNode, requireSelf, type ApiContext } from "./authenticateNode.js";

const resultInput = z.object({
  nodeId: z.string(),
  benchmarkId: z.number().int().positive("benchmarkId must be a challenge's id"),
  resultCid: z.string().max(200).refine((cid) => {
    try {
      CID.parse(cid);
      return true;
    } catch {
      return false;
    }
  }, "resultCid must be a CID"),
});

/** The input checked by `schema`, or BAD_USER_INPUT naming every problem with its field. */
function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new GraphQLError(parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "), { extensions: { code: "BAD_USER_INPUT" } });
}

export const benchmarkQueries = {
  /** A worker's open challenges; reading them starts their clocks (see `openBenchmarks`). */
  async benchmarks(_: unknown, { input }: { input: { nodeId: string } }, context: ApiContext) {
    const { nodeId } = await authenticateNode(context, "benchmarks", "worker");
    requireSelf(nodeId, input);
    const open = await openBenchmarks(context.deps.db, nodeId);
    return open.map((b) => ({
      benchmarkId: b.id, sceneId: b.sceneId, sceneCid: b.sceneCid, seed: b.seed, width: b.width, height: b.height,
      samples: b.samples, bounces: b.bounces, fetchedAt: b.fetchedAt.toISOString(),
    }));
  },
};

export const benchmarkMutations = {
  /** Stamps the frame's arrival; the frame is checked later by the manager's benchmark round, off the request. */
  async submitBenchmark(_: unknown, { input }: { input: unknown }, context: ApiContext) {
    const received = new Date(); // before the signature check: the worker's time ends when its report arrives
    const { nodeId } = await authenticateNode(context, "submitBenchmark", "worker");
    const checked = parseInput(resultInput, input);
    requireSelf(nodeId, checked);
    const outcome = await recordBenchmarkResult(context.deps.db, checked.benchmarkId, nodeId, checked.resultCid, received);
    if (outcome === "not_open") throw new GraphQLError(`benchmark ${checked.benchmarkId} is not an open challenge of node ${nodeId} that it has read`, { extensions: { code: "CONFLICT" } });
    return { outcome };
  },
};
