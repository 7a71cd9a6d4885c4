import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { encode } from "fast-png";
import { engineForScene, sampleScene, type Resolution } from "../../../keepers/engines/index.js";
import { loadScene } from "../../../keepers/engines/pathtracer/loadScene.js";
import { calibrateMarkColour } from "../../../keepers/engines/marks/calibrateMarkColour.js";
import { tracerDisplayCurve } from "../../../keepers/engines/pathtracer/marks/tracerDisplayCurve.js";
import { insertMarks } from "../../../keepers/engines/pathtracer/marks/insertMarks.js";
import { measureSurroundings } from "../../../keepers/engines/pathtracer/marks/measureSurroundings.js";
import { placementSceneOf } from "../../../keepers/engines/pathtracer/marks/placementSceneOf.js";
import { renderRegions } from "../../../keepers/engines/pathtracer/marks/renderRegions.js";
import { decodePng } from "../../../por/decodePng.js";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import type { Image } from "../../../por/image.js";
import { markTexture } from "../../../por/markTexture.js";
import { placeMarks } from "../../../por/placeMarks.js";
import { psnr } from "../../../por/psnr.js";
import { recordImprints } from "../../../por/recordImprints.js";
import { createTaskKey, type TaskKey } from "../../../por/taskKey.js";
import { verifyBaseline } from "../../../por/verifyBaseline.js";
import { verifyKeyed } from "../../../por/verifyKeyed.js";
import { MEASURE_SEED, PREVIEW_SEED, type PorBenchConfig } from "./config.js";
import { psnrOutside } from "./forgeries.js";
import { MANAGER_SECRET } from "./jobs.js";

/** Milliseconds of each marking step for one n (median over the repeats). */
export interface MarkingRow {
  n: number;
  key: number;
  placement: number;
  textures: number;
  /** Colour tuning: the rings rendered again at the task's samples (a render, reported apart). */
  tuning: number;
  /** Writing the marked .glb (`insertMarks`). */
  insertion: number;
  /** Imprints rendered from the marked scene and the null model (`recordImprints`). */
  imprints: number;
  /** Verification of the 1920x1080 frame by each detector, median of `verifyRuns`. */
  verifyKeyed: number;
  verifyBaseline: number;
}

export interface TimingResults {
  scene: string;
  resolution: Resolution;
  previewMs: number;
  rows: MarkingRow[];
  /** The n = 15 frame: how it was made, decoding it, the verdicts, fidelity. */
  /** The marked scene and its rendered PNG (for the spot re-render), not written out. */
  marked: { path: string; png: Uint8Array; seed: number };
  frame: { samples: number; decodeMs: number; keyedAccepted: boolean; keyedBound: number; baselineAccepted: boolean; minDeviation: number; psnrWhole: number; psnrOutside: number; markPixels: number };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timed<T>(f: () => T): [T, number] {
  const started = performance.now();
  const value = f();
  return [value, performance.now() - started];
}

async function timedAsync<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, performance.now() - started];
}

/** One manager marking of the product scene with n marks, step by step, as `markGltfTask` does them. */
async function markOnce(source: string, output: string, n: number, preview: Image, config: PorBenchConfig): Promise<{ key: TaskKey; ms: Omit<MarkingRow, "n" | "verifyKeyed" | "verifyBaseline"> }> {
  const { resolution, tuneSamples } = config.timing;
  const taskId = `timing/n${n}`;
  const [{ key, secret }, keyMs] = timed(() => ({ secret: deriveTaskSecret(MANAGER_SECRET, taskId), key: createTaskKey(MANAGER_SECRET, taskId, { n }) }));
  const [[scene, placed], placementMs] = await timedAsync(async () => {
    const s = await loadScene(source, { textures: false });
    return [s, placeMarks(key, secret, placementSceneOf(s, [0], resolution), new Map([[0, preview]]))] as const;
  });
  const [, texturesMs] = timed(() => placed.marks.map((m) => encode({ width: m.width, height: m.height, channels: 1, depth: 8, data: markTexture(key.noises[m.noise]!, m.width, m.height, m.texelsPerPixel) })));
  const [colours, tuningMs] = await timedAsync(async () => {
    const lit = await loadScene(source, { textures: true });
    const around = measureSurroundings(lit, placed.marks, { seed: MEASURE_SEED, samples: tuneSamples, bounces: config.bounces, resolution });
    return placed.marks.map((m, i) => calibrateMarkColour(key.noises[m.noise]!, m, tracerDisplayCurve(scene.settings.exposure), around[i]!).factor);
  });
  const [, insertionMs] = await timedAsync(() => insertMarks(source, output, placed.key, placed.marks, { colours, fps: scene.settings.fps }));
  const [imprinted, imprintsMs] = await timedAsync(async () => {
    const marked = await loadScene(output, { textures: true });
    const requests = placed.key.placements.map((p) => ({ frame: p.frame, regions: p.regions }));
    const crops = renderRegions(marked, requests, { samples: 4, seed: MEASURE_SEED, bounces: 0, resolution });
    return recordImprints(placed.key, new Map(requests.map((r, i) => [r.frame, crops[i]!])), new Map([[0, preview]]));
  });
  return { key: imprinted, ms: { key: keyMs, placement: placementMs, textures: texturesMs, tuning: tuningMs, insertion: insertionMs, imprints: imprintsMs } };
}

async function renderFrame(path: string, resolution: Resolution, samples: number, seed: number, bounces: number): Promise<Uint8Array> {
  const [frame] = await engineForScene(path).render(path, { frames: [0], resolution, samples, seed, bounces, denoise: false, threads: 2 }, () => {});
  return frame!.png;
}

/**
 * The WP's timings, ours: marking per n (key, placement, textures, colour tuning, insertion, imprints) on the product
 * scene at 1920x1080, the preview excluded; each detector's verification of a real 1920x1080 render of the marked
 * scene (n = 15), median of many runs, the PNG decode measured apart.
 */
export async function runTimings(config: PorBenchConfig, dir: string): Promise<TimingResults> {
  const { resolution, ns, repeats, verifyRuns, frameSamples } = config.timing;
  const source = (await sampleScene("product")).path;
  await mkdir(dir, { recursive: true });
  const [previewPng, previewMs] = await timedAsync(() => renderFrame(source, resolution, 4, PREVIEW_SEED, config.bounces));
  const preview = decodePng(previewPng);
  const keys = new Map<number, TaskKey>();
  const marking = new Map<number, Omit<MarkingRow, "n" | "verifyKeyed" | "verifyBaseline">[]>();
  for (let r = 0; r < repeats; r++) {
    for (const n of ns) {
      const { key, ms } = await markOnce(source, join(dir, `timing-n${n}.glb`), n, preview, config);
      keys.set(n, key);
      marking.set(n, [...(marking.get(n) ?? []), ms]);
    }
  }
  const n15 = ns.includes(15) ? 15 : ns[Math.floor(ns.length / 2)]!;
  const png = await renderFrame(join(dir, `timing-n${n15}.glb`), resolution, frameSamples, 9, config.bounces);
  const decodeMs = median(Array.from({ length: 11 }, () => timed(() => decodePng(png))[1]));
  const frame = decodePng(png);
  const unmarked = decodePng(await renderFrame(source, resolution, frameSamples, 9, config.bounces));
  const rows = ns.map((n): MarkingRow => {
    const key = keys.get(n)!;
    const regions = key.placements[0]!.regions;
    const runs = marking.get(n)!;
    const pick = (f: (m: (typeof runs)[number]) => number) => median(runs.map(f));
    // The detectors' work depends on n, the regions' sizes and the frame's size, not on the verdict: every n is
    // timed on the n = 15 frame.
    const keyedMs = median(Array.from({ length: verifyRuns }, () => timed(() => verifyKeyed(frame, key, 0))[1]));
    const baselineMs = median(Array.from({ length: verifyRuns }, () => timed(() => verifyBaseline(frame, regions))[1]));
    return { n, key: pick((m) => m.key), placement: pick((m) => m.placement), textures: pick((m) => m.textures), tuning: pick((m) => m.tuning), insertion: pick((m) => m.insertion), imprints: pick((m) => m.imprints), verifyKeyed: keyedMs, verifyBaseline: baselineMs };
  });
  const key = keys.get(n15)!;
  const regions = key.placements[0]!.regions;
  const keyed = verifyKeyed(frame, key, 0);
  const baseline = verifyBaseline(frame, regions);
  process.stdout.write(`timings: ${rows.length} n values at ${resolution.width}x${resolution.height}\n`);
  return {
    scene: "product", resolution, previewMs, rows, marked: { path: join(dir, `timing-n${n15}.glb`), png, seed: 9 },
    frame: {
      samples: frameSamples, decodeMs, keyedAccepted: keyed.accepted, keyedBound: keyed.falseAccept, baselineAccepted: baseline.accepted,
      minDeviation: Math.min(...baseline.regions.map((r) => r.deviation)), psnrWhole: psnr(unmarked, frame), psnrOutside: psnrOutside(unmarked, frame, regions),
      markPixels: regions.reduce((a, r) => a + (r.x1 - r.x0) * (r.y1 - r.y0), 0),
    },
  };
}
