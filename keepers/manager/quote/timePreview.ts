import type { Engine, Resolution } from "../../engines/engine.js";
import type { PreviewTiming } from "./estimateWorkWad.js";

/** Preview frames are at most this wide: enough pixels for a stable timing, cheap enough to give quotes away. */
const PREVIEW_WIDTH = 96;
const PREVIEW_SAMPLES = 4;
/** A scene too heavy to preview in this time is too heavy to quote without a person looking at it. */
export const PREVIEW_TIMEOUT_MS = 60_000;

export interface PreviewRequest {
  frame: number;
  resolution: Resolution;
  samples: number;
  bounces: number;
}

/** The job's resolution scaled down to the preview's width, aspect kept. */
export function previewResolution(resolution: Resolution): Resolution {
  if (resolution.width <= PREVIEW_WIDTH) return resolution;
  const scale = PREVIEW_WIDTH / resolution.width;
  return { width: PREVIEW_WIDTH, height: Math.max(1, Math.round(resolution.height * scale)) };
}

/**
 * Renders the job's first frame twice at the preview's size and times the second render alone (from the first
 * frame's completion to the second's): the scene's load and the threads' start-up fall in the first, so the timing is
 * the render's own, as `estimateWorkWad` assumes. Falls back to half the whole call when the engine reports no
 * per-frame progress.
 */
export async function timePreview(engine: Engine, scene: string, request: PreviewRequest, signal?: AbortSignal): Promise<PreviewTiming> {
  const resolution = previewResolution(request.resolution);
  const samples = Math.min(request.samples, PREVIEW_SAMPLES);
  let firstDoneAt: number | undefined;
  let secondDoneAt: number | undefined;
  const started = performance.now();
  await engine.render(scene, {
    frames: [request.frame, request.frame], samples, seed: 1, bounces: request.bounces, denoise: false, threads: 1, resolution, timeoutMs: PREVIEW_TIMEOUT_MS,
  }, (p) => {
    if (p.framesDone === 1) firstDoneAt ??= performance.now();
    if (p.framesDone === 2) secondDoneAt ??= performance.now();
  }, signal);
  const ended = performance.now();
  const millis = firstDoneAt !== undefined && secondDoneAt !== undefined && secondDoneAt > firstDoneAt ? secondDoneAt - firstDoneAt : (ended - started) / 2;
  // A clock tick below a microsecond would make the estimate 0: the floor keeps it positive.
  return { seconds: Math.max(millis, 0.001) / 1_000, pixelSamples: resolution.width * resolution.height * samples };
}
