import type { NetworkConnection } from "hardhat/types/network";
import type { Address } from "viem";

/**
 * On a local chain, lets a test send transactions as one of the protocol's contracts (impersonated, with gas money):
 * only contracts hold protocol roles (the market's REPORTER_ROLE and SLASHER_ROLE are EpochRewards' and JobMarket's),
 * so a test that stands in for the market acts as them. Returns the address for `viem.getWalletClient`.
 */
export async function actAsContract(connection: NetworkConnection<string>, address: Address): Promise<Address> {
  await connection.networkHelpers.impersonateAccount(address);
  await connection.networkHelpers.setBalance(address, 10n ** 20n);
  return address;
}
