import { createHmac } from "node:crypto";

const TWO_POW_53 = 2 ** 53;

/**
 * A deterministic stream of random numbers from a 32-byte secret and a label: HMAC-SHA256(secret, label || counter)
 * blocks, read 53 bits at a time. Every draw of a key comes from a labelled stream of its own, so adding a draw of one
 * kind never shifts the others (golden vectors stay put), and the same secret gives the same key on any machine.
 */
export class KeyStream {
  private counter = 0;
  private block = new Uint8Array(0);
  private offset = 0;

  constructor(
    private readonly secret: Uint8Array,
    private readonly label: string,
  ) {}

  /** Uniform in [0, 1), 53 bits. */
  uniform(): number {
    if (this.offset + 7 > this.block.length) this.refill();
    let bits = 0;
    for (let i = 0; i < 7; i++) bits = bits * 256 + this.block[this.offset + i]!;
    this.offset += 7;
    return Math.floor(bits / 8) / TWO_POW_53; // 56 bits read, the top 53 kept
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`below(${n})`);
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal, by Box-Muller on two uniforms (the second of the pair is discarded: draws stay independent). */
  normal(): number {
    const u1 = 1 - this.uniform(); // (0, 1]
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private refill(): void {
    const hmac = createHmac("sha256", this.secret);
    hmac.update(`${this.label}:${this.counter++}`);
    this.block = new Uint8Array(hmac.digest());
    this.offset = 0;
  }
}
