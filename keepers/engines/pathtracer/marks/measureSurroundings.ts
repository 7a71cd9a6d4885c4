import type { PlacedMark } from "../../../../por/placeMarks.js";
import { summarizeSurroundings, surroundingStrips, type MarkSurroundings } from "../../marks/summarizeSurroundings.js";
import type { LoadedScene } from "../sceneModel.js";
import { renderRegions, type RegionRenderOptions } from "./renderRegions.js";

/**
 * The marks' surroundings (`summarizeSurroundings`) in a glTF scene: only their strips are traced, in-process, twice
 * (seeds `options.seed` and the next), at the task's settings.
 */
export function measureSurroundings(scene: LoadedScene, marks: readonly PlacedMark[], options: RegionRenderOptions): MarkSurroundings[] {
  const { width, height } = options.resolution;
  const frames = marks[0]?.poses.map((p) => p.frame) ?? [];
  const requests = frames.map((frame, f) => ({ frame, regions: marks.flatMap((m) => surroundingStrips(m.poses[f]!.region, width, height)) }));
  const [a, b] = [0, 1].map((s) => renderRegions(scene, requests, { ...options, seed: options.seed + s }));
  return summarizeSurroundings(marks, [a!, b!], width, height);
}
