import { join } from "node:path";
import { hexToBytes, type Hex } from "viem";
import { parseTaskKey, type TaskKey } from "../../por/taskKey.js";
import { openSealed } from "../crypto/sealForNode.js";
import { withWorkDir } from "../engines/withWorkDir.js";
import type { ResultDomain } from "../market/taskResultSignature.js";
import type { ContentStore } from "../storage/contentStore.js";
import { checkResultSigner } from "./checkResultSigner.js";
import { JudgeError } from "./judgeError.js";
import type { VerifierChain } from "./openVerifierChain.js";
import { quotedTaskWork } from "./quotedTaskWork.js";
import type { Verification } from "./verifierCalls.js";
import { verifyResult, type ResultVerdict, type SpotCheck } from "./verifyResult.js";

export { JudgeError } from "./judgeError.js";

export interface JudgeDeps {
  store: ContentStore;
  /** The private half of the node's registered encryption key. */
  encryptionKey: Hex;
  /** With it, the spot re-render of a secret crop of every frame (docs/por.md). */
  spot?: { secret: Uint8Array; blenderTolerance: number };
  workRoot: string;
  /** The verifier's own reads of the chain: the job's quote, the license a result's signer is bound to. */
  chain: VerifierChain;
  /** The market and chain of the verifier's own config: results are signed in this EIP-712 domain, whatever the manager says. */
  domain: ResultDomain;
  signal: AbortSignal;
}

/** What a verdict is kept with besides its finding: the worker that signed the result, and the task's quoted work. */
export interface JudgedAttempt {
  accepted: boolean;
  statistics: string;
  spotRerenders: number;
  workerId: bigint;
  resultSignature: Hex;
  workWad: bigint;
}

/** Findings kept with a verdict, within the manager's 16 KiB: reasons shortened, at most this many frames listed. */
const MAX_FRAMES_LISTED = 64;
const MAX_REASON = 200;

const SCENE_FILE = { pathtracer: "scene.glb", blender: "scene.blend" } as const;

function openKey(v: Verification, encryptionKey: Hex): TaskKey {
  let key: TaskKey;
  try {
    key = parseTaskKey(new TextDecoder().decode(openSealed(encryptionKey, hexToBytes(v.sealedKey))));
  } catch (error) {
    throw new JudgeError(`attempt ${v.attemptId}: cannot open its PoR key (${(error as Error).message}); is the encryption key the registered one?`, { cause: error });
  }
  if (key.taskId.toLowerCase() !== `${v.jobId}/${v.taskIndex}`.toLowerCase()) throw new JudgeError(`attempt ${v.attemptId}: the key is for task ${key.taskId}`);
  return key;
}

/** The statistics JSON a verdict carries: the detector's figures per frame, and the spot re-render's when run. */
export function verdictStatistics(verdict: ResultVerdict, spot: boolean): string {
  const short = (reason: string | undefined) => (reason === undefined ? {} : { reason: reason.slice(0, MAX_REASON) });
  return JSON.stringify({
    accepted: verdict.accepted,
    spot,
    ...short(verdict.reason),
    frames: verdict.frames.slice(0, MAX_FRAMES_LISTED).map((f) => ({ ...f, ...short(f.reason) })),
    ...(verdict.frames.length > MAX_FRAMES_LISTED ? { framesOmitted: verdict.frames.length - MAX_FRAMES_LISTED } : {}),
  });
}

/**
 * Whose attempt this is and what it is worth, before anything is rendered: the result signed by the worker the manager
 * names (`checkResultSigner`), the task within the job's on-chain quote and its work as the quote splits it over the
 * task's frames (`quotedTaskWork`). A JobMarket answer that the job does not exist is no verdict either.
 */
async function attributeAttempt(v: Verification, key: TaskKey, deps: Omit<JudgeDeps, "signal">) {
  const { workerId, resultSignature } = await checkResultSigner(v, deps.domain, deps.chain);
  let quote;
  try {
    quote = await deps.chain.jobQuote(v.jobId);
  } catch (error) {
    if ((error as { retryable?: unknown }).retryable === true) throw error;
    throw new JudgeError(`attempt ${v.attemptId}: ${(error as Error).message}`, { cause: error });
  }
  const work = quotedTaskWork(quote, v.taskIndex, key.placements.map((p) => p.frame));
  if ("problem" in work) throw new JudgeError(`attempt ${v.attemptId}: ${work.problem}`);
  return { workerId, resultSignature, workWad: work.workWad };
}

/**
 * A verifier's judgement of one rendered attempt (keepers/README step 6): the worker and the task's work checked first
 * (`attributeAttempt`), then the task's PoR key opened with the node's encryption key, the result fetched by CID (every
 * block checked against its hash) and checked by the key-aware detector, and with `spot`, each frame's secret crop
 * re-rendered from the marked scene. Storage or chain trouble on the verifier's side throws retryably (tried later); a
 * key that does not open, a result its named worker did not sign, a task the quote does not hold throw a JudgeError
 * (no verdict).
 */
export async function judgeAttempt(v: Verification, deps: JudgeDeps): Promise<JudgedAttempt> {
  const key = openKey(v, deps.encryptionKey);
  const attributed = await attributeAttempt(v, key, deps);
  const task = { jobId: v.jobId, taskIndex: v.taskIndex, width: v.width, height: v.height };
  const verdict = !deps.spot
    ? await verifyResult(deps.store, v.resultCid, key, task, deps.signal)
    : await withWorkDir("inferix-verify-", async (dir) => {
      const scene = join(dir, SCENE_FILE[v.engine]);
      await deps.store.saveFile(v.sceneCid, scene, { signal: deps.signal });
      const spot: SpotCheck = {
        scene, engine: v.engine, samples: v.samples, bounces: v.bounces, seed: v.seed, verifierSecret: deps.spot!.secret,
        tolerance: v.engine === "pathtracer" ? 0 : deps.spot!.blenderTolerance,
      };
      return verifyResult(deps.store, v.resultCid, key, task, deps.signal, spot);
    }, deps.workRoot);
  const spotRerenders = verdict.frames.filter((f) => f.spot !== undefined).length;
  return { accepted: verdict.accepted, statistics: verdictStatistics(verdict, deps.spot !== undefined), spotRerenders, ...attributed };
}
