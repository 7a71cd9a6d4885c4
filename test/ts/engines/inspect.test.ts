import { describe, expect, it } from "vitest";
import { engineForScene, sampleScene, sampleScenes } from "../../../keepers/engines/index.js";

describe("inspect", () => {
  it("counts the heavy scene's triangles, cameras and resolution without rendering", async () => {
    const { path } = await sampleScene("heavy");
    const started = performance.now();
    const info = await engineForScene(path).inspect(path);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(info.triangles).toBeGreaterThanOrEqual(200_000);
    expect(info.triangles).toBe(2 * 320 * 320 + 4 * 20 * 4 ** 4);
    expect(info.objects).toBe(5);
    expect(info.cameras).toEqual([{ name: "camera", type: "perspective", yfovDegrees: expect.closeTo(45, 6), animated: false }]);
    expect(info.activeCamera).toBe("camera");
    expect(info.resolution).toEqual({ width: 1280, height: 720 });
    expect(info.frameRange).toEqual({ start: 0, end: 0 });
    expect(info.animated).toBe(false);
  });

  it("reports lights, materials and textures of the other sample scenes", async () => {
    const scenes = Object.fromEntries((await sampleScenes()).map((s) => [s.name, s.path]));
    const product = await engineForScene(scenes["product"]!).inspect(scenes["product"]!);
    expect(product.lights).toBe(3);
    expect(product.materials).toBe(3);
    const room = await engineForScene(scenes["room"]!).inspect(scenes["room"]!);
    expect(room.textures).toBe(4);
    expect(room.lights).toBe(1);
    expect(room.engine).toBe("inferix-pathtracer");
    expect(room.format).toBe("glb");
  });
});
