import { describe, expect, it } from "vitest";
import { binomialTail, binomialUpperBound } from "../../../por/binomial.js";
import type { Image } from "../../../por/image.js";
import { PorError } from "../../../por/porError.js";
import { recordImprints } from "../../../por/recordImprints.js";
import { createTaskKey, parseTaskKey, serializeTaskKey, taskKeyHash, type Region, type TaskKey } from "../../../por/taskKey.js";
import { NULL_CONFIDENCE, verifyKeyed } from "../../../por/verifyKeyed.js";
import { MANAGER_SECRET } from "./porFixtures.js";

const W = 64;
const H = 48;
const REGIONS: Region[] = [
  { x0: 6, y0: 6, x1: 11, y1: 11 },
  { x0: 30, y0: 8, x1: 35, y1: 12 },
  { x0: 48, y0: 30, x1: 54, y1: 36 },
  { x0: 10, y0: 32, x1: 14, y1: 38 },
];

/** A grey frame with a smooth ramp; `marks` paints a checker of +-40 around 120 into each region. */
function frame(marks: readonly Region[] = []): Image {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = 60 + x + y;
  for (const r of marks) {
    for (let y = r.y0; y < r.y1; y++) for (let x = r.x0; x < r.x1; x++) data[y * W + x] = (x + y) % 2 ? 160 : 80;
  }
  return { width: W, height: H, channels: 1, data };
}

function crop(image: Image, r: Region): Image {
  const data = new Uint8Array((r.x1 - r.x0) * (r.y1 - r.y0));
  for (let y = r.y0; y < r.y1; y++) data.set(image.data.subarray(y * W + r.x0, y * W + r.x1), (y - r.y0) * (r.x1 - r.x0));
  return { width: r.x1 - r.x0, height: r.y1 - r.y0, channels: 1, data };
}

function markedKey(): TaskKey {
  const key = { ...createTaskKey(MANAGER_SECRET, "unit", { n: REGIONS.length }), placements: [{ frame: 2, regions: REGIONS }] };
  const marked = frame(REGIONS);
  return recordImprints(key, new Map([[2, REGIONS.map((r) => crop(marked, r))]]), new Map([[2, frame()]]));
}

describe("key-aware detector (DESIGN: a detector that uses what the key knows)", () => {
  it("computes binomial tails and exact upper confidence bounds", () => {
    expect(binomialTail(12, 3, 0.1)).toBeCloseTo(0.11087, 5);
    expect(binomialTail(12, 12, 0.5)).toBeCloseTo(0.5 ** 12, 15);
    expect(binomialTail(12, 0, 0.3)).toBe(1);
    expect(binomialTail(12, 13, 0.3)).toBe(0);
    expect(binomialUpperBound(0, 1000, 0.999)).toBeCloseTo(1 - 0.001 ** (1 / 1000), 9); // exact for 0 successes
    expect(binomialUpperBound(5, 1000, 0.95)).toBeCloseTo(0.010484, 5);
    expect(() => binomialUpperBound(3, 2, 0.9)).toThrow(RangeError);
  });

  it("records imprints and the null model into a version 2 key that round-trips", () => {
    const key = markedKey();
    expect(key.version).toBe(2);
    expect(key.placements[0]!.imprints![0]).toHaveLength(25);
    expect(key.detector).toMatchObject({ tolerance: 8, nullMatches: 0 });
    expect(key.detector!.nullWindows).toBeGreaterThan(4 * 1000);
    const json = serializeTaskKey(key);
    expect(parseTaskKey(json)).toEqual(key);
    expect(taskKeyHash(parseTaskKey(json))).toBe(taskKeyHash(key));
    const broken = JSON.parse(json) as { placements: { imprints: number[][] }[] };
    broken.placements[0]!.imprints[1]!.pop();
    expect(() => parseTaskKey(JSON.stringify(broken))).toThrow(/lacks an imprint per region/);
  });

  it("accepts a frame carrying the imprints, with its computed false-accept probability", () => {
    const key = markedKey();
    const verdict = verifyKeyed(frame(REGIONS), key, 2);
    const p = binomialUpperBound(0, key.detector!.nullWindows, NULL_CONFIDENCE);
    expect(verdict).toMatchObject({ accepted: true, matched: 4, required: 3 });
    expect(verdict.nullRate).toBeCloseTo(p, 12);
    expect(verdict.falseAccept).toBeCloseTo(p ** 4, 20);
    expect(verdict.regions.every((r) => r.distance === 0)).toBe(true);
  });

  it("rejects frames without the imprints, with them moved, or with too few", () => {
    const key = markedKey();
    expect(verifyKeyed(frame(), key, 2).accepted).toBe(false);
    const moved = REGIONS.map((r) => ({ x0: r.x0 + 1, y0: r.y0, x1: r.x1 + 1, y1: r.y1 }));
    expect(verifyKeyed(frame(moved), key, 2).matched).toBe(0);
    const two = verifyKeyed(frame(REGIONS.slice(0, 2)), key, 2);
    expect(two).toMatchObject({ accepted: false, matched: 2, required: 3 }); // at least 3/4 of the marks must match
  });

  it("asks for more matching regions when natural content often resembles the marks", () => {
    const key = markedKey();
    const common = { ...key, detector: { ...key.detector!, nullWindows: 100, nullMatches: 30 } };
    const verdict = verifyKeyed(frame(REGIONS), common, 2);
    // With p >= 0.3, even 4 of 4 matches happen by chance far more often than 1e-6: no frame can pass.
    expect(verdict.required).toBeGreaterThan(4);
    expect(verdict.accepted).toBe(false);
    expect(verifyKeyed(frame(REGIONS), common, 2, { falseAccept: 0.05 }).accepted).toBe(true);
  });

  it("needs a version 2 key with the frame", () => {
    const v1 = { ...createTaskKey(MANAGER_SECRET, "unit", { n: 4 }), placements: [{ frame: 2, regions: REGIONS }] };
    expect(() => verifyKeyed(frame(), v1, 2)).toThrow(PorError);
    expect(() => verifyKeyed(frame(), markedKey(), 3)).toThrow(/no imprints for frame 3/);
  });
});
