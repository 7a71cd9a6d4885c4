/** A worker the manager can assign to: its own price per IBM and its IB (WAD), from the registry. */
export interface WorkerOffer {
  licenseId: bigint;
  pricePerIbmWad: bigint;
  ibWad: bigint;
}

export interface PriceOption {
  name: "cheapest" | "balanced" | "fastest";
  pricePerIbmWad: bigint;
  /** Workers whose P(n) <= the price: the only ones the job may go to. */
  workers: number;
  /** Their summed IB: IBM per minute of wall-clock with all of them rendering. */
  ibWad: bigint;
  /** Minutes to render the job's work with all of them (tasks are never split finer than a task: a lower bound). */
  etaMinutes: number;
}

function optionAt(name: PriceOption["name"], price: bigint, offers: readonly WorkerOffer[], workWad: bigint): PriceOption {
  const eligible = offers.filter((o) => o.pricePerIbmWad <= price);
  const ibWad = eligible.reduce((sum, o) => sum + o.ibWad, 0n);
  const etaMinutes = ibWad > 0n ? Number((workWad * 1_000n) / ibWad) / 1_000 : Infinity;
  return { name, pricePerIbmWad: price, workers: eligible.length, ibWad, etaMinutes };
}

/**
 * The Matcher's options (WP §VI-D) over the live eligible workers: a job quoted at price P goes only to workers with
 * P(n) <= P, so a price buys a share of the network's capacity. Cheapest: the lowest P(n), only the cheapest workers;
 * fastest: the highest P(n), every worker; balanced: the lowest price whose workers hold at least half of the total IB.
 * Workers with no IB yet (not benchmarked) count as offers but add no speed. Empty when no worker is live.
 */
export function priceOptions(offers: readonly WorkerOffer[], workWad: bigint): PriceOption[] {
  const live = offers.filter((o) => o.pricePerIbmWad > 0n);
  if (live.length === 0) return [];
  const prices = [...new Set(live.map((o) => o.pricePerIbmWad))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const totalIb = live.reduce((sum, o) => sum + o.ibWad, 0n);
  const balanced = prices.find((p) => 2n * live.filter((o) => o.pricePerIbmWad <= p).reduce((s, o) => s + o.ibWad, 0n) >= totalIb) ?? prices.at(-1)!;
  return [
    optionAt("cheapest", prices[0]!, live, workWad),
    optionAt("balanced", balanced, live, workWad),
    optionAt("fastest", prices.at(-1)!, live, workWad),
  ];
}
