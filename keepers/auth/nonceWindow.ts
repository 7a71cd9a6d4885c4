import type { Hex } from "viem";

/**
 * The nonces of signed requests still inside their window, forgotten once expired (memory stays bounded by the request
 * rate times the window). Kept in memory: after a manager restart a request could be replayed within its window
 * (two minutes); every node operation is idempotent, so a replay changes nothing.
 */
export class NonceWindow {
  private readonly seen = new Map<string, number>();
  private claims = 0;

  get size(): number {
    return this.seen.size;
  }

  claim(nodeId: bigint, nonce: Hex, expiresAt: number, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
    // A sweep every 1,024 claims: amortised O(1), and no timer to stop.
    if (++this.claims % 1_024 === 0) for (const [k, until] of this.seen) if (until < nowSeconds) this.seen.delete(k);
    const key = `${nodeId}:${nonce.toLowerCase()}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, expiresAt);
    return true;
  }
}
