import type { ProgressListener } from "../engine.js";

/** Blender's work is this share of a call; the rest is reading and re-encoding its PNGs. */
const BLENDER_SHARE = 0.99;
const MARKER = "@inferix ";
const SAMPLE = /\bSample (\d+)\/(\d+)/;
const TILES = /\bRendered (\d+)\/(\d+) Tiles/;

export interface ProgressTracker {
  /** Feeds one line of Blender's stdout. */
  onLine(line: string): void;
  /** Reports the end of the call (fraction 1). */
  finish(): void;
}

/** How far into the current frame a Cycles status line says it is ("Rendered 2/4 Tiles, Sample 8/16"), if it does. */
export function parseSampleLine(line: string): number | null {
  const sample = SAMPLE.exec(line);
  if (!sample || !line.startsWith("Fra:")) return null;
  const [done, total] = [Number(sample[1]), Number(sample[2])];
  if (!(total > 0)) return null;
  const tiles = TILES.exec(line);
  if (!tiles || !(Number(tiles[2]) > 0)) return Math.min(1, done / total);
  // "Rendered k/n Tiles, Sample a/b": k tiles are finished and a samples of the next one, except that Cycles prints
  // "Rendered k/n, Sample b/b" both before and after counting tile k+1: there, count only the k.
  const within = done < total ? done / total : 0;
  return Math.min(1, (Number(tiles[1]) + within) / Number(tiles[2]));
}

/**
 * Turns Blender's stdout into `RenderProgress` events: the driver's "@inferix {"event": "frame"|"frameDone", ...}"
 * lines say which frame runs, Cycles' "Fra:N ... Sample a/b" lines how far it is. Events only ever move forward: a
 * status line that would lower the fraction (a new tile restarting its sample count) is dropped.
 */
export function trackProgress(frames: readonly number[], onProgress: ProgressListener): ProgressTracker {
  const framesTotal = frames.length;
  let index = 0;
  let framesDone = 0;
  let last = 0;
  const report = (fraction: number, force = false) => {
    if (fraction <= last && !force) return;
    last = Math.max(last, fraction);
    onProgress({ frame: frames[Math.min(index, framesTotal - 1)]!, framesDone, framesTotal, fraction: last });
  };
  return {
    onLine(line) {
      if (line.startsWith(MARKER)) {
        let event: { event?: string; index?: number };
        try {
          event = JSON.parse(line.slice(MARKER.length)) as typeof event;
        } catch {
          return; // a scene's own script printing our prefix: not ours
        }
        if (typeof event.index !== "number" || event.index < 0 || event.index >= framesTotal) return;
        index = event.index;
        if (event.event === "frameDone") {
          framesDone = event.index + 1;
          report((BLENDER_SHARE * framesDone) / framesTotal, true);
        }
        return;
      }
      const within = parseSampleLine(line);
      if (within !== null) report((BLENDER_SHARE * (index + within)) / framesTotal);
    },
    finish() {
      index = framesTotal - 1;
      framesDone = framesTotal;
      report(1, true);
    },
  };
}
