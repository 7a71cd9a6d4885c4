import { describe, expect, it } from "vitest";
import { captureProbability, majorityOf } from "../../../scripts/sim/committeeOdds.js";

/** Every ordered way to seat `seats` distinct verifiers out of `total`, counting those where the attacker (ids below
 *  `owned`) holds at least `threshold` seats: the draw's distribution by brute force. */
function enumerate(total: number, owned: number, seats: number, threshold: number): number {
  let hits = 0;
  let all = 0;
  const walk = (chosen: number[]) => {
    if (chosen.length === seats) {
      all++;
      if (chosen.filter((v) => v < owned).length >= threshold) hits++;
      return;
    }
    for (let v = 0; v < total; v++) if (!chosen.includes(v)) walk([...chosen, v]);
  };
  walk([]);
  return hits / all;
}

describe("committee capture odds", () => {
  it("match a brute-force count of every draw on small networks", () => {
    for (const [total, owned, seats] of [[8, 2, 3], [9, 3, 3], [10, 4, 5], [7, 0, 3], [6, 6, 3]] as const) {
      expect(captureProbability(total, owned, seats, majorityOf(seats))).toBeCloseTo(enumerate(total, owned, seats, majorityOf(seats)), 12);
    }
  });

  it("tend to the binomial for a large network", () => {
    const f = 0.1;
    const binomial3 = 3 * f * f * (1 - f) + f ** 3;
    expect(captureProbability(1_000_000, 100_000, 3, 2)).toBeCloseTo(binomial3, 6);
  });

  it("refuse impossible inputs", () => {
    expect(() => captureProbability(10, 11, 3, 2)).toThrow(RangeError);
    expect(() => captureProbability(2, 1, 3, 2)).toThrow(RangeError);
  });
});
