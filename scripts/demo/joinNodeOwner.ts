import { formatEther, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { swapStableForIfx } from "../../keepers/chain/swapStableForIfx.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { formatIfx } from "../lib/format.js";
import type { LocalChain } from "../lib/serveLocalChain.js";
import { ageOracles } from "../nodes/ageOracles.js";
import type { DemoCli } from "./demoCli.js";

/** What a worker's price per IBM is on the demo network (USD): the same as the other workers'. */
const PRICE_USD = "0.05";

/**
 * A node owner joins the way a person would (README "Walkthrough: a node owner"): dollars from the dev stablecoin's
 * faucet and IFX bought on the Uniswap pool, then the real `ifx` commands: `license buy --kind worker`, `node register`
 * with the worker daemon's keys from the environment (never the owner's), `node status` for S(n), `stake` of twice
 * S(n), and `node status` again, which must say eligible. Returns the license and the daemon's operator key.
 */
export async function joinNodeOwner(chain: LocalChain, ifx: DemoCli, ownerKey: Hex, say: (line: string) => void): Promise<{ licenseId: bigint; operatorKey: Hex }> {
  const { viem } = chain.connection;
  const d = chain.deployment;
  const owner = privateKeyToAddress(ownerKey);
  const publicClient = await viem.getPublicClient();
  const wallet = await viem.getWalletClient(owner);
  const usd = await viem.getContractAt("DevStablecoin", d.external.stablecoin, { client: { wallet } });
  await waitForSuccess(publicClient, usd.write.faucet([owner, 3_000_000_000n]));
  const bought = await swapStableForIfx(publicClient as never, wallet as never, d, 2_000_000_000n);
  await ageOracles(chain.connection, d); // S(n) in IFX is read at the TWAP, which follows the pool as keepers keep it
  say(`node owner ${owner}: 3,000 USD from the dev faucet, ${formatIfx(bought)} IFX bought on the Uniswap pool`);
  const as = { IFX_PRIVATE_KEY: ownerKey };
  const { licenseId } = await ifx<{ licenseId: string }>(["license", "buy", "--kind", "worker", "--json"], { as, show: "quiet" });
  const operatorKey = generatePrivateKey();
  await ifx(["node", "register", licenseId, "--price", PRICE_USD, "--json"], { as: { ...as, IFX_OPERATOR_KEY: operatorKey, IFX_ENCRYPTION_KEY: operatorKey }, show: "quiet" });
  const { minStake } = await ifx<{ minStake: string | null }>(["node", "status", licenseId, "--json"], { as, show: "quiet" });
  if (minStake === null) throw new Error(`node #${licenseId}: S(n) in IFX is unknown (the IFX price fails closed)`);
  await ifx(["stake", licenseId, formatEther(2n * BigInt(minStake)), "--json"], { as, show: "quiet" });
  const status = await ifx<{ eligibility: string; eligible: boolean }>(["node", "status", licenseId, "--json"], { as, show: "quiet" });
  if (!status.eligible) throw new Error(`node #${licenseId} is not eligible after staking: ${status.eligibility}`);
  say(`worker #${licenseId} registered at $${PRICE_USD} per IBM, staked 2 x S(n) = ${formatIfx(2n * BigInt(minStake))} IFX: ${status.eligibility}`);
  return { licenseId: BigInt(licenseId), operatorKey };
}
