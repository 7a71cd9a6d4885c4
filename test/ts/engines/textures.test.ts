import { encode } from "fast-png";
import { describe, expect, it } from "vitest";
import { decodeTexture } from "../../../keepers/engines/pathtracer/decodeTexture.js";
import type { FrameScene } from "../../../keepers/engines/pathtracer/frameScene.js";
import { sampleTexture, texel, textureCoord } from "../../../keepers/engines/pathtracer/sampleTexture.js";
import { WRAP_CLAMP, WRAP_MIRROR, WRAP_REPEAT } from "../../../keepers/engines/pathtracer/sceneModel.js";

describe("textures", () => {
  it("decodes sRGB images to linear values and data images as they are", async () => {
    const png = encode({ width: 2, height: 1, channels: 3, depth: 8, data: Uint8Array.of(255, 0, 0, 128, 128, 128) });
    const colour = await decodeTexture(png, true, "test");
    expect([colour.width, colour.height]).toEqual([2, 1]);
    expect(colour.texels[0]).toBe(1);
    expect(colour.texels[3]).toBeCloseTo(0.2158605, 6); // sRGB 128 is 21.6% linear
    const data = await decodeTexture(png, false, "test");
    expect(data.texels[3]).toBeCloseTo(128 / 255, 6);
  });

  it("samples bilinearly with glTF's wrap modes, v = 0 at the first row", () => {
    // 2 x 2 texture, red channel only: rows [0, 1] then [2, 3].
    const texels = Float32Array.of(0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0);
    const sceneWith = (wrap: number) => ({ texels, textureInfo: Int32Array.of(0, 2, 2, wrap, wrap) }) as unknown as FrameScene;
    const red = (scene: FrameScene, u: number, v: number) => {
      textureCoord[0] = u;
      textureCoord[1] = v;
      sampleTexture(scene, 0);
      return texel[0];
    };
    const repeat = sceneWith(WRAP_REPEAT);
    expect(red(repeat, 0.25, 0.25)).toBe(0); // texel centres are exact
    expect(red(repeat, 0.75, 0.75)).toBe(3);
    expect(red(repeat, 0.5, 0.5)).toBe(1.5); // the middle averages all four
    expect(red(repeat, 1.25, -0.75)).toBe(0);
    expect(red(repeat, 0, 0.25)).toBe(0.5); // the left edge blends with the right column
    expect(red(sceneWith(WRAP_CLAMP), 0, 0.25)).toBe(0);
    expect(red(sceneWith(WRAP_MIRROR), 1.25, 0.25)).toBe(1);
  });
});
