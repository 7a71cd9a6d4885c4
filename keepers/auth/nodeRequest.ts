import { keccak256, recoverTypedDataAddress, toHex, type Address, type Hex, type LocalAccount } from "viem";

/**
 * Requests a node's daemon (worker, verifier) makes to a manager are signed by the node's registered operator key
 * (EIP-712 `NodeRequest`): the node, the operation, the body's hash, when it was issued and a random nonce. The
 * manager recovers the signer and compares it with the registry's operator for that node (on-chain), so only a live
 * registered node acts, and a captured request cannot be replayed after its window or altered.
 */
export const nodeRequestTypes = {
  NodeRequest: [
    { name: "nodeId", type: "uint256" },
    { name: "operation", type: "string" },
    { name: "bodyHash", type: "bytes32" },
    { name: "issuedAt", type: "uint64" },
    { name: "nonce", type: "bytes16" },
  ],
} as const;

export function nodeRequestDomain(chainId: number) {
  return { name: "Inferix Manager API", version: "1", chainId } as const;
}

/** The headers a signed request carries. */
export const NODE_HEADERS = { node: "x-ifx-node", issuedAt: "x-ifx-issued-at", nonce: "x-ifx-nonce", signature: "x-ifx-signature" } as const;

export interface NodeRequest {
  nodeId: bigint;
  operation: string;
  bodyHash: Hex;
  issuedAt: bigint;
  nonce: Hex;
}

export function bodyHashOf(body: string | Uint8Array): Hex {
  return keccak256(typeof body === "string" ? toHex(body) : body);
}

/** Signs a request for `operation` with `body` as node `nodeId`; returns the headers to send with it. */
export async function signNodeRequest(
  account: LocalAccount, chainId: number, nodeId: bigint, operation: string, body: string | Uint8Array, nowSeconds = Math.floor(Date.now() / 1000),
): Promise<Record<string, string>> {
  const nonce = toHex(crypto.getRandomValues(new Uint8Array(16)));
  const message: NodeRequest = { nodeId, operation, bodyHash: bodyHashOf(body), issuedAt: BigInt(nowSeconds), nonce };
  const signature = await account.signTypedData({ domain: nodeRequestDomain(chainId), types: nodeRequestTypes, primaryType: "NodeRequest", message });
  return { [NODE_HEADERS.node]: nodeId.toString(), [NODE_HEADERS.issuedAt]: String(nowSeconds), [NODE_HEADERS.nonce]: nonce, [NODE_HEADERS.signature]: signature };
}

/** The address that signed `request` (no check of who it should be). */
export function recoverNodeRequestSigner(chainId: number, request: NodeRequest, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({ domain: nodeRequestDomain(chainId), types: nodeRequestTypes, primaryType: "NodeRequest", message: request, signature });
}
