import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Engine, ProgressListener, RenderedFrame, RenderOptions } from "./engine.js";

/** File name of a rendered frame: `frame_0007.png`. */
export function frameFileName(frame: number): string {
  return `frame_${String(frame).padStart(4, "0")}.png`;
}

/**
 * Renders and writes the frames to `dir` as frame_NNNN.png. Nothing is created until every frame has rendered, and
 * each file appears whole (written aside, then renamed): a failed render, a broken scene above all, leaves no output
 * that a later step could mistake for a result.
 */
export async function renderToDirectory(
  engine: Engine, scene: string, options: RenderOptions, dir: string, onProgress: ProgressListener = () => {}, signal?: AbortSignal,
): Promise<{ frames: RenderedFrame[]; files: string[] }> {
  const frames = await engine.render(scene, options, onProgress, signal);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const frame of frames) {
    const file = join(dir, frameFileName(frame.frame));
    await writeFile(`${file}.partial`, frame.png);
    await rename(`${file}.partial`, file);
    files.push(file);
  }
  return { frames, files };
}
