import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSampleLine, trackProgress } from "../../../keepers/engines/blender/trackProgress.js";
import type { RenderProgress } from "../../../keepers/engines/engine.js";

function fixtureLines(name: string): string[] {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8").split("\n");
}

describe("Blender progress", () => {
  it("reads how far a frame is from Cycles' status lines", () => {
    expect(parseSampleLine("Fra:1 Mem:10.88M (Peak 10.88M) | Time:00:00.08 | Remaining:00:05.57 | Mem:1.81M, Peak:1.81M | Scene, ViewLayer | Sample 64/256")).toBe(0.25);
    expect(parseSampleLine("Fra:1 Mem:10.00M (Peak 10.25M) | Time:00:00.05 | Scene, ViewLayer | Updating Scene BVH | Building")).toBeNull();
    expect(parseSampleLine("@inferix {\"event\": \"frame\", \"index\": 0, \"frame\": 1}")).toBeNull();
  });

  it("counts tiles in a tiled render without running ahead", () => {
    const fractions = fixtureLines("blender-tiles-stdout.txt").map(parseSampleLine).filter((f): f is number => f !== null);
    expect(fractions[0]).toBe(0); // "Rendered 0/15 Tiles, Sample 0/16"
    expect(parseSampleLine("Fra:1 | Scene, ViewLayer | Rendered 1/15 Tiles, Sample 16/16")).toBeCloseTo(1 / 15);
    expect(parseSampleLine("Fra:1 | Scene, ViewLayer | Rendered 1/15 Tiles, Sample 8/16")).toBeCloseTo(1.5 / 15);
    expect(Math.max(...fractions)).toBeLessThanOrEqual(1);
    expect(fractions.at(-1)).toBeGreaterThan(0.9);
  });

  it("turns a recorded 2-frame render's stdout into events that never go back and end at 1", () => {
    const events: RenderProgress[] = [];
    const tracker = trackProgress([1, 24], (p) => events.push(p));
    for (const line of fixtureLines("blender-render-stdout.txt")) tracker.onLine(line);
    tracker.finish();
    for (let i = 1; i < events.length; i++) expect(events[i]!.fraction).toBeGreaterThanOrEqual(events[i - 1]!.fraction);
    // Sample 1/256 of each frame, then each frame done, then the call.
    expect(events.filter((e) => e.frame === 1 && e.framesDone === 0).length).toBeGreaterThanOrEqual(2);
    expect(events.find((e) => e.frame === 24)!.framesDone).toBe(1);
    expect(events.at(-1)).toEqual({ frame: 24, framesDone: 2, framesTotal: 2, fraction: 1 });
    expect(events.at(-2)!.fraction).toBeLessThan(1); // 1 only once the PNGs are re-encoded
  });

  it("ignores marker lines that are not the driver's", () => {
    const events: RenderProgress[] = [];
    const tracker = trackProgress([0], (p) => events.push(p));
    tracker.onLine("@inferix not json");
    tracker.onLine("@inferix {\"event\": \"frameDone\", \"index\": 5}");
    expect(events).toEqual([]);
  });
});
