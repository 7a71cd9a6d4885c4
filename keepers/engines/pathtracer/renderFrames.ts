import type { Crop, ProgressListener, RenderedFrame, RenderOptions, Resolution } from "../engine.js";
import { EngineError } from "../engineError.js";
import { resolveCrop } from "../validateRenderOptions.js";
import { FrameSceneBuilder } from "./buildFrameScene.js";
import { DENOISE_MARGIN, denoiseImage } from "./denoiseImage.js";
import { encodeFrame } from "./encodeFrame.js";
import { sharedFloat32, type FrameScene } from "./frameScene.js";
import type { RenderPool } from "./renderPool.js";
import { renderRows, type RenderBuffers, type RenderParams } from "./renderRows.js";
import type { LoadedScene } from "./sceneModel.js";

/** Keeps an in-process render responsive to abort signals and timers without yielding after every row. */
const YIELD_EVERY_MS = 20;

/** The crop widened by the denoiser's reach, clamped to the frame. */
function regionFor(crop: Crop, frame: Resolution, denoise: boolean): Crop {
  if (!denoise) return crop;
  const x = Math.max(0, crop.x - DENOISE_MARGIN);
  const y = Math.max(0, crop.y - DENOISE_MARGIN);
  const right = Math.min(frame.width, crop.x + crop.width + DENOISE_MARGIN);
  const bottom = Math.min(frame.height, crop.y + crop.height + DENOISE_MARGIN);
  return { x, y, width: right - x, height: bottom - y };
}

async function renderInProcess(scene: FrameScene, params: RenderParams, buffers: RenderBuffers, onRows: (rows: number) => void, signal: AbortSignal): Promise<void> {
  let lastYield = performance.now();
  for (let row = 0; row < params.region.height; row++) {
    if (signal.aborted) throw new EngineError("CANCELLED", "render aborted");
    renderRows(scene, params, buffers, row, row + 1);
    onRows(1);
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  if (signal.aborted) throw new EngineError("CANCELLED", "render aborted");
}

/**
 * Renders the frames of a loaded scene one after the other, in-process or on the pool; progress is reported per
 * finished row as a fraction of the whole call. All frames are returned together, so an error leaves nothing behind.
 */
export async function renderFrames(
  scene: LoadedScene, options: RenderOptions, pool: RenderPool | null, onProgress: ProgressListener, signal: AbortSignal,
): Promise<RenderedFrame[]> {
  const resolution = options.resolution ?? scene.settings.resolution;
  const crop = resolveCrop(options.crop, resolution);
  const region = regionFor(crop, resolution, options.denoise);
  const builder = new FrameSceneBuilder(scene);
  const framesTotal = options.frames.length;
  const frames: RenderedFrame[] = [];
  for (const [index, frame] of options.frames.entries()) {
    if (signal.aborted) throw new EngineError("CANCELLED", "render aborted");
    const frameScene = builder.build(frame, resolution);
    const pixels = region.width * region.height * 3;
    const buffers: RenderBuffers = {
      color: sharedFloat32(pixels),
      albedo: sharedFloat32(options.denoise ? pixels : 0),
      normal: sharedFloat32(options.denoise ? pixels : 0),
    };
    const params: RenderParams = { frame, samples: options.samples, seed: options.seed, bounces: options.bounces, region, guides: options.denoise };
    let rowsDone = 0;
    const onRows = (rows: number) => {
      rowsDone += rows;
      onProgress({ frame, framesDone: index, framesTotal, fraction: (index + rowsDone / region.height) / framesTotal });
    };
    if (pool) await pool.renderFrame(frameScene, params, buffers, onRows, signal);
    else await renderInProcess(frameScene, params, buffers, onRows, signal);
    const radiance = options.denoise ? denoiseImage(buffers, region, resolution) : buffers.color;
    frames.push({ frame, width: crop.width, height: crop.height, png: encodeFrame(radiance, region, crop, frameScene.exposureScale) });
    onProgress({ frame, framesDone: index + 1, framesTotal, fraction: (index + 1) / framesTotal });
  }
  return frames;
}
