import { spawnSync } from "node:child_process";

/** "3.4.1" from `blender --version`, or null when Blender does not run. Synchronous: `Engine.version` is a property. */
export function readBlenderVersion(blender: string): string | null {
  const run = spawnSync(blender, ["--version"], { encoding: "utf8", timeout: 30_000 });
  if (run.error || run.status !== 0) return null;
  return /^Blender (\d+\.\d+(?:\.\d+)?)/m.exec(run.stdout)?.[1] ?? null;
}
