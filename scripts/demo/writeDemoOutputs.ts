import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Hex } from "viem";
import type { DemoCli } from "./demoCli.js";
import { writeAnimatedPreview } from "./writeAnimatedPreview.js";
import { writeContactSheet } from "./writeContactSheet.js";

export interface DemoOutputs {
  frames: string[];
  contactSheet: string;
  preview: string;
}

/**
 * `demo-out/`: the job's frames as the artist downloads them (`ifx download`, each checked against its CID), a contact
 * sheet of every frame, and an animated preview (GIF: it plays everywhere). Earlier runs' files are replaced.
 */
export async function writeDemoOutputs(ifx: DemoCli, jobId: Hex, outDir: string): Promise<DemoOutputs> {
  const framesDir = join(outDir, "frames");
  await rm(framesDir, { recursive: true, force: true });
  await ifx(["download", jobId, "--out", framesDir, "--json"], { show: "quiet" });
  const frames = (await readdir(framesDir)).filter((f) => /^frame_\d+\.png$/.test(f)).sort().map((f) => join(framesDir, f));
  if (frames.length === 0) throw new Error(`ifx download wrote no frames into ${framesDir}`);
  const contactSheet = join(outDir, "contact-sheet.png");
  await writeContactSheet(frames, contactSheet, { frameNumbers: frames.map((f) => Number(/frame_(\d+)\.png$/.exec(f)![1])) });
  const preview = join(outDir, "preview.gif");
  await writeAnimatedPreview(frames, preview, { fps: 12 });
  return { frames, contactSheet, preview };
}
