import type { Address } from "viem";
import type { ProtocolClients } from "./protocolClients.js";

export const HARDHAT_CHAIN_ID = 31337;
const IFX = 10n ** 18n;
const USD = 10n ** 18n;

/** License kinds, in the order of `INodeLicense.Kind`. */
export const LICENSE_KINDS = ["worker", "verifier", "manager"] as const;
export type LicenseKindName = (typeof LICENSE_KINDS)[number];

export interface Tier {
  size: bigint;
  usdPriceWad: bigint;
}

/**
 * Launch tiers (WP §VI-J1: "the earlier the license is purchased, the cheaper the price"). The WP gives no prices:
 * these are ours, set at deployment; the DAO appends tiers later (`NodeLicense.addTier`). Verifier and manager tables
 * add up to their caps (25,000 and 2,500, WP §VI-H).
 */
export const DEFAULT_TIERS: Record<LicenseKindName, Tier[]> = {
  worker: [
    { size: 1_000n, usdPriceWad: 500n * USD },
    { size: 4_000n, usdPriceWad: 750n * USD },
    { size: 15_000n, usdPriceWad: 1_000n * USD },
  ],
  verifier: [
    { size: 2_500n, usdPriceWad: 300n * USD },
    { size: 7_500n, usdPriceWad: 450n * USD },
    { size: 15_000n, usdPriceWad: 600n * USD },
  ],
  manager: [
    { size: 250n, usdPriceWad: 2_000n * USD },
    { size: 750n, usdPriceWad: 3_000n * USD },
    { size: 1_500n, usdPriceWad: 4_000n * USD },
  ],
};

/**
 * Local T_G^0 of the IB sample scenes (WP eq. 19), ms per frame. On a real network the DAO sets them from benchmarks of
 * standard unit nodes; locally they are round numbers for the sample scenes the engines issue generates.
 */
export const LOCAL_REFERENCE_TIMES_MS: Record<string, bigint> = {
  "inferix/room": 12_000n,
  "inferix/product": 8_000n,
  "inferix/heavy": 30_000n,
};

/** Local-chain pools: 100 ETH against 300,000 dUSD ($3,000 per ETH); 1,000,000 IFX against 100,000 dUSD ($0.10). */
export const LOCAL_POOLS = {
  wethAmount: 100n * IFX,
  wethStableAmount: 300_000n * 10n ** 6n,
  ifxAmount: 1_000_000n * IFX,
  ifxStableAmount: 100_000n * 10n ** 6n,
};

export async function localAccounts({ viem }: ProtocolClients, chainId: number, what: string): Promise<Address[]> {
  if (chainId !== HARDHAT_CHAIN_ID) throw new Error(`chain ${chainId} is not the local chain: pass the ${what} explicitly`);
  return (await viem.getWalletClients()).map((w) => w.account.address);
}

/** Local TGE holders: accounts #1..#6. */
export async function localHolders(clients: ProtocolClients, chainId: number) {
  const a = await localAccounts(clients, chainId, "TGE holders");
  const at = (i: number): Address => a[i] ?? a[0]!;
  return { seed: at(1), strategic: at(2), kol: at(3), publicSale: at(4), liquidity: at(5), foundation: at(6) };
}

/** Local airdrop: accounts #7..#9, 1,000 IFX each. */
export async function localAirdrop(clients: ProtocolClients, chainId: number) {
  const a = await localAccounts(clients, chainId, "airdrop list");
  return [7, 8, 9].map((i) => ({ account: a[i] ?? a[0]!, amount: 1_000n * IFX }));
}

/** Local license whitelist: accounts #10..#12, 2 licenses each. */
export async function localWhitelist(clients: ProtocolClients, chainId: number) {
  const a = await localAccounts(clients, chainId, "license whitelist");
  return [10, 11, 12].map((i) => ({ account: a[i] ?? a[0]!, amount: 2n }));
}
