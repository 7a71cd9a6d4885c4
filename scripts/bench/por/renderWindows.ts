import type { Resolution } from "../../../keepers/engines/index.js";
import { FrameSceneBuilder } from "../../../keepers/engines/pathtracer/buildFrameScene.js";
import { displayLevel } from "../../../keepers/engines/pathtracer/encodeFrame.js";
import { sharedFloat32 } from "../../../keepers/engines/pathtracer/frameScene.js";
import { renderRows } from "../../../keepers/engines/pathtracer/renderRows.js";
import type { LoadedScene } from "../../../keepers/engines/pathtracer/sceneModel.js";
import type { Image } from "../../../por/image.js";
import type { Region } from "../../../por/taskKey.js";

/** k_i's enveloping region v_i (WP eq. 12) grown by the Laplacian's one pixel, clipped: all the baseline reads. */
export function envelopeWindow(k: Region, resolution: Resolution): Region {
  const w = k.x1 - k.x0;
  const h = k.y1 - k.y0;
  return {
    x0: Math.max(0, k.x0 - w - 1), y0: Math.max(0, k.y0 - h - 1),
    x1: Math.min(resolution.width, k.x1 + w + 1), y1: Math.min(resolution.height, k.y1 + h + 1),
  };
}

/**
 * Renders only `windows` of one frame, once per seed, each into a full-size frame left black elsewhere: the pixels a
 * detector reads, exactly as a full render with the same settings has them (the tracer seeds every pixel from its
 * absolute coordinates, so a rectangle rendered alone equals the full frame's, bit for bit: the engines' crop tests),
 * at the cost of the windows alone. The frame's scene (BVH) is built once for all seeds.
 */
export function renderWindows(scene: LoadedScene, frame: number, windows: readonly Region[], seeds: readonly number[], options: { samples: number; bounces: number; resolution: Resolution }): Image[] {
  const { width, height } = options.resolution;
  const frameScene = new FrameSceneBuilder(scene).build(frame, options.resolution);
  const exposureScale = 2 ** scene.settings.exposure;
  return seeds.map((seed) => {
    const data = new Uint8Array(width * height * 3);
    for (const r of windows) {
      const region = { x: r.x0, y: r.y0, width: r.x1 - r.x0, height: r.y1 - r.y0 };
      const color = sharedFloat32(region.width * region.height * 3);
      renderRows(frameScene, { frame, samples: options.samples, seed, bounces: options.bounces, region, guides: false }, { color, albedo: sharedFloat32(0), normal: sharedFloat32(0) }, 0, region.height);
      for (let y = 0; y < region.height; y++) {
        for (let x = 0; x < region.width * 3; x++) {
          data[((r.y0 + y) * width + r.x0) * 3 + x] = Math.round(displayLevel(color[y * region.width * 3 + x]! * exposureScale));
        }
      }
    }
    return { width, height, channels: 3, data };
  });
}
