import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineForScene, sampleScene, type RenderOptions } from "../../../keepers/engines/index.js";
import { markGltfTask } from "../../../keepers/engines/pathtracer/marks/markGltfTask.js";
import { decodePng } from "../../../por/decodePng.js";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import type { Image } from "../../../por/image.js";
import { psnr } from "../../../por/psnr.js";
import { createTaskKey, parseTaskKey, serializeTaskKey, type TaskKey } from "../../../por/taskKey.js";
import { verifyBaseline } from "../../../por/verifyBaseline.js";
import { verifyKeyed } from "../../../por/verifyKeyed.js";
import { blurred, MANAGER_SECRET, sha256, shifted } from "./porFixtures.js";

const FRAMES = [0, 1, 2, 3];
const RESOLUTION = { width: 128, height: 72 };
/** The worker's settings: 16 spp, another seed than any the manager used. */
const TASK: Omit<RenderOptions, "frames"> = { samples: 16, seed: 7, bounces: 3, denoise: false, threads: 1, resolution: RESOLUTION };

async function setup() {
  const room = await sampleScene("room");
  const dir = await mkdtemp(join(tmpdir(), "inferix-por-"));
  const mark = (taskId: string, previews?: ReadonlyMap<number, Image>) =>
    markGltfTask(room.path, join(dir, `${taskId}.glb`), {
      frames: FRAMES, resolution: RESOLUTION, key: createTaskKey(MANAGER_SECRET, taskId, { n: 8, amplitude: 0.5 }),
      secret: deriveTaskSecret(MANAGER_SECRET, taskId), render: { samples: TASK.samples, bounces: TASK.bounces }, ...(previews ? { previews } : {}),
    });
  const inputHash = await sha256(room.path);
  const a = await mark("a");
  const b = await mark("b", a.previews); // another task of the same frames: the previews serve again
  const engine = engineForScene(room.path);
  const render = async (file: string, frames: number[], overrides: Partial<RenderOptions> = {}) =>
    (await engine.render(file, { ...TASK, frames, ...overrides }, () => {})).map((r) => decodePng(r.png));
  const genuine = await render(join(dir, "a.glb"), FRAMES);
  const [denoised] = await render(join(dir, "a.glb"), [0], { denoise: true });
  const [unmarked] = await render(room.path, [0]);
  const [otherKey] = await render(join(dir, "b.glb"), [0]);
  return { room, dir, inputHash, a, b, genuine, denoised: denoised!, unmarked: unmarked!, otherKey: otherKey! };
}

const regionsOf = (key: TaskKey, frame: number) => key.placements.find((p) => p.frame === frame)!.regions;

describe("PoR end to end on the glTF path: mark, render, verify (WP §III)", async () => {
  const s = await setup();
  afterAll(() => rm(s.dir, { recursive: true, force: true }));
  const key = s.a.key;

  it("writes a version 2 key: regions and expected imprints per frame, with its null model", async () => {
    expect(key.version).toBe(2);
    expect(parseTaskKey(serializeTaskKey(key))).toEqual(key);
    expect(key.detector!.nullWindows).toBeGreaterThan(50_000);
    expect(key.detector!.nullMatches).toBeLessThan(10);
    expect(await sha256(s.room.path)).toBe(s.inputHash); // marking never touches the input scene
  });

  it("changes the frame only where the marks are (PSNR against the unmarked render)", () => {
    const regions = regionsOf(key, 0);
    const inside = (x: number, y: number) => regions.some((k) => x >= k.x0 && x < k.x1 && y >= k.y0 && y < k.y1);
    let outsideChanged = 0;
    for (let y = 0; y < RESOLUTION.height; y++) {
      for (let x = 0; x < RESOLUTION.width; x++) {
        const p = (y * RESOLUTION.width + x) * 3;
        const same = [0, 1, 2].every((c) => s.genuine[0]!.data[p + c] === s.unmarked.data[p + c]);
        if (!same && !inside(x, y)) outsideChanged++;
      }
    }
    expect(outsideChanged).toBe(0);
    expect(psnr(s.unmarked, s.genuine[0]!)).toBeGreaterThan(25);
  });

  it("accepts the genuine marked render of every frame with both detectors", () => {
    FRAMES.forEach((frame, i) => {
      const keyed = verifyKeyed(s.genuine[i]!, key, frame);
      expect(keyed.accepted).toBe(true);
      expect(keyed.matched).toBe(8);
      // The imprint does not depend on the samples or the seed: the worker's pixels equal the manager's measure.
      expect(Math.max(...keyed.regions.map((r) => r.distance))).toBeLessThan(1);
      expect(keyed.falseAccept).toBeLessThanOrEqual(1e-6);
      expect(verifyBaseline(s.genuine[i]!, regionsOf(key, frame)).accepted).toBe(true);
    });
    const denoised = verifyKeyed(s.denoised, key, 0); // the marks survive the denoiser
    expect(denoised.accepted).toBe(true);
    expect(denoised.matched).toBe(8);
  });

  it("rejects forgeries with the key-aware detector: unmarked, another task's marks, shifted, blurred, another frame", async () => {
    const forgeries: [string, Image][] = [
      ["unmarked", s.unmarked],
      ["another key", s.otherKey],
      ["shifted 1 px", shifted(s.genuine[0]!, 1, 0)],
      ["shifted 2, 1 px", shifted(s.genuine[0]!, 2, 1)],
      ["blurred", await blurred(s.genuine[0]!, 1)],
      ["frame 3 as 0", s.genuine[3]!],
    ];
    for (const [name, image] of forgeries) {
      const verdict = verifyKeyed(image, key, 0);
      expect([name, verdict.accepted]).toEqual([name, false]);
      expect(verdict.matched).toBeLessThan(verdict.required);
    }
  });

  it("the WP's baseline rejects frames without the marks", () => {
    expect(verifyBaseline(s.unmarked, regionsOf(key, 0)).accepted).toBe(false);
    expect(verifyBaseline(s.otherKey, regionsOf(key, 0)).accepted).toBe(false);
  });
});
