import type { NetworkConnection } from "hardhat/types/network";
import type { Hash } from "viem";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { paramKey } from "../../keepers/chain/paramKeys.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";

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
  const oracles = await Promise.all([
    viem.getContractAt("UniswapV2TwapOracle", d.contracts.EthUsdOracle),
    viem.getContractAt("UniswapV2TwapOracle", d.contracts.IfxUsdOracle),
  ]);
  const ifxPair = await viem.getContractAt("IUniswapV2PairPrices", d.external.ifxStablePair);
  const [ifxReserve] = await ifxPair.read.getReserves();
  const live = ifxReserve > 0n ? oracles : oracles.slice(0, 1);
  const observe = async () => {
    for (const o of live) await waitForSuccess(publicClient, o.write.update() as Promise<Hash>);
  };
  await networkHelpers.time.increase(await oracles[0].read.granularitySeconds());
  await observe();
  await networkHelpers.time.increase(window);
  await observe();
}
