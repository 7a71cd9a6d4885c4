import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RenderOptions } from "../../../keepers/engines/engine.js";

/** Whether Blender runs on this machine. Without it the Cycles tests are skipped, and say so. */
export const hasBlender = spawnSync(process.env["INFERIX_BLENDER"] ?? "blender", ["--version"], { timeout: 30_000 }).status === 0;

if (!hasBlender) {
  console.warn("Blender not found: skipping the Cycles engine tests (apt-get install -y blender python3-numpy)");
}

/** Tiny Cycles renders: 64 x 36 pixels, 8 samples, 2 threads. */
export function tinyCyclesOptions(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return { frames: [1], samples: 8, seed: 7, bounces: 3, denoise: false, threads: 2, resolution: { width: 64, height: 36 }, ...overrides };
}

/** A fresh directory for an engine's temporary files, to check that a call leaves nothing behind. */
export function workRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), "inferix-blender-test-"));
}
