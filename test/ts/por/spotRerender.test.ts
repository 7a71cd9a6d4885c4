import { describe, expect, it } from "vitest";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { drawInformativeCrop, spotRerender, type SpotSettings } from "../../../keepers/engines/spotRerender.js";
import { compareCrop } from "../../../por/compareCrop.js";
import { decodePng } from "../../../por/decodePng.js";
import { drawSpotCrop } from "../../../por/drawSpotCrop.js";
import { encode } from "fast-png";

const VERIFIER_SECRET = new Uint8Array(32).map((_, i) => 200 - i);
const SETTINGS: SpotSettings = { frame: 5, samples: 8, seed: 11, bounces: 3, denoise: false, resolution: { width: 96, height: 54 } };

describe("spot re-render (DESIGN: two proofs)", async () => {
  const room = await sampleScene("room");
  const engine = engineForScene(room.path);
  const renderFrame = async (overrides: Partial<SpotSettings> = {}) => {
    const s = { ...SETTINGS, ...overrides };
    const [frame] = await engine.render(room.path, { frames: [s.frame], samples: s.samples, seed: s.seed, bounces: s.bounces, denoise: s.denoise, resolution: s.resolution, threads: 1 }, () => {});
    return frame!.png;
  };
  const genuine = await renderFrame();
  const crop = drawSpotCrop(VERIFIER_SECRET, "job-3/task-1", SETTINGS.frame, 96, 54, 16);

  it("draws a secret crop from the verifier's own secret: deterministic, inside the frame, different per frame and task", () => {
    expect(drawSpotCrop(VERIFIER_SECRET, "job-3/task-1", SETTINGS.frame, 96, 54, 16)).toEqual(crop);
    expect(crop.x1 - crop.x0).toBe(16);
    expect(crop.x0 >= 0 && crop.y0 >= 0 && crop.x1 <= 96 && crop.y1 <= 54).toBe(true);
    const others = [drawSpotCrop(VERIFIER_SECRET, "job-3/task-1", 6, 96, 54, 16), drawSpotCrop(VERIFIER_SECRET, "job-3/task-2", 5, 96, 54, 16),
      drawSpotCrop(new Uint8Array(32).fill(1), "job-3/task-1", 5, 96, 54, 16)];
    expect(others.some((c) => c.x0 !== crop.x0 || c.y0 !== crop.y0)).toBe(true);
    expect(drawSpotCrop(VERIFIER_SECRET, "t", 0, 10, 8, 32)).toEqual({ x0: 0, y0: 0, x1: 10, y1: 8 }); // clamped to the frame
  });

  it("accepts the genuine frame: the crop re-renders bit for bit", async () => {
    const verdict = await spotRerender(engine, room.path, genuine, SETTINGS, crop);
    expect(verdict).toMatchObject({ matches: true, differingPixels: 0, maxDifference: 0 });
  });

  it("rejects a frame with one pixel changed in the crop, another seed's render and a frame of the wrong size", async () => {
    const image = decodePng(genuine);
    const p = ((crop.y0 + 3) * image.width + crop.x0 + 5) * 3;
    image.data[p] = image.data[p]! ^ 1;
    const edited = encode({ width: image.width, height: image.height, data: image.data, channels: 3, depth: 8 });
    expect(await spotRerender(engine, room.path, edited, SETTINGS, crop)).toMatchObject({ matches: false, differingPixels: 1, maxDifference: 1 });
    expect((await spotRerender(engine, room.path, await renderFrame({ seed: 12 }), SETTINGS, crop)).matches).toBe(false);
    const small = await renderFrame({ resolution: { width: 48, height: 27 } });
    expect((await spotRerender(engine, room.path, small, SETTINGS, crop)).matches).toBe(false);
  });

  it("checks denoised frames too (the crop is denoised with the filter's reach around it)", async () => {
    const denoised = await renderFrame({ denoise: true });
    expect((await spotRerender(engine, room.path, denoised, { ...SETTINGS, denoise: true }, crop)).matches).toBe(true);
    expect((await spotRerender(engine, room.path, denoised, SETTINGS, crop)).matches).toBe(false);
  });

  it("draws the verifier's next crop when one does not depend on the seed", async () => {
    expect(drawSpotCrop(VERIFIER_SECRET, "job-3/task-1", SETTINGS.frame, 96, 54, 16, 1)).not.toEqual(crop);
    // The lit room is noisy everywhere at 8 spp: the first crop already depends on the seed.
    const informative = await drawInformativeCrop(engine, room.path, SETTINGS, VERIFIER_SECRET, "job-3/task-1", 16);
    expect(informative).toEqual({ crop, skipped: 0 });
  });

  it("compares with a tolerance for engines that only promise close pixels", () => {
    const a = { width: 4, height: 4, channels: 3, data: new Uint8Array(48).fill(100) };
    const b = { width: 2, height: 2, channels: 3, data: new Uint8Array(12).fill(102) };
    const region = { x0: 1, y0: 1, x1: 3, y1: 3 };
    expect(compareCrop(a, region, b)).toEqual({ matches: false, differingPixels: 4, maxDifference: 2 });
    expect(compareCrop(a, region, b, 2).matches).toBe(true);
    expect(() => compareCrop(a, { x0: 3, y0: 3, x1: 5, y1: 5 }, b)).toThrow(/outside/);
  });
});
