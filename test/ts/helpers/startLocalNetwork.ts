import hre from "hardhat";
import { getAddress } from "viem";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { deployProtocol } from "../../../scripts/deploy/deployProtocol.js";
import { LocalNetwork } from "../../../scripts/lib/localNetwork.js";

/**
 * A deployed protocol on a fresh in-process chain with a running network: a manager, `verifiers` verifiers and one
 * staked worker per frame time (accounts 13 and 14 own the nodes and pay as the artist).
 */
export async function startLocalNetwork(verifiers = 3, workerFrameTimesMs: readonly bigint[] = [24_000n]) {
  const connection = await hre.network.create();
  const { deployment } = await deployProtocol(connection, { outDir: null });
  const wallets = await connection.viem.getWalletClients();
  const net = new LocalNetwork(connection, deployment, getAddress(wallets[13]!.account.address), getAddress(wallets[14]!.account.address));
  await net.start(verifiers, workerFrameTimesMs);
  return { connection, d: deployment as Deployment, net, wallets };
}
