import { describe, expect, it } from "vitest";
import type { Image } from "../../../por/image.js";
import type { Region } from "../../../por/taskKey.js";
import { BASELINE_THRESHOLD, verifyBaseline } from "../../../por/verifyBaseline.js";

/** A 64x48 RGB frame: a smooth horizontal ramp (a Laplacian of zero inside), with optional brighter patches. */
function frame(patches: readonly { region: Region; delta: number }[] = []): Image {
  const width = 64;
  const height = 48;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 60 + x;
      for (const { region: r, delta } of patches) {
        if (x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1) v += delta;
      }
      data.set([v, v, v], (y * width + x) * 3);
    }
  }
  return { width, height, channels: 3, data };
}

const K1: Region = { x0: 10, y0: 10, x1: 15, y1: 15 };
const K2: Region = { x0: 40, y0: 25, x1: 45, y1: 30 };

describe("WP baseline verification (eqs. 12-16)", () => {
  it("accepts a frame whose every region carries a mark, with e_i = |mean(v_i) - mean(k_i)|", () => {
    const verdict = verifyBaseline(frame([{ region: K1, delta: 20 }, { region: K2, delta: -20 }]), [K1, K2]);
    expect(verdict.accepted).toBe(true);
    for (const s of verdict.regions) {
      // A 5x5 patch of contrast 20 on a linear ramp: the Laplacian sums to -20 per border edge inside k_i (20 edges)
      // and to +20 per edge outside, so mean(k) = -400/25 and mean(v) = 0 over the 15x15 envelope.
      expect(Math.abs(s.meanRegion)).toBeCloseTo(16, 5);
      expect(s.meanEnvelope).toBeCloseTo(0, 5);
      expect(s.deviation).toBeCloseTo(16, 5);
      expect(s.accepted).toBe(true);
    }
  });

  it("rejects an unmarked frame, and a frame missing one mark", () => {
    const unmarked = verifyBaseline(frame(), [K1, K2]);
    expect(unmarked.accepted).toBe(false);
    expect(unmarked.regions.every((s) => s.deviation < 1e-6)).toBe(true);
    const oneMissing = verifyBaseline(frame([{ region: K1, delta: 20 }]), [K1, K2]);
    expect(oneMissing.regions.map((s) => s.accepted)).toEqual([true, false]);
    expect(oneMissing.accepted).toBe(false);
  });

  it("uses the WP's threshold of 5: a faint mark below it is rejected", () => {
    const faint = verifyBaseline(frame([{ region: K1, delta: 5 }]), [K1]); // e = 0.8 x 5 = 4
    expect(faint.regions[0]!.deviation).toBeCloseTo(4, 5);
    expect(faint.accepted).toBe(false);
    expect(BASELINE_THRESHOLD).toBe(5);
  });

  it("refuses regions outside the frame and frames of the wrong size", () => {
    expect(() => verifyBaseline(frame(), [{ x0: 60, y0: 0, x1: 70, y1: 5 }])).toThrow(/not inside/);
    const bad = frame();
    expect(() => verifyBaseline({ ...bad, data: bad.data.subarray(1) }, [K1])).toThrow(/does not match/);
    expect(verifyBaseline(frame(), []).accepted).toBe(false); // no regions: nothing proves the render
  });
});
