import type { Crop, RenderOptions, Resolution } from "./engine.js";
import { EngineError } from "./engineError.js";

const MAX_SIDE = 16_384;

function integerIn(value: unknown, min: number, max: number, what: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new EngineError("OPTIONS_INVALID", `${what} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

/** Checks what does not depend on the scene; engine-neutral, so every engine refuses the same requests. */
export function validateRenderOptions(options: RenderOptions): void {
  if (!Array.isArray(options.frames) || options.frames.length === 0) throw new EngineError("OPTIONS_INVALID", "frames must list at least one frame");
  options.frames.forEach((frame, i) => integerIn(frame, 0, 1_000_000, `frames[${i}]`));
  integerIn(options.samples, 1, 65_536, "samples");
  integerIn(options.seed, 0, 0xffffffff, "seed");
  integerIn(options.bounces, 0, 64, "bounces");
  integerIn(options.threads, 1, 256, "threads");
  if (typeof options.denoise !== "boolean") throw new EngineError("OPTIONS_INVALID", "denoise must be true or false");
  if (options.resolution) {
    integerIn(options.resolution.width, 1, MAX_SIDE, "resolution.width");
    integerIn(options.resolution.height, 1, MAX_SIDE, "resolution.height");
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) throw new EngineError("OPTIONS_INVALID", "timeoutMs must be positive");
}

/** The crop, or the whole frame; a crop must lie inside the frame. */
export function resolveCrop(crop: Crop | undefined, frame: Resolution): Crop {
  if (!crop) return { x: 0, y: 0, width: frame.width, height: frame.height };
  integerIn(crop.x, 0, frame.width - 1, "crop.x");
  integerIn(crop.y, 0, frame.height - 1, "crop.y");
  integerIn(crop.width, 1, frame.width - crop.x, "crop.width");
  integerIn(crop.height, 1, frame.height - crop.y, "crop.height");
  return { ...crop };
}
