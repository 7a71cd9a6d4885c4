import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { FrameSceneBuilder } from "../../../keepers/engines/pathtracer/buildFrameScene.js";
import { CAMERA_FORWARD, CAMERA_POSITION } from "../../../keepers/engines/pathtracer/frameScene.js";
import { loadScene } from "../../../keepers/engines/pathtracer/loadScene.js";
import { insertMarks } from "../../../keepers/engines/pathtracer/marks/insertMarks.js";
import { placementSceneOf } from "../../../keepers/engines/pathtracer/marks/placementSceneOf.js";
import { intersectClosest, ray } from "../../../keepers/engines/pathtracer/traceRay.js";
import { pixelRay } from "../../../por/cameraPose.js";
import { decodePng } from "../../../por/decodePng.js";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import type { Image } from "../../../por/image.js";
import { placeMarks } from "../../../por/placeMarks.js";
import { PorError } from "../../../por/porError.js";
import { createTaskKey, type Region } from "../../../por/taskKey.js";
import { MANAGER_SECRET, sha256 } from "./porFixtures.js";

// Every frame of the animated room (the camera dollies and pans over 0..48), at 160 x 90.
const FRAMES = Array.from({ length: 49 }, (_, f) => f);
const RESOLUTION = { width: 160, height: 90 };
const N = 8;

async function setup() {
  const room = await sampleScene("room");
  const rendered = await engineForScene(room.path).render(room.path, {
    frames: [0, 24, 48], samples: 4, seed: 1, bounces: 3, denoise: false, threads: 1, resolution: RESOLUTION,
  }, () => {});
  const previews = new Map<number, Image>(rendered.map((r) => [r.frame, decodePng(r.png)]));
  const scene = await loadScene(room.path, { textures: false });
  const place = (taskId: string, n = N) => placeMarks(
    createTaskKey(MANAGER_SECRET, taskId, { n, amplitude: 0.5 }), deriveTaskSecret(MANAGER_SECRET, taskId),
    placementSceneOf(scene, FRAMES, RESOLUTION), previews,
  );
  return { room, place };
}

const envelope = (r: Region): Region => {
  const w = r.x1 - r.x0, h = r.y1 - r.y0;
  return { x0: r.x0 - w, y0: r.y0 - h, x1: r.x1 + w, y1: r.y1 + h };
};
const overlap = (a: Region, b: Region) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe("PoR placement and glTF insertion (WP §III-B, C)", async () => {
  const { room, place } = await setup();
  const placed = place("job-9/task-0");
  const dir = await mkdtemp(join(tmpdir(), "inferix-por-"));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is deterministic for a key, and another key places elsewhere", () => {
    expect(place("job-9/task-0").key.placements).toEqual(placed.key.placements);
    expect(place("job-9/task-1").key.placements[0]!.regions).not.toEqual(placed.key.placements[0]!.regions);
  });

  it("gives every mark a 4-7 px rectangle inside every frame, envelopes inside and disjoint", () => {
    expect(placed.key.placements.map((p) => p.frame)).toEqual(FRAMES);
    for (const { regions } of placed.key.placements) {
      expect(regions).toHaveLength(N);
      regions.forEach((k, i) => {
        for (const side of [k.x1 - k.x0, k.y1 - k.y0]) expect(side >= 4 && side <= 7).toBe(true);
        const v = envelope(k);
        expect(v.x0 >= 0 && v.y0 >= 0 && v.x1 <= RESOLUTION.width && v.y1 <= RESOLUTION.height).toBe(true);
        regions.forEach((other, j) => {
          if (j !== i) expect(overlap(v, envelope(other))).toBe(false);
        });
      });
    }
    // The marks stay put in the world: the moving camera moves their imprints.
    expect(placed.key.placements[48]!.regions).not.toEqual(placed.key.placements[0]!.regions);
  });

  it("inserts quads the tracer sees exactly on the regions, unoccluded, in every frame; the input is never touched", async () => {
    const output = join(dir, "room.marked.glb");
    const before = await sha256(room.path);
    const grey: [number, number, number][] = placed.marks.map(() => [0.5, 0.5, 0.5]);
    await insertMarks(room.path, output, placed.key, placed.marks, { colours: grey, fps: 24 });
    expect(await sha256(room.path)).toBe(before);
    await expect(insertMarks(room.path, room.path, placed.key, placed.marks, { colours: grey, fps: 24 })).rejects.toThrow(/never written over/);

    // Camera rays through every pixel centre of a region hit that mark first; rays through the ring around it miss it.
    const marked = await loadScene(output, { textures: false });
    const markMaterial = new Map(marked.materials.map((m, i) => [i, m.unlit]));
    expect([...markMaterial.values()].filter(Boolean)).toHaveLength(N);
    const builder = new FrameSceneBuilder(marked);
    const geometry = placementSceneOf(marked, FRAMES, RESOLUTION);
    for (const { frame, regions } of placed.key.placements) {
      const s = builder.build(frame, RESOLUTION);
      const camera = geometry.camera(frame);
      const seen = (x: number, y: number) => {
        const { origin, direction } = pixelRay(camera, RESOLUTION.width, RESOLUTION.height, x, y);
        ray.set([...origin, ...direction, Infinity, 1]);
        const tri = intersectClosest(s);
        return tri >= 0 && markMaterial.get(s.triMaterial[tri]!) === true;
      };
      expect([s.camera[CAMERA_POSITION], s.camera[CAMERA_FORWARD]]).toEqual([camera.position[0], camera.forward[0]]);
      for (const k of regions) {
        for (let y = k.y0; y < k.y1; y++) for (let x = k.x0; x < k.x1; x++) expect(seen(x + 0.5, y + 0.5)).toBe(true);
        for (let x = k.x0; x < k.x1; x++) expect(seen(x + 0.5, k.y0 - 0.5) || seen(x + 0.5, k.y1 + 0.5)).toBe(false);
        for (let y = k.y0; y < k.y1; y++) expect(seen(k.x0 - 0.5, y + 0.5) || seen(k.x1 + 0.5, y + 0.5)).toBe(false);
      }
    }
  });

  it("fails with PLACEMENT_FAILED when the frames cannot hold the marks", () => {
    const error = (() => {
      try {
        place("job-9/task-2", 60);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(PorError);
    expect((error as PorError).code).toBe("PLACEMENT_FAILED");
    expect((error as PorError).message).toMatch(/no place for mark \d+ .* in all 49 frames/);
  });
});
