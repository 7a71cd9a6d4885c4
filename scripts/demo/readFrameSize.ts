import sharp from "sharp";

/** Width and height shared by every frame of an animation. */
export interface FrameSize {
  width: number;
  height: number;
}

/**
 * Reads every frame's header and checks that there is at least one and that they share one size: a grid or an
 * animation built from frames of different sizes would be silently cropped or padded, so this says which frame is off.
 */
export async function readFrameSize(framePaths: readonly string[]): Promise<FrameSize> {
  if (framePaths.length === 0) throw new Error("no frames given: need at least one frame PNG");
  const sizes = await Promise.all(
    framePaths.map(async (path) => {
      const { width, height } = await sharp(path).metadata();
      return { path, width, height };
    }),
  );
  const first = sizes[0]!;
  const odd = sizes.find((s) => s.width !== first.width || s.height !== first.height);
  if (odd) {
    throw new Error(`frames differ in size: ${first.path} is ${first.width}x${first.height} but ${odd.path} is ${odd.width}x${odd.height}`);
  }
  return { width: first.width, height: first.height };
}
