import { createRequire } from "node:module";
import { erc20Abi, type Abi, type Account, type Address, type Chain, type Hash, type PublicClient, type Transport, type WalletClient } from "viem";
import type { Deployment } from "./deploymentFile.js";
import { waitForSuccess } from "./waitForSuccess.js";

const require = createRequire(import.meta.url);
const routerAbi = (require("@uniswap/v2-periphery/build/UniswapV2Router02.json") as { abi: Abi }).abi;

/**
 * Buys IFX with the stablecoin on the protocol's Uniswap V2 pool through the real router, with a slippage bound
 * (`maxSlippageBps` against the router's own quote) and a deadline: how a node owner gets the IFX to stake.
 * Returns the IFX received.
 */
export async function swapStableForIfx(
  publicClient: PublicClient,
  wallet: WalletClient<Transport, Chain, Account>,
  d: Deployment,
  stableAmount: bigint,
  maxSlippageBps = 100n,
): Promise<bigint> {
  const router = d.external.uniswapV2Router;
  const path: Address[] = [d.external.stablecoin, d.contracts.IFXToken];
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);
  const amounts = (await publicClient.readContract({ address: router, abi: routerAbi, functionName: "getAmountsOut", args: [stableAmount, path] })) as bigint[];
  const quoted = amounts[1]!;
  const minOut = (quoted * (10_000n - maxSlippageBps)) / 10_000n;
  const before = await publicClient.readContract({ address: d.contracts.IFXToken, abi: erc20Abi, functionName: "balanceOf", args: [wallet.account.address] });
  await send(wallet.writeContract({ address: d.external.stablecoin, abi: erc20Abi, functionName: "approve", args: [router, stableAmount], account: wallet.account, chain: wallet.chain }));
  const deadline = (await publicClient.getBlock()).timestamp + 600n;
  await send(wallet.writeContract({ address: router, abi: routerAbi, functionName: "swapExactTokensForTokens", args: [stableAmount, minOut, path, wallet.account.address, deadline], account: wallet.account, chain: wallet.chain }));
  const after = await publicClient.readContract({ address: d.contracts.IFXToken, abi: erc20Abi, functionName: "balanceOf", args: [wallet.account.address] });
  return after - before;
}
