import type { NetworkConnection } from "hardhat/types/network";
import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";

/** The clients a deployment needs: Hardhat's viem helpers (typed artifacts), the deployer's wallet and a reader. */
export interface ProtocolClients {
  viem: NetworkConnection<string>["viem"];
  wallet: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient<Transport, Chain>;
}

export async function protocolClients(connection: NetworkConnection<string>): Promise<ProtocolClients> {
  const { viem } = connection;
  const [wallet] = await viem.getWalletClients();
  if (!wallet) throw new Error(`network ${connection.networkName} has no account to deploy from: set IFX_DEPLOYER_KEY`);
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
  return { viem, wallet: wallet as unknown as WalletClient<Transport, Chain, Account>, publicClient };
}
