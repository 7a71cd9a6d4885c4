import { extname } from "node:path";
import sharp from "sharp";
import { readFrameSize } from "./readFrameSize.js";

export interface AnimatedPreviewOptions {
  /** Frames per second. Default 12. */
  fps?: number;
  /** Scale every frame down to this width (aspect kept); frames narrower than this keep their own width. */
  width?: number;
}

export interface AnimatedPreview {
  format: "gif" | "webp";
  frames: number;
  width: number;
  height: number;
  /** Per-frame delay actually stored: GIF counts in hundredths of a second, so 83 ms becomes 80 ms there. */
  delayMs: number;
}

/**
 * Writes the frames as one looping animation, GIF or WebP after `outFile`'s extension. WebP keeps full colour and
 * the exact delay; GIF plays everywhere but has a 256-colour palette per frame and a 10 ms clock. Sharp's own
 * `join: { animated: true }` stacks the frames into pages, so no second image library is needed.
 */
export async function writeAnimatedPreview(framePaths: readonly string[], outFile: string, options: AnimatedPreviewOptions = {}): Promise<AnimatedPreview> {
  const ext = extname(outFile).toLowerCase();
  if (ext !== ".gif" && ext !== ".webp") throw new Error(`animated preview must be .gif or .webp, got "${outFile}"`);
  const format = ext === ".gif" ? "gif" : "webp";
  const fps = options.fps ?? 12;
  if (!(fps > 0 && fps <= 100)) throw new Error(`fps must be in (0, 100], got ${fps}`);
  const size = await readFrameSize(framePaths);
  const width = Math.min(options.width ?? size.width, size.width);
  const height = Math.max(1, Math.round((size.height * width) / size.width));
  // Resizing after the join would treat the stacked pages as one tall image and drop the animation: scale each first.
  const inputs = await Promise.all(framePaths.map((p) => (width === size.width ? p : sharp(p).resize(width, height, { fit: "fill" }).png().toBuffer())));
  const requested = Math.round(1000 / fps);
  const delayMs = format === "gif" ? Math.max(10, Math.round(requested / 10) * 10) : requested;
  // One delay per frame: a single number sets only the first frame's delay.
  const delay = framePaths.map(() => delayMs);
  const animation = sharp(inputs, { join: { animated: true } });
  await (format === "gif" ? animation.gif({ delay, loop: 0, effort: 10 }) : animation.webp({ delay, loop: 0, quality: 85 })).toFile(outFile);
  return { format, frames: framePaths.length, width, height, delayMs };
}
