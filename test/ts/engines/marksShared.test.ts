import { describe, expect, it } from "vitest";
import { cropImage } from "../../../keepers/engines/marks/cropImage.js";
import { tabulatedCurve } from "../../../keepers/engines/marks/displayCurve.js";
import { buildTriangleScene, castTriangleRay } from "../../../keepers/engines/pathtracer/buildTriangleScene.js";

describe("what both engines' PoR marking shares", () => {
  it("reads a measured display curve linearly between its samples and flat beyond them", () => {
    const curve = tabulatedCurve([0, 0.5, 1, 4], [0, 100, 200, 255]);
    expect([curve(-1), curve(0), curve(0.25), curve(0.75), curve(2.5), curve(4), curve(100)]).toEqual([0, 0, 50, 150, 227.5, 255, 255]);
    expect(() => tabulatedCurve([0, 0], [1, 2])).toThrow(/must increase/);
    expect(() => tabulatedCurve([0, 1], [1])).toThrow(RangeError);
  });

  it("cuts a region out of an image", () => {
    const image = { width: 4, height: 3, channels: 1, data: Uint8Array.from({ length: 12 }, (_, i) => i) };
    expect(cropImage(image, { x0: 1, y0: 1, x1: 3, y1: 3 })).toEqual({ width: 2, height: 2, channels: 1, data: Uint8Array.from([5, 6, 9, 10]) });
    expect(() => cropImage(image, { x0: 3, y0: 0, x1: 5, y1: 1 })).toThrow(/not inside/);
  });

  it("casts rays against bare triangles through the tracer's BVH", () => {
    // Two unit squares facing +z at z = 1 and z = 3 (two triangles each), and nothing else.
    const square = (z: number) => [0, 0, z, 1, 0, z, 1, 1, z, 0, 0, z, 1, 1, z, 0, 1, z];
    const scene = buildTriangleScene(Float32Array.from([...square(3), ...square(1)]));
    expect(castTriangleRay(scene, [0.5, 0.5, 0], [0, 0, 1])).toBeCloseTo(1, 6);
    expect(castTriangleRay(scene, [0.5, 0.5, 2], [0, 0, 1])).toBeCloseTo(1, 6);
    expect(castTriangleRay(scene, [1.5, 0.5, 0], [0, 0, 1])).toBe(Infinity);
    expect(castTriangleRay(buildTriangleScene(new Float32Array(0)), [0, 0, 0], [0, 0, 1])).toBe(Infinity);
    expect(() => buildTriangleScene(new Float32Array(10))).toThrow(/whole triangles/);
  });
});
