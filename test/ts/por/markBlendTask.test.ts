import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBlendMarks } from "../../../keepers/engines/blender/marks/insertBlendMarks.js";
import { markBlendTask } from "../../../keepers/engines/blender/marks/markBlendTask.js";
import { readBlendPlacement } from "../../../keepers/engines/blender/marks/readBlendPlacement.js";
import { createBlenderEngine, isEngineError, type RenderOptions } from "../../../keepers/engines/index.js";
import type { MarkedTask } from "../../../keepers/engines/marks/markTask.js";
import { blendScenes, type BlendScenes } from "../../../keepers/engines/scenes/blendScenes.js";
import { decodePng } from "../../../por/decodePng.js";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import type { Image } from "../../../por/image.js";
import { unprojectPoint } from "../../../por/cameraPose.js";
import { markTexture } from "../../../por/markTexture.js";
import { placeMarks } from "../../../por/placeMarks.js";
import { psnr } from "../../../por/psnr.js";
import { createTaskKey, parseTaskKey, serializeTaskKey, type Region, type TaskKey } from "../../../por/taskKey.js";
import { verifyBaseline } from "../../../por/verifyBaseline.js";
import { verifyKeyed } from "../../../por/verifyKeyed.js";
import { dot, sub } from "../../../por/vec3.js";
import { hasBlender } from "../engines/blenderHelpers.js";
import { MANAGER_SECRET, sha256, shifted } from "./porFixtures.js";

const FRAMES = [1, 24]; // the shot's camera moves between them
const RESOLUTION = { width: 320, height: 180 };
const N = 8;
/** The worker's settings: 16 spp, another seed than any the manager used. */
const TASK: Omit<RenderOptions, "frames"> = { samples: 16, seed: 7, bounces: 3, denoise: false, threads: 2, resolution: RESOLUTION };
const call = { blender: process.env["INFERIX_BLENDER"] ?? "blender" };
const srgbToLinear = (byte: number) => (byte / 255 <= 0.04045 ? byte / 255 / 12.92 : ((byte / 255 + 0.055) / 1.055) ** 2.4);
const keyOf = (taskId: string) => createTaskKey(MANAGER_SECRET, taskId, { n: N, amplitude: 0.5 });

interface Setup {
  scenes: BlendScenes;
  dir: string;
  inputHash: string;
  a: MarkedTask;
  genuine: Image[];
  /** Frame 1 of the shot as the marked scene renders it (the same pixel filter), without marks. */
  plain: Image;
  /** Frame 1 of the shot marked for another task. */
  otherKey: Image;
}

async function setup(): Promise<Setup> {
  const scenes = await blendScenes();
  const dir = await mkdtemp(join(tmpdir(), "inferix-por-blend-"));
  const inputHash = await sha256(scenes.shot);
  const a = await markBlendTask(scenes.shot, join(dir, "a.blend"), {
    frames: FRAMES, resolution: RESOLUTION, key: keyOf("blend-a"), secret: deriveTaskSecret(MANAGER_SECRET, "blend-a"),
    render: { samples: TASK.samples, bounces: TASK.bounces },
  });
  await insertBlendMarks(scenes.shot, join(dir, "plain.blend"), a.key, [], [], call);
  // Another task's marks on frame 1: a forger holding the scene of task b renders it for task a.
  const placement = await readBlendPlacement(scenes.shot, [1], RESOLUTION, call);
  const b = placeMarks(keyOf("blend-b"), deriveTaskSecret(MANAGER_SECRET, "blend-b"), placement.scene, a.previews);
  await insertBlendMarks(scenes.shot, join(dir, "b.blend"), b.key, b.marks, b.marks.map(() => [0.5, 0.5, 0.5]), call);
  const engine = createBlenderEngine();
  const render = async (file: string, frames: number[]) => (await engine.render(join(dir, file), { ...TASK, frames }, () => {})).map((r) => decodePng(r.png));
  const [genuine, [plain], [otherKey]] = [await render("a.blend", FRAMES), await render("plain.blend", [1]), await render("b.blend", [1])];
  return { scenes, dir, inputHash, a, genuine, plain: plain!, otherKey: otherKey! };
}

const regionsOf = (key: TaskKey, frame: number) => key.placements.find((p) => p.frame === frame)!.regions;
const inside = (regions: readonly Region[], x: number, y: number) => regions.some((k) => x >= k.x0 && x < k.x1 && y >= k.y0 && y < k.y1);

/** Pixels that differ between two renders, inside and outside the regions. */
function changedPixels(a: Image, b: Image, regions: readonly Region[]): { inside: number; outside: number } {
  const counts = { inside: 0, outside: 0 };
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const p = (y * a.width + x) * 3;
      if ([0, 1, 2].every((c) => a.data[p + c] === b.data[p + c])) continue;
      if (inside(regions, x, y)) counts.inside++;
      else counts.outside++;
    }
  }
  return counts;
}

describe.skipIf(!hasBlender)("PoR end to end on .blend scenes with Cycles: mark, render, verify (WP §III)", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  }, 240_000);
  afterAll(() => (s ? rm(s.dir, { recursive: true, force: true }) : undefined));

  it("writes a version 2 key and a NEW .blend that Blender loads with its marks; the input is never touched", async () => {
    const key = s.a.key;
    expect(key.version).toBe(2);
    expect(parseTaskKey(serializeTaskKey(key))).toEqual(key);
    expect(key.detector!.nullWindows).toBeGreaterThan(20_000);
    expect(key.detector!.nullMatches).toBeLessThan(10);
    expect(await sha256(s.scenes.shot)).toBe(s.inputHash);
    const info = await createBlenderEngine().inspect(join(s.dir, "a.blend"));
    expect(info.objects).toBe(4 + N); // the shot's four rendered meshes, one quad per mark
    expect(info.missingTextures).toEqual([]); // the marks' textures are packed into the file
    await expect(insertBlendMarks(s.scenes.shot, s.scenes.shot, key, [], [], call)).rejects.toThrow(/never written over/);
    await expect(markBlendTask(join(s.dir, "x.glb"), join(s.dir, "y.blend"), { frames: FRAMES, resolution: RESOLUTION, key, secret: new Uint8Array(32), render: { samples: 1, bounces: 0 } }))
      .rejects.toThrow(/marks .blend scenes/);
  });

  it("Cycles draws every mark exactly on its region: the camera projects as por's", () => {
    const regions = regionsOf(s.a.key, 1);
    const changed = changedPixels(s.plain, s.genuine[0]!, regions);
    // Not one pixel outside the regions changes (same seed, marks seen by camera rays only); a half-pixel error in the
    // projection would change a row or column of the ring around every mark. Frame 24's regions, seen through the
    // moved camera, are checked by the imprints (measured there, they match to the level below).
    expect(changed.outside).toBe(0);
    const area = regions.reduce((sum, k) => sum + (k.x1 - k.x0) * (k.y1 - k.y0), 0);
    expect(changed.inside).toBeGreaterThan(0.9 * area);
    expect(psnr(s.plain, s.genuine[0]!)).toBeGreaterThan(30);
  });

  it("accepts the genuine marked render (another seed) of every frame with both detectors", () => {
    FRAMES.forEach((frame, i) => {
      const keyed = verifyKeyed(s.genuine[i]!, s.a.key, frame);
      expect(keyed.accepted).toBe(true);
      expect(keyed.matched).toBe(N);
      // Emission, one Closest texel per pixel under a one-pixel box filter: the samples and the seed change nothing.
      expect(Math.max(...keyed.regions.map((r) => r.distance))).toBeLessThan(1);
      expect(keyed.falseAccept).toBeLessThanOrEqual(1e-6);
      expect(verifyBaseline(s.genuine[i]!, regionsOf(s.a.key, frame)).accepted).toBe(true);
    });
  });

  it("rejects forgeries with the key-aware detector: unmarked, another task's marks, shifted, another frame", () => {
    const forgeries: [string, Image][] = [
      ["unmarked", s.plain],
      ["another key", s.otherKey],
      ["shifted 1 px", shifted(s.genuine[0]!, 1, 0)],
      ["shifted 2, 1 px", shifted(s.genuine[0]!, 2, 1)],
      ["frame 24 as 1", s.genuine[1]!],
    ];
    for (const [name, image] of forgeries) {
      const verdict = verifyKeyed(image, s.a.key, 1);
      expect([name, verdict.accepted]).toEqual([name, false]);
      expect(verdict.matched).toBeLessThan(verdict.required);
    }
    expect(verifyBaseline(s.plain, regionsOf(s.a.key, 1)).accepted).toBe(false);
    expect(verifyBaseline(s.otherKey, regionsOf(s.a.key, 1)).accepted).toBe(false);
  });

  it("draws marks texel for texel in an orthographic view, from a copy written elsewhere that still finds the scene's files", async () => {
    const placement = await readBlendPlacement(s.scenes.topView, [1], RESOLUTION, call);
    // ortho_scale 8 spans the wider side (sensor fit AUTO): half the height is 4 x 180 / 320.
    const camera = placement.scene.camera(1);
    expect(camera).toMatchObject({ orthographic: true, halfHeight: 2.25 });
    expect(dot(camera.forward, [0, 0, -1])).toBeCloseTo(1, 9); // looking straight down
    const placed = placeMarks(keyOf("blend-top"), deriveTaskSecret(MANAGER_SECRET, "blend-top"), placement.scene, new Map());
    await mkdir(join(s.dir, "elsewhere"));
    const output = join(s.dir, "elsewhere", "top.blend");
    const white = placed.marks.map(() => [1, 1, 1]);
    await insertBlendMarks(s.scenes.topView, output, placed.key, placed.marks, white, call);
    // The decal's texture is //textures/decal.png beside the input: the render refuses the copy if it lost the file.
    const [rendered] = await createBlenderEngine().render(output, { ...TASK, frames: [1], samples: 2, bounces: 0 }, () => {});
    const image = decodePng(rendered!.png);
    for (const mark of placed.marks) {
      const texels = markTexture(placed.key.noises[mark.noise]!, mark.width, mark.height, mark.texelsPerPixel);
      const pose = mark.poses[0]!;
      for (let y = pose.region.y0; y < pose.region.y1; y++) {
        for (let x = pose.region.x0; x < pose.region.x1; x++) {
          // The texel under the pixel's centre, through the quad's own axes (whatever its quarter turn); uv v = 1 is the PNG's top row.
          const local = sub(unprojectPoint(camera, RESOLUTION.width, RESOLUTION.height, x + 0.5, y + 0.5, pose.depth), pose.center);
          const u = dot(local, pose.axisX) / dot(pose.axisX, pose.axisX) + 0.5;
          const v = dot(local, pose.axisY) / dot(pose.axisY, pose.axisY) + 0.5;
          const texel = texels[Math.floor((1 - v) * mark.height) * mark.width + Math.floor(u * mark.width)]!;
          const expected = placement.display(srgbToLinear(texel));
          for (let c = 0; c < 3; c++) expect(Math.abs(image.data[(y * RESOLUTION.width + x) * 3 + c]! - expected)).toBeLessThanOrEqual(1.5);
        }
      }
    }
  });

  it("refuses a scene whose marks Cycles would not draw where placement puts them (lens shift)", async () => {
    const error = await readBlendPlacement(s.scenes.lensShift, [1], RESOLUTION, call).catch((e: unknown) => e);
    expect(isEngineError(error, "SCENE_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(/lens shift \(0\.1/);
  });
});
