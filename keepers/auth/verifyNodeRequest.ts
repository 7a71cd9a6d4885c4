import { isAddressEqual, isHex, type Address, type Hex } from "viem";
import { bodyHashOf, NODE_HEADERS, recoverNodeRequestSigner, type NodeRequest } from "./nodeRequest.js";

export type AuthErrorCode = "MISSING" | "MALFORMED" | "EXPIRED" | "REPLAYED" | "NOT_OPERATOR";

/** Why a request was refused; the API answers 401 with the code and message. Never retryable as is. */
export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(readonly code: AuthErrorCode, message: string) {
    super(message);
  }
}

export interface VerifyOptions {
  chainId: number;
  operation: string;
  /** Largest |now - issuedAt| accepted, in seconds (default 120). */
  maxSkewSeconds?: number;
  nowSeconds?: number;
  /** The node's registered operator key now (NodeRegistry), or null when it is not a live node. */
  operatorOf(nodeId: bigint): Promise<Address | null>;
  /** Records a nonce until `expiresAt` (unix seconds); false when it was already seen. */
  claimNonce(nodeId: bigint, nonce: Hex, expiresAt: number): boolean;
}

const header = (headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined => headers[name] ?? headers[name.toLowerCase()];

/**
 * Checks a node's signed request (`signNodeRequest`) for `operation`: all headers present and well formed, issued
 * within the skew window, signed over this body by the node's registered operator, nonce never seen. Returns the
 * node id; throws AuthError saying which check failed.
 */
export async function verifyNodeRequest(headers: Readonly<Record<string, string | undefined>>, body: string | Uint8Array, options: VerifyOptions): Promise<bigint> {
  const node = header(headers, NODE_HEADERS.node);
  const issued = header(headers, NODE_HEADERS.issuedAt);
  const nonce = header(headers, NODE_HEADERS.nonce);
  const signature = header(headers, NODE_HEADERS.signature);
  if (!node || !issued || !nonce || !signature) throw new AuthError("MISSING", `a node request needs the ${Object.values(NODE_HEADERS).join(", ")} headers`);
  if (!/^\d{1,78}$/.test(node) || !/^\d{1,12}$/.test(issued) || !isHex(nonce) || nonce.length !== 34 || !isHex(signature)) {
    throw new AuthError("MALFORMED", "malformed node request headers");
  }
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const skew = options.maxSkewSeconds ?? 120;
  const issuedAt = Number(issued);
  if (Math.abs(now - issuedAt) > skew) throw new AuthError("EXPIRED", `the request was issued at ${issuedAt}, now is ${now}: outside the ${skew} s window`);
  const request: NodeRequest = { nodeId: BigInt(node), operation: options.operation, bodyHash: bodyHashOf(body), issuedAt: BigInt(issuedAt), nonce };
  let signer: Address;
  try {
    signer = await recoverNodeRequestSigner(options.chainId, request, signature);
  } catch {
    throw new AuthError("MALFORMED", "the signature cannot be recovered");
  }
  const operator = await options.operatorOf(request.nodeId);
  if (!operator || !isAddressEqual(operator, signer)) {
    throw new AuthError("NOT_OPERATOR", `node ${node} ${operator ? `is operated by ${operator}, the request was signed by ${signer}` : "is not a live registered node"} (or the body or operation differ from what was signed)`);
  }
  if (!options.claimNonce(request.nodeId, nonce, issuedAt + skew)) throw new AuthError("REPLAYED", `nonce ${nonce} of node ${node} was already used`);
  return request.nodeId;
}
