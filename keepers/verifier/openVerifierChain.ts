import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import { jobMarketAbi, nodeRegistryAbi } from "../chain/abis.generated.js";

/** A job's terms as its on-chain quote fixed them (`JobCreated`): what a verifier lets a settlement pay for. */
export interface JobQuote {
  frameStart: number;
  frameEnd: number;
  taskCount: number;
  workWad: bigint;
}

/** A read the verifier needs from the chain failed; retryable unless the chain answered that the thing is not there. */
export class VerifierChainError extends Error {
  override readonly name = "VerifierChainError";
  constructor(message: string, readonly retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The chain reads of a verifier: read-only, against the JobMarket of its own config and that market's registry. */
export interface VerifierChain {
  /** The job's quote from its `JobCreated` event (quotes never change: each is read once and kept). */
  jobQuote(jobId: string): Promise<JobQuote>;
  /** The license `operator` is bound to forever (`NodeRegistry.boundLicenseOf`), 0 when none. */
  boundLicenseOf(operator: Address): Promise<bigint>;
}

export interface VerifierChainOptions {
  /** The chain id of the verifier's config: the RPC must serve this chain, or every read is refused. */
  chainId: number;
  market: Address;
  /** The deployment's first block: the oldest block searched for a job's `JobCreated`. */
  startBlock: bigint;
  /** Most blocks per `eth_getLogs` call (providers cap ranges). */
  maxRange: bigint;
}

/** Quotes kept in memory; past this the oldest go (a job judged again after that is read again). */
const MAX_QUOTES_KEPT = 10_000;

const read = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (cause) {
    throw new VerifierChainError(`cannot read ${what} from the chain: ${(cause as Error).message.split("\n")[0]}; retried next round`, true, { cause });
  }
};

/**
 * The verifier's read-only view of the chain. Nothing here comes from the manager: the market is the configured one, the
 * registry is the one that market names, and the RPC's chain is checked against the configured chain id (once) before
 * anything read is believed. A job's `JobCreated` is searched from the head backwards, `maxRange` blocks a call: the
 * jobs a verifier judges are recent, so one or two calls find it.
 */
export function openVerifierChain(client: PublicClient<Transport, Chain | undefined>, o: VerifierChainOptions): VerifierChain {
  let registry: Promise<Address> | undefined;
  const quotes = new Map<string, JobQuote>();
  const checkedRegistry = () => (registry ??= (async () => {
    const chainId = await read("the chain id", () => client.getChainId());
    if (chainId !== o.chainId) throw new VerifierChainError(`the RPC serves chain ${chainId}, the verifier is configured for chain ${o.chainId}: point IFX_RPC_URL at chain ${o.chainId}`, false);
    return read("the market's registry", () => client.readContract({ address: o.market, abi: jobMarketAbi, functionName: "registry" }));
  })().catch((error: unknown) => {
    registry = undefined; // a failed first read is tried again
    throw error;
  }));

  const findQuote = async (jobId: Hex): Promise<JobQuote> => {
    await checkedRegistry();
    const head = await read("the head block", () => client.getBlockNumber());
    for (let toBlock = head; toBlock >= o.startBlock; toBlock -= o.maxRange) {
      const fromBlock = toBlock - o.maxRange + 1n > o.startBlock ? toBlock - o.maxRange + 1n : o.startBlock;
      const [created] = await read(`job ${jobId}'s JobCreated`, () =>
        client.getContractEvents({ address: o.market, abi: jobMarketAbi, eventName: "JobCreated", args: { jobId }, fromBlock, toBlock, strict: true }));
      if (created) {
        const q = created.args.quote;
        return { frameStart: q.frameStart, frameEnd: q.frameEnd, taskCount: q.taskCount, workWad: q.workWad };
      }
      if (fromBlock === o.startBlock) break;
    }
    throw new VerifierChainError(`job ${jobId} was never created on the market ${o.market} (no JobCreated from block ${o.startBlock}): nothing of it can be judged or paid`, false);
  };

  return {
    async jobQuote(jobId) {
      const key = jobId.toLowerCase();
      const kept = quotes.get(key);
      if (kept) return kept;
      if (!/^0x[0-9a-f]{64}$/.test(key)) throw new VerifierChainError(`"${jobId.slice(0, 80)}" is not a job id (a 32-byte hex word)`, false);
      const quote = await findQuote(key as Hex);
      if (quotes.size >= MAX_QUOTES_KEPT) quotes.delete(quotes.keys().next().value!);
      quotes.set(key, quote);
      return quote;
    },
    async boundLicenseOf(operator) {
      const address = await checkedRegistry();
      return read(`the license bound to ${operator}`, () => client.readContract({ address, abi: nodeRegistryAbi, functionName: "boundLicenseOf", args: [operator] }));
    },
  };
}
