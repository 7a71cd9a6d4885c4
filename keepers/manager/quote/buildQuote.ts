import { concat, keccak256, toHex, type Address, type Hex, type LocalAccount } from "viem";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import { feeOf, marketDomain, quoteTypes, type Quote } from "../../market/typedData.js";
import { splitTasks, taskIdOf } from "../tasks/splitTasks.js";

export interface QuoteRequest {
  artist: Address;
  /** The scene's CID as the word the market stores (`cidToWord`). */
  sceneWord: Hex;
  frameStart: number;
  frameEnd: number;
  framesPerTask: number;
  workWad: bigint;
  pricePerIbmWad: bigint;
  ibFloorWad: bigint;
  /** Seconds the artist has to accept, and to the job's deadline, from `nowSeconds`. */
  validForSeconds: number;
  deadlineSeconds: number;
  nowSeconds: number;
  /** Random bytes that make the job id unique (two identical requests are two jobs). */
  salt: Hex;
}

export interface ManagerIdentity {
  managerId: bigint;
  operator: LocalAccount;
  /** The manager's PoR secret (tasks' secrets derive from it). */
  porSecret: Uint8Array;
  chainId: number;
  market: Address;
}

/**
 * What the quote commits to for PoR (`keysCommitment`): keccak256 over the tasks' secret hashes, in task order. It
 * costs no marking (a quote may never be accepted), yet binds the manager: marking is deterministic in a task's secret
 * and the scene, so revealing a secret in a dispute reproduces the key the verifiers used (keepers/README step 3).
 */
export function keysCommitment(porSecret: Uint8Array, jobId: Hex, taskCount: number): Hex {
  const hashes = Array.from({ length: taskCount }, (_, t) => keccak256(deriveTaskSecret(porSecret, taskIdOf(jobId, t))));
  return keccak256(concat(hashes));
}

/** A job id no other quote of this manager will have: the manager, the artist, the salt. */
export function jobIdOf(managerId: bigint, artist: Address, salt: Hex): Hex {
  return keccak256(concat([toHex(managerId, { size: 32 }), artist, salt]));
}

/** The quote for a request, signed by the manager's operator key (EIP-712 `Quote`, as `JobMarket.createJob` checks it). */
export async function buildQuote(request: QuoteRequest, manager: ManagerIdentity): Promise<{ quote: Quote; signature: Hex }> {
  const tasks = splitTasks(request.frameStart, request.frameEnd, request.framesPerTask);
  const jobId = jobIdOf(manager.managerId, request.artist, request.salt);
  const quote: Quote = {
    jobId,
    artist: request.artist,
    sceneCid: request.sceneWord,
    frameStart: request.frameStart,
    frameEnd: request.frameEnd,
    taskCount: tasks.length,
    workWad: request.workWad,
    pricePerIbmWad: request.pricePerIbmWad,
    fee: feeOf(request.workWad, request.pricePerIbmWad),
    ibFloorWad: request.ibFloorWad,
    keysCommitment: keysCommitment(manager.porSecret, jobId, tasks.length),
    expiry: BigInt(request.nowSeconds + request.validForSeconds),
    deadline: BigInt(request.nowSeconds + request.deadlineSeconds),
    managerId: manager.managerId,
  };
  const signature = await manager.operator.signTypedData({ domain: marketDomain(manager.chainId, manager.market), types: quoteTypes, primaryType: "Quote", message: quote });
  return { quote, signature };
}
