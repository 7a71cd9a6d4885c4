import { spawnSync } from "node:child_process";
import { blenderNote, blenderSection, lastBlenderResults, NOTE_END, NOTE_START } from "./blenderReport.js";

export interface BlenderFigures {
  /** Whether `blender` (or $INFERIX_BLENDER) runs here. */
  present: boolean;
  /** The header's sentence on the Blender rows. */
  note: string | null;
  /** The "Blender (Cycles) scene" section from the last `npm run bench:por:blender` (docs/por-blender.json), or null. */
  section: string | null;
}

/**
 * The Blender scene's rows of `npm run bench:por`: measured apart by `npm run bench:por:blender` (Cycles is slow; see
 * scripts/bench/porBlender.ts), whose figures in docs/por-blender.json the full run's document includes as they are.
 */
export async function blenderSceneFigures(): Promise<BlenderFigures> {
  const present = spawnSync(process.env["INFERIX_BLENDER"] ?? "blender", ["--version"]).status === 0;
  const last = await lastBlenderResults();
  if (last) return { present, note: `${NOTE_START}${blenderNote(last)}${NOTE_END}`, section: blenderSection(last) };
  return {
    present, section: null,
    note: present ? "Blender is installed, but no Blender figures were measured yet: run `npm run bench:por:blender`." : "Blender is not installed: no Blender rows.",
  };
}
