import type { Image } from "../../../../por/image.js";
import type { Region } from "../../../../por/taskKey.js";
import type { Resolution } from "../../engine.js";
import { FrameSceneBuilder } from "../buildFrameScene.js";
import { displayLevel } from "../encodeFrame.js";
import { sharedFloat32 } from "../frameScene.js";
import { renderRows } from "../renderRows.js";
import type { LoadedScene } from "../sceneModel.js";

export interface RegionRenderOptions {
  samples: number;
  seed: number;
  bounces: number;
  resolution: Resolution;
}

/**
 * Renders only the given rectangles of some frames, in-process, as 8-bit RGB images: exactly the pixels a full render
 * with the same settings has there (no denoiser), at the cost of the rectangles alone. The manager measures the
 * marks' imprints this way: a few hundred pixels per frame instead of the frame.
 */
export function renderRegions(scene: LoadedScene, requests: readonly { frame: number; regions: readonly Region[] }[], options: RegionRenderOptions): Image[][] {
  const builder = new FrameSceneBuilder(scene);
  const exposureScale = 2 ** scene.settings.exposure;
  return requests.map(({ frame, regions }) => {
    const frameScene = builder.build(frame, options.resolution);
    return regions.map((r) => {
      const region = { x: r.x0, y: r.y0, width: r.x1 - r.x0, height: r.y1 - r.y0 };
      const pixels = region.width * region.height * 3;
      const buffers = { color: sharedFloat32(pixels), albedo: sharedFloat32(0), normal: sharedFloat32(0) };
      renderRows(frameScene, { frame, samples: options.samples, seed: options.seed, bounces: options.bounces, region, guides: false }, buffers, 0, region.height);
      const data = Uint8Array.from(buffers.color, (v) => Math.round(displayLevel(v * exposureScale)));
      return { width: region.width, height: region.height, channels: 3, data };
    });
  });
}
