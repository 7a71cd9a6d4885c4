import { deriveTaskSecret } from "./deriveTaskSecret.js";
import { KeyStream } from "./keyStream.js";
import type { Region } from "./taskKey.js";

/** Side of a spot-check crop in pixels, by default: 1,024 pixels re-rendered per checked frame. */
export const DEFAULT_SPOT_SIZE = 32;

/**
 * The secret crop a verifier re-renders to check a frame (DESIGN "Two proofs"): drawn from the VERIFIER's own
 * secret (HKDF with the task id, then a stream labelled with the frame), so neither the worker nor the manager can
 * know which pixels will be checked, and the same verifier draws the same crop again. Uniform over the positions
 * where a `size` x `size` square fits in the frame (clamped to the frame). `attempt` > 0 draws the verifier's next
 * crop of the same frame (its own stream), for when a crop proves nothing (see `drawInformativeCrop`).
 */
export function drawSpotCrop(verifierSecret: Uint8Array, taskId: string, frame: number, width: number, height: number, size = DEFAULT_SPOT_SIZE, attempt = 0): Region {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`invalid frame size ${width}x${height}`);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`invalid crop size ${size}`);
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`invalid attempt ${attempt}`);
  const label = attempt === 0 ? `spot-crop:${frame}` : `spot-crop:${frame}:${attempt}`;
  const stream = new KeyStream(deriveTaskSecret(verifierSecret, taskId), label);
  const w = Math.min(size, width);
  const h = Math.min(size, height);
  const x0 = stream.below(width - w + 1);
  const y0 = stream.below(height - h + 1);
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}
