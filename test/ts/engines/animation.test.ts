import { describe, expect, it } from "vitest";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { sampleChannel } from "../../../keepers/engines/pathtracer/sampleAnimation.js";
import type { SceneChannel } from "../../../keepers/engines/pathtracer/sceneModel.js";
import { meanAbsoluteError, pixels, tinyOptions } from "./renderHelpers.js";

function channel(path: SceneChannel["path"], interpolation: SceneChannel["interpolation"], times: number[], values: number[]): SceneChannel {
  return { node: 0, path, interpolation, times: Float32Array.from(times), values: Float32Array.from(values) };
}

describe("glTF animation", () => {
  it("interpolates LINEAR translations, holds STEP values and clamps outside the keys", () => {
    const linear = channel("translation", "LINEAR", [0, 1], [0, 0, 0, 2, 4, -6]);
    expect(sampleChannel(linear, 0.25)).toEqual([0.5, 1, -1.5]);
    expect(sampleChannel(linear, -1)).toEqual([0, 0, 0]);
    expect(sampleChannel(linear, 5)).toEqual([2, 4, -6]);
    const step = channel("scale", "STEP", [0, 1, 2], [1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(sampleChannel(step, 0.99)).toEqual([1, 1, 1]);
    expect(sampleChannel(step, 1)).toEqual([2, 2, 2]);
    expect(sampleChannel(step, 1.5)).toEqual([2, 2, 2]);
  });

  it("slerps LINEAR rotations along the shorter arc", () => {
    const half = Math.SQRT1_2;
    // 0 to 90 degrees about y, the second key stored with the opposite sign (same rotation).
    const rotation = channel("rotation", "LINEAR", [0, 1], [0, 0, 0, 1, -0, -half, -0, -half]);
    const [x, y, z, w] = sampleChannel(rotation, 0.5);
    expect(Math.hypot(x!, y!, z!, w!)).toBeCloseTo(1, 6);
    expect(Math.abs(y!)).toBeCloseTo(Math.sin(Math.PI / 8), 5);
    expect(Math.abs(w!)).toBeCloseTo(Math.cos(Math.PI / 8), 5);
  });

  it("reports the animated room's frame range and renders different frames at different times", async () => {
    const { path } = await sampleScene("room");
    const engine = engineForScene(path);
    const info = await engine.inspect(path);
    expect(info.frameRange).toEqual({ start: 0, end: 48 });
    expect(info.fps).toBe(24);
    expect(info.animated).toBe(true);
    expect(info.cameras[0]!.animated).toBe(true);
    const frames = await engine.render(path, tinyOptions({ frames: [0, 48, 0] }), () => {});
    expect(frames.map((f) => f.frame)).toEqual([0, 48, 0]);
    const [first, last, again] = frames.map((f) => pixels(f.png).data);
    expect(meanAbsoluteError(first!, last!)).toBeGreaterThan(5);
    expect(Buffer.from(again!).equals(Buffer.from(first!))).toBe(true);
  });
});
