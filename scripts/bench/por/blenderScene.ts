import { spawnSync } from "node:child_process";

export interface BlenderFigures {
  /** Whether `blender` (or $INFERIX_BLENDER) runs here. */
  present: boolean;
  /** Why there are no Blender rows, or null when there are. */
  note: string | null;
}

/**
 * HOOK for the Blender scene's rows: the one place where a .blend task would be marked (`markBlendTask`, being built
 * apart), rendered by Cycles at 16/64/256 spp and verified, its rows then added to every table beside the procedural
 * scenes'. Until .blend insertion exists it only reports whether Blender is installed.
 */
export function blenderSceneFigures(): BlenderFigures {
  const present = spawnSync(process.env["INFERIX_BLENDER"] ?? "blender", ["--version"]).status === 0;
  return {
    present,
    note: present
      ? "Blender is installed, but marks cannot be inserted into a .blend scene yet (markBlendTask): no Blender rows."
      : "Blender is not installed: no Blender rows.",
  };
}
