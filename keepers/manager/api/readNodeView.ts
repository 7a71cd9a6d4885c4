import type { Address, Hex } from "viem";
import type { ProtocolContracts } from "../../chain/protocolContracts.js";
import type { NodeView } from "./managerApiDeps.js";

const KINDS = ["worker", "verifier", "manager"] as const;
/** `INodeStaking.Eligibility.Eligible`. */
const ELIGIBLE = 0;

/**
 * `ManagerApiDeps.nodeView` from the chain (NodeRegistry + NodeStaking), cached for `ttlMs` per node: a node calls
 * several times a round, and a registry change (a new operator, a blacklisting) reaches the API within the TTL.
 * Null for a license that is not a registered node, or a retired or blacklisted one.
 */
export function readNodeView(contracts: Pick<ProtocolContracts, "registry" | "staking">, ttlMs = 10_000): (nodeId: bigint) => Promise<NodeView | null> {
  const cache = new Map<bigint, { at: number; view: Promise<NodeView | null> }>();
  const read = async (nodeId: bigint): Promise<NodeView | null> => {
    const [node, eligibility] = await Promise.all([contracts.registry.read.node([nodeId]), contracts.staking.read.eligibility([nodeId, 0n])]);
    if (!node.registered || node.retired || node.blacklisted) return null;
    return {
      operator: node.operator as Address, kind: KINDS[node.kind]!, eligible: eligibility === ELIGIBLE,
      pricePerIbmWad: node.pricePerIbmWad, ibWad: node.ibWad, encryptionKey: node.encryptionKey as Hex,
    };
  };
  return (nodeId) => {
    const hit = cache.get(nodeId);
    if (hit && performance.now() - hit.at < ttlMs) return hit.view;
    const view = read(nodeId);
    cache.set(nodeId, { at: performance.now(), view });
    view.catch(() => cache.delete(nodeId)); // a failed read is not cached
    if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
    return view;
  };
}
