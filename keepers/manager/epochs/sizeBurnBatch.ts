import { allAbis } from "../../chain/abis.generated.js";
import { decodeRevert, type DecodedRevert } from "../../chain/decodeRevert.js";
import { paramKey } from "../../chain/paramKeys.js";
import type { ProtocolContracts } from "../../chain/protocolContracts.js";

const BPS = 10_000n;
const WAD = 10n ** 18n;
/** Halvings tried before a batch is given up for the round (1/1024 of the first size). */
const MAX_HALVINGS = 10;

/** The TWAP price the burn is bounded by cannot be read (stale or too young: it fails closed); later rounds retry. */
export class BurnPriceUnavailableError extends Error {
  override readonly name = "BurnPriceUnavailableError";
  readonly retryable = true;
  constructor(readonly revert: DecodedRevert | undefined, options?: { cause?: unknown }) {
    super(`a burn is due but the IFX/USD price is unavailable${revert ? `: ${revert.message}` : ""}`, options);
  }
}

/**
 * The largest batch up to `cap` (stablecoin units) that the pool takes within half the governed slippage bound of the
 * TWAP price, halving from `cap`; `null` when even the smallest does not fit (the pool's price is far from its TWAP:
 * moved or manipulated, so no batch now). BuyAndBurn's own bound is the full `burnMaxSlippageBps` below the TWAP
 * amount; keeping half of it in reserve leaves room for the price to move between this quote and inclusion, so a
 * batch sized here does not fail for depth (IBuyAndBurn: "keepers size batches to the pool").
 */
export async function sizeBurnBatch(contracts: ProtocolContracts, cap: bigint, stableDecimals: number): Promise<bigint | null> {
  const [priceWad, slippageBps] = await Promise.all([
    contracts.ifxUsdOracle.read.usdPriceWad().catch((error: unknown) => {
      throw new BurnPriceUnavailableError(decodeRevert(error, allAbis), { cause: error });
    }),
    contracts.params.read.get([paramKey("burnMaxSlippageBps")]),
  ]);
  const path = [contracts.stablecoin.address, contracts.token.address] as const;
  const toWad = 10n ** BigInt(18 - stableDecimals);
  let size = cap;
  for (let i = 0; i <= MAX_HALVINGS && size > 0n; i++) {
    const fairIfx = (size * toWad * WAD) / priceWad;
    const floor = (fairIfx * (BPS - slippageBps / 2n)) / BPS;
    const [, quoted] = await contracts.router.read.getAmountsOut([size, [...path]]);
    if (quoted !== undefined && quoted >= floor) return size;
    size /= 2n;
  }
  return null;
}
