import { parseAbi, type Address, type Hash } from "viem";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import type { ProtocolClients } from "./protocolClients.js";

const accessControlAbi = parseAbi([
  "function grantRole(bytes32 role, address account)",
  "function renounceRole(bytes32 role, address account)",
]);
const ownableAbi = parseAbi(["function transferOwnership(address newOwner)"]);
const ADMIN = `0x${"00".repeat(32)}` as const;

/**
 * Moves the admin role of every access-controlled contract and the ownership of every owned one to the timelock and
 * renounces the deployer's, the timelock's own admin last: from then on only the DAO governs.
 */
export async function handOverRoles(
  { wallet, publicClient }: ProtocolClients,
  contracts: readonly Address[],
  owned: readonly Address[],
  timelock: Address,
): Promise<void> {
  const deployer = wallet.account.address;
  const call = (address: Address, functionName: "grantRole" | "renounceRole", account: Address) =>
    waitForSuccess(
      publicClient,
      wallet.writeContract({ address, abi: accessControlAbi, functionName, args: [ADMIN, account], account: wallet.account, chain: wallet.chain }) as Promise<Hash>,
    );
  for (const address of owned) {
    await waitForSuccess(
      publicClient,
      wallet.writeContract({ address, abi: ownableAbi, functionName: "transferOwnership", args: [timelock], account: wallet.account, chain: wallet.chain }) as Promise<Hash>,
    );
  }
  for (const address of contracts) {
    await call(address, "grantRole", timelock);
    await call(address, "renounceRole", deployer);
  }
  await call(timelock, "renounceRole", deployer);
}
