import type { NetworkConnection } from "hardhat/types/network";
import { erc20Abi, parseAbi, type Address, type Hash } from "viem";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { isTwapOracle } from "../nodes/ageOracles.js";
import { LOCAL_POOLS } from "./localDefaults.js";

const pairAbi = parseAbi([
  "function mint(address to) returns (uint256)",
  "function getReserves() view returns (uint112, uint112, uint32)",
]);
const wethAbi = parseAbi(["function deposit() payable", "function transfer(address, uint256) returns (bool)"]);

/**
 * Local chains: liquidity for the WETH/dUSD pool (the deployer's ETH) and, once the TGE has run, the IFX/dUSD pool
 * (1,000,000 IFX of the liquidity tranche, WP Table II), added the way Uniswap V2 itself does (tokens into the pair,
 * then `mint`), and a first observation on each TWAP oracle. Idempotent: a pool with reserves is left alone.
 */
export async function seedLocalPools(connection: NetworkConnection<string>, d: Deployment): Promise<void> {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  const hasReserves = async (pair: Address) => {
    const [r0] = await publicClient.readContract({ address: pair, abi: pairAbi, functionName: "getReserves" });
    return r0 > 0n;
  };
  const usd = await viem.getContractAt("DevStablecoin", d.external.stablecoin);

  if (!(await hasReserves(d.external.wethStablePair))) {
    const [deployer] = await viem.getWalletClients();
    const weth = d.external.weth;
    await send(deployer!.writeContract({ address: weth, abi: wethAbi, functionName: "deposit", value: LOCAL_POOLS.wethAmount, account: deployer!.account, chain: deployer!.chain }));
    await send(deployer!.writeContract({ address: weth, abi: wethAbi, functionName: "transfer", args: [d.external.wethStablePair, LOCAL_POOLS.wethAmount], account: deployer!.account, chain: deployer!.chain }));
    await send(usd.write.faucet([d.external.wethStablePair, LOCAL_POOLS.wethStableAmount]));
    await send(deployer!.writeContract({ address: d.external.wethStablePair, abi: pairAbi, functionName: "mint", args: [deployer!.account.address], account: deployer!.account, chain: deployer!.chain }));
  }
  if (await isTwapOracle(publicClient, d.contracts.EthUsdOracle)) {
    const ethOracle = await viem.getContractAt("UniswapV2TwapOracle", d.contracts.EthUsdOracle);
    await send(ethOracle.write.update());
  }

  const tge = await viem.getContractAt("TokenGenerationEvent", d.contracts.TokenGenerationEvent);
  if ((await tge.read.executedAt()) === 0n || (await hasReserves(d.external.ifxStablePair))) return;
  const holder = await viem.getWalletClient(d.tge.holders.liquidity!);
  await send(holder.writeContract({ address: d.contracts.IFXToken, abi: erc20Abi, functionName: "transfer", args: [d.external.ifxStablePair, LOCAL_POOLS.ifxAmount], account: holder.account, chain: holder.chain }));
  await send(usd.write.faucet([d.external.ifxStablePair, LOCAL_POOLS.ifxStableAmount]));
  await send(holder.writeContract({ address: d.external.ifxStablePair, abi: pairAbi, functionName: "mint", args: [holder.account.address], account: holder.account, chain: holder.chain }));
  const ifxOracle = await viem.getContractAt("UniswapV2TwapOracle", d.contracts.IfxUsdOracle);
  await send(ifxOracle.write.update());
}
