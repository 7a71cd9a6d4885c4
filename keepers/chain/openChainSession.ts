import { createPublicClient, createWalletClient, defineChain, http, nonceManager, type Account, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { ChainConfig } from "./chainConfig.js";
import { deploymentPath, readDeployment, readDeploymentFile, type Deployment } from "./deploymentFile.js";
import { protocolContracts, type ProtocolContracts } from "./protocolContracts.js";

/** Reads retry transport failures (network errors, HTTP 429/5xx, timeouts) with exponential backoff; reverts never. */
const READ_RETRIES = 4;
const READ_RETRY_BASE_MS = 250;

export class ChainSessionError extends Error {
  override readonly name = "ChainSessionError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface ChainSession {
  chainId: number;
  chain: Chain;
  deployment: Deployment;
  publicClient: PublicClient<Transport, Chain>;
  /** Present when the session was opened with a key. */
  wallet?: WalletClient<Transport, Chain, Account>;
  contracts: ProtocolContracts;
  receiptTimeoutMs: number;
}

export type WritableChainSession = ChainSession & { wallet: WalletClient<Transport, Chain, Account> };

async function loadDeployment(config: ChainConfig, chainId: number): Promise<Deployment> {
  const deployment = config.deploymentFile ? await readDeploymentFile(config.deploymentFile) : await readDeployment(chainId);
  if (deployment.chainId !== chainId) {
    throw new ChainSessionError(`${config.deploymentFile ?? deploymentPath(chainId)} is a deployment on chain ${deployment.chainId}, but ${config.rpcUrl} serves chain ${chainId}`);
  }
  return deployment;
}

/**
 * A session on the protocol's chain: the RPC's chain id checked against the config, the deployment file read, viem
 * clients and every protocol contract typed. With a private key, a wallet whose account keeps its nonce locally
 * (viem's nonceManager: one sender per key, transactions sent back to back never collide on a nonce). Reads retry
 * transport failures with backoff (viem's http retry, which never retries a revert); the wallet's transport does not
 * retry at all, so a transaction is never sent twice by the transport.
 */
export async function openChainSession(config: ChainConfig): Promise<ChainSession>;
export async function openChainSession(config: ChainConfig, privateKey: Hex): Promise<WritableChainSession>;
export async function openChainSession(config: ChainConfig, privateKey?: Hex): Promise<ChainSession> {
  const probe = createPublicClient({ transport: http(config.rpcUrl, { retryCount: READ_RETRIES, retryDelay: READ_RETRY_BASE_MS }) });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (cause) {
    throw new ChainSessionError(`cannot reach the chain at ${config.rpcUrl}: ${(cause as Error).message.split("\n")[0]}`, { cause });
  }
  if (config.chainId !== undefined && config.chainId !== chainId) {
    throw new ChainSessionError(`${config.rpcUrl} serves chain ${chainId}, not the configured chain ${config.chainId}`);
  }
  const deployment = await loadDeployment(config, chainId);
  const chain = defineChain({
    id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(config.rpcUrl, { retryCount: READ_RETRIES, retryDelay: READ_RETRY_BASE_MS }) });
  const wallet = privateKey
    ? createWalletClient({ chain, account: privateKeyToAccount(privateKey, { nonceManager }), transport: http(config.rpcUrl, { retryCount: 0 }) })
    : undefined;
  const contracts = protocolContracts(deployment, wallet ? { public: publicClient, wallet } : { public: publicClient });
  return { chainId, chain, deployment, publicClient, contracts, receiptTimeoutMs: config.receiptTimeoutMs, ...(wallet ? { wallet } : {}) };
}
