import { createPublicClient, createWalletClient, defineChain, http, type LocalAccount } from "viem";
import type { WriteClients } from "../chain/sendContractWrite.js";
import type { VerifierConfig } from "./verifierConfig.js";

/** How long a vote waits for its receipt before the round gives up (it is tried again next round, if still wanted). */
const RECEIPT_TIMEOUT_MS = 60_000;

/**
 * The clients a dispute panel member votes with: the configured chain (its id checked by the verifier's chain reads)
 * and its operator key, the key its seat was drawn with. The wallet's transport never retries, so a vote is never sent
 * twice by the transport.
 */
export function panelClients(config: Pick<VerifierConfig, "rpcUrl" | "manager">, operator: LocalAccount): WriteClients {
  const chain = defineChain({
    id: config.manager.chainId, name: `chain ${config.manager.chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  return {
    publicClient: createPublicClient({ chain, transport: http(config.rpcUrl, { retryCount: 4, retryDelay: 250 }) }),
    wallet: createWalletClient({ chain, account: operator, transport: http(config.rpcUrl, { retryCount: 0 }) }),
    receiptTimeoutMs: RECEIPT_TIMEOUT_MS,
  };
}
