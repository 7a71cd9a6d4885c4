import type { NetworkConnection } from "hardhat/types/network";
import { parseAbi, type Address, type Hash, type PublicClient } from "viem";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { paramKey } from "../../keepers/chain/paramKeys.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";

const twapAbi = parseAbi(["function observationCount() view returns (uint256)"]);

/** Whether a price source is a TWAP oracle (which needs observations) rather than a feed adapter. */
export async function isTwapOracle(publicClient: Pick<PublicClient, "readContract">, address: Address): Promise<boolean> {
  try {
    await publicClient.readContract({ address, abi: twapAbi, functionName: "observationCount" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Local chains: what a keeper does over time, in one call. Waits one observation slot (so the next observation is
 * recorded and reflects the pools as they are now), records an observation on both TWAP oracles, moves time by one
 * window and records again: afterwards both TWAPs average only the current pool prices. The IFX oracle is skipped
 * until its pool has liquidity (after the TGE).
 */
export async function ageOracles(connection: NetworkConnection<string>, d: Deployment): Promise<void> {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const params = await viem.getContractAt("ParameterRegistry", d.contracts.ParameterRegistry);
  const window = await params.read.get([paramKey("twapWindowSeconds")]);
  const ifxPair = await viem.getContractAt("IUniswapV2PairPrices", d.external.ifxStablePair);
  const [ifxReserve] = await ifxPair.read.getReserves();
  const candidates = ifxReserve > 0n ? [d.contracts.EthUsdOracle, d.contracts.IfxUsdOracle] : [d.contracts.EthUsdOracle];
  const live: Address[] = [];
  for (const address of candidates) if (await isTwapOracle(publicClient, address)) live.push(address);
  // The IFX price always comes from its pool's TWAP: its slot length is the one to wait.
  const ifxOracle = await viem.getContractAt("UniswapV2TwapOracle", d.contracts.IfxUsdOracle);
  const observe = async () => {
    for (const address of live) {
      const oracle = await viem.getContractAt("UniswapV2TwapOracle", address);
      await waitForSuccess(publicClient, oracle.write.update() as Promise<Hash>);
    }
  };
  await networkHelpers.time.increase(await ifxOracle.read.granularitySeconds());
  await observe();
  await networkHelpers.time.increase(window);
  await observe();
}
