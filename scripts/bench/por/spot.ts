import { encode } from "fast-png";
import { engineForScene } from "../../../keepers/engines/index.js";
import { spotRerender, type SpotSettings } from "../../../keepers/engines/spotRerender.js";
import { decodePng } from "../../../por/decodePng.js";
import { DEFAULT_SPOT_SIZE, drawSpotCrop } from "../../../por/drawSpotCrop.js";
import type { PorBenchConfig } from "./config.js";
import type { TimingResults } from "./timings.js";

export interface SpotResults {
  resolution: string;
  samples: number;
  size: number;
  /** Median wall-clock ms of `spotRerender` (decode, crop render, compare), over `runs`. */
  ms: number;
  runs: number;
  genuineMatches: boolean;
  maxDifference: number;
  onePixel: { matches: boolean; differingPixels: number };
}

/** The second proof on the 1920x1080 frame of the timings: a genuine frame's crop re-rendered, and one pixel changed. */
export async function runSpot(timing: TimingResults, config: PorBenchConfig): Promise<SpotResults> {
  const { path, png, seed } = timing.marked;
  const { resolution } = config.timing;
  const settings: SpotSettings = { frame: 0, samples: timing.frame.samples, seed, bounces: config.bounces, denoise: false, resolution };
  const crop = drawSpotCrop(new Uint8Array(32).map((_, i) => 200 - i), "timing/n15", 0, resolution.width, resolution.height);
  const engine = engineForScene(path);
  const runs = 5;
  const times: number[] = [];
  let verdict = await spotRerender(engine, path, png, settings, crop);
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    verdict = await spotRerender(engine, path, png, settings, crop);
    times.push(performance.now() - started);
  }
  const image = decodePng(png);
  const p = ((crop.y0 + 7) * image.width + crop.x0 + 11) * 3;
  image.data[p] = image.data[p]! ^ 1;
  const edited = encode({ width: image.width, height: image.height, data: image.data, channels: 3, depth: 8 });
  const one = await spotRerender(engine, path, edited, settings, crop);
  return {
    resolution: `${resolution.width}x${resolution.height}`, samples: settings.samples, size: DEFAULT_SPOT_SIZE,
    ms: [...times].sort((a, b) => a - b)[Math.floor(runs / 2)]!, runs, genuineMatches: verdict.matches, maxDifference: verdict.maxDifference,
    onePixel: { matches: one.matches, differingPixels: one.differingPixels },
  };
}
