import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { blendScenes, type BlendScenes } from "../../../keepers/engines/scenes/blendScenes.js";
import { hasBlender } from "./blenderHelpers.js";

describe.skipIf(!hasBlender)("Blender inspect", () => {
  let scenes: BlendScenes;

  beforeAll(async () => {
    scenes = await blendScenes();
  });

  it("reads the generated shot.blend through bpy: what a render would see, not the viewport", async () => {
    const info = await engineForScene(scenes.shot).inspect(scenes.shot);
    expect(info).toEqual({
      engine: "blender-cycles",
      format: "blend",
      frameRange: { start: 1, end: 24 },
      fps: 25,
      resolution: { width: 320, height: 180 }, // 640 x 360 at 50%
      cameras: [
        // 35 mm lens on a 36 mm sensor fitted to the 16:9 frame's width: 2 atan(18/35 x 9/16) vertically.
        { name: "ShotCamera", type: "perspective", yfovDegrees: expect.closeTo(32.27, 2), animated: true },
        { name: "TopCamera", type: "orthographic", yfovDegrees: null, animated: false },
      ],
      activeCamera: "ShotCamera",
      // Floor, cube, its linked duplicate and the sphere; the render-hidden helper is not counted.
      objects: 4,
      // 2 + 12 + 12, and the sphere's 960 once subdivided at render time (32 in the viewport).
      triangles: 986,
      lights: 2,
      materials: 3,
      textures: 1,
      animated: true,
      missingTextures: [],
      linkedLibraries: [],
    });
  });

  it("reports a missing texture by name before rendering", async () => {
    const info = await engineForScene(scenes.missingTexture).inspect(scenes.missingTexture);
    expect(info.missingTextures).toEqual([{ name: "missing_albedo", path: join(scenes.dir, "textures", "missing_albedo.png") }]);
    expect(info.textures).toBe(2);
  });

  it("reports linked libraries by name, found or not", async () => {
    const linked = await engineForScene(scenes.linkedLibrary).inspect(scenes.linkedLibrary);
    expect(linked.linkedLibraries).toEqual([{ name: "library.blend", path: join(scenes.dir, "library.blend"), found: true }]);
    expect(linked.objects).toBe(5); // the linked rock renders
    const missing = await engineForScene(scenes.missingLibrary).inspect(scenes.missingLibrary);
    expect(missing.linkedLibraries).toEqual([{ name: "gone-library.blend", path: join(scenes.dir, "gone-library.blend"), found: false }]);
  });

  it("imports a glTF sample scene into Blender with the figures the path tracer reads", async () => {
    const { path } = await sampleScene("room");
    const ours = await engineForScene(path).inspect(path);
    const cycles = await engineForScene(path, { engine: "blender" }).inspect(path);
    expect(cycles.engine).toBe("blender-cycles");
    for (const key of ["format", "frameRange", "fps", "resolution", "activeCamera", "objects", "triangles", "lights", "materials", "textures", "animated"] as const) {
      expect(cycles[key], key).toEqual(ours[key]);
    }
    expect(cycles.cameras).toEqual([{ ...ours.cameras[0]!, yfovDegrees: expect.closeTo(ours.cameras[0]!.yfovDegrees!, 4) }]);
  });
});
