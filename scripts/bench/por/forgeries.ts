import { cropImage } from "../../../keepers/engines/marks/cropImage.js";
import { engineForScene } from "../../../keepers/engines/index.js";
import { loadScene } from "../../../keepers/engines/pathtracer/loadScene.js";
import type { LoadedScene } from "../../../keepers/engines/pathtracer/sceneModel.js";
import { compareCrop } from "../../../por/compareCrop.js";
import { decodePng } from "../../../por/decodePng.js";
import { DEFAULT_SPOT_SIZE, drawSpotCrop } from "../../../por/drawSpotCrop.js";
import { DEFAULT_IMPRINT_TOLERANCE } from "../../../por/recordImprints.js";
import { SPOT_ATTEMPTS, sameImage } from "../../../keepers/engines/spotRerender.js";
import type { Image } from "../../../por/image.js";
import { psnr } from "../../../por/psnr.js";
import type { Region } from "../../../por/taskKey.js";
import { verifyBaseline } from "../../../por/verifyBaseline.js";
import { verifyKeyed } from "../../../por/verifyKeyed.js";
import type { PorBenchConfig, SceneName } from "./config.js";
import { withTolerance } from "./jobs.js";
import { renderWindows } from "./renderWindows.js";
import type { BenchTask } from "./tasks.js";
import { blurred, jpegReencoded, noisy, shifted } from "./transforms.js";

export const FORGERY_KINDS = ["unmarked render", "wrong key", "shifted marks", "JPEG re-encode", "blur", "added noise", "lower-sample render", "another frame"] as const;
export type ForgeryKind = (typeof FORGERY_KINDS)[number];

/** The verifier's own secret, from which it draws its spot-check crops (test vector). */
const VERIFIER_SECRET = new Uint8Array(32).map((_, i) => 200 - i);

export interface Verdicts {
  baseline: { accepted: boolean; minDeviation: number };
  /** The key-aware detector as marked (exact tolerance: the tasks render without the denoiser). */
  keyed: { accepted: boolean; matched: number; required: number; falseAccept: number };
  /** The same keys at the denoiser's tolerance, 8 levels. */
  keyed8: { accepted: boolean; matched: number };
  /** The spot re-render of the verifier's first 32 x 32 crop, and of its first crop that depends on the seed, matched bit for bit. */
  spotFirst: boolean;
  spot: boolean;
}

export interface Trial extends Verdicts {
  kind: ForgeryKind;
  variant: string;
  scene: SceneName;
}

/** A task's full frames at its samples and seed, and the same marked scene at fewer samples (same seed). */
export interface FullFrames {
  task: BenchTask;
  frames: Map<number, Image>;
  lower: Map<number, Map<number, Image>>;
}

export interface FidelityRow {
  scene: SceneName;
  frame: number;
  resolution: string;
  markPixels: number;
  whole: number;
  outside: number;
}

async function render(path: string, frames: number[], samples: number, seed: number, config: PorBenchConfig): Promise<Map<number, Image>> {
  const rendered = await engineForScene(path).render(path, { frames, samples, seed, bounces: config.bounces, denoise: false, threads: 2, resolution: config.resolution }, () => {});
  return new Map(rendered.map((r) => [r.frame, decodePng(r.png)]));
}

interface SpotCrop {
  crop: Region;
  image: Image;
}

/**
 * The spot re-render's side: the verifier's crops of a task frame rendered again from the task's marked scene with
 * the task's seed (in-process, the pixels `spotRerender` would get). `first` is the verifier's first crop;
 * `informative` is `drawInformativeCrop`'s: the first crop that renders differently with another seed.
 */
class SpotCrops {
  private readonly scenes = new Map<string, Promise<LoadedScene>>();
  private readonly crops = new Map<string, { first: SpotCrop; informative: SpotCrop }>();
  /** Crops compared with the same rectangle of a full render of the task, and how many were identical. */
  readonly checked = { crops: 0, identical: 0 };
  /** Task frames drawn, and crops skipped because they rendered the same with another seed. */
  readonly drawn = { frames: 0, firstSkipped: 0, skipped: 0, exhausted: 0 };

  constructor(private readonly config: PorBenchConfig) {}

  async of(task: BenchTask, frame: number): Promise<{ first: SpotCrop; informative: SpotCrop }> {
    const id = `${task.id}#${frame}`;
    const cached = this.crops.get(id);
    if (cached) return cached;
    if (!this.scenes.has(task.marked)) this.scenes.set(task.marked, loadScene(task.marked, { textures: true }));
    const scene = await this.scenes.get(task.marked)!;
    const { width, height } = this.config.resolution;
    const render = (crop: Region, seed: number) => cropImage(renderWindows(scene, frame, [crop], [seed], { samples: task.samples, bounces: this.config.bounces, resolution: this.config.resolution })[0]!, crop);
    let first: SpotCrop | null = null;
    let informative: SpotCrop | null = null;
    for (let attempt = 0; attempt < SPOT_ATTEMPTS && !informative; attempt++) {
      const crop = drawSpotCrop(VERIFIER_SECRET, task.id, frame, width, height, DEFAULT_SPOT_SIZE, attempt);
      const drawn = { crop, image: render(crop, task.seed) };
      first ??= drawn;
      if (!sameImage(drawn.image, render(crop, task.seed + 1))) informative = drawn;
      else this.drawn.skipped++;
    }
    this.drawn.frames++;
    if (!informative) this.drawn.exhausted++;
    if (informative !== first) this.drawn.firstSkipped++;
    const entry = { first: first!, informative: informative ?? first! };
    this.crops.set(id, entry);
    return entry;
  }
}



async function verdicts(image: Image, task: BenchTask, frame: number, spots: SpotCrops): Promise<Verdicts> {
  const regions = task.key.placements.find((p) => p.frame === frame)!.regions;
  const b = verifyBaseline(image, regions);
  const k = verifyKeyed(image, task.key, frame);
  const k8 = verifyKeyed(image, withTolerance(task.key, DEFAULT_IMPRINT_TOLERANCE), frame);
  const { first, informative } = await spots.of(task, frame);
  return {
    baseline: { accepted: b.accepted, minDeviation: Math.min(...b.regions.map((r) => r.deviation)) },
    keyed: { accepted: k.accepted, matched: k.matched, required: k.required, falseAccept: k.falseAccept },
    keyed8: { accepted: k8.accepted, matched: k8.matched },
    spotFirst: compareCrop(image, first.crop, first.image).matches,
    spot: compareCrop(image, informative.crop, informative.image).matches,
  };
}

/** PSNR (dB) over the pixels outside the regions: Infinity when they are identical. */
export function psnrOutside(a: Image, b: Image, regions: readonly Region[]): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (regions.some((r) => x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1)) continue;
      for (let c = 0; c < a.channels; c++) {
        const i = (y * a.width + x) * a.channels + c;
        sum += (a.data[i]! - b.data[i]!) ** 2;
        count++;
      }
    }
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * count) / sum);
}

export interface ForgeryResults {
  trials: Trial[];
  /** The full genuine frames, each verified by both detectors and the spot re-render. */
  genuine: (Verdicts & { scene: SceneName; samples: number })[];
  fidelity: FidelityRow[];
  spotChecks: { crops: number; identical: number };
  spotDraws: { frames: number; firstSkipped: number; skipped: number; exhausted: number };
  seconds: number;
}

/** Renders the full frames (genuine, unmarked, fewer samples) and verifies every forgery of `FORGERY_KINDS` against them. */
export async function runForgeries(tasks: readonly BenchTask[], config: PorBenchConfig): Promise<ForgeryResults> {
  const started = performance.now();
  const spots = new SpotCrops(config);
  const trials: Trial[] = [];
  const genuine: ForgeryResults["genuine"] = [];
  const fidelity: FidelityRow[] = [];
  for (const scene of config.scenes.map((s) => s.name)) {
    const ofScene = tasks.filter((t) => t.scene === scene);
    const full: FullFrames[] = [];
    for (const task of ofScene.filter((t) => t.fullFrame)) {
      const lower = new Map<number, Map<number, Image>>();
      for (const samples of config.forgeries.lowerSamples) lower.set(samples, await render(task.marked, task.frames, samples, task.seed, config));
      full.push({ task, frames: await render(task.marked, task.frames, task.samples, task.seed, config), lower });
    }
    if (full.length === 0) continue;
    const first = full[0]!;
    // The unmarked scene rendered as the first task's worker would have: same samples and seed, so only the marks differ.
    const unmarked = await render(first.task.source, first.task.frames, first.task.samples, first.task.seed, config);
    for (const [frame, image] of unmarked) {
      const regions = first.task.key.placements.find((p) => p.frame === frame)!.regions;
      const marked = first.frames.get(frame)!;
      const markPixels = regions.reduce((a, r) => a + (r.x1 - r.x0) * (r.y1 - r.y0), 0);
      fidelity.push({ scene, frame, resolution: `${image.width}x${image.height}`, markPixels, whole: psnr(image, marked), outside: psnrOutside(image, marked, regions) });
      for (const task of ofScene) trials.push({ kind: "unmarked render", variant: task === first.task ? "same seed" : "another seed", scene, ...(await verdicts(image, task, frame, spots)) });
    }
    for (const f of full) {
      for (const [frame, image] of f.frames) {
        const own = await verdicts(image, f.task, frame, spots);
        genuine.push({ scene, samples: f.task.samples, ...own });
        const { first } = await spots.of(f.task, frame);
        spots.checked.crops++;
        if (sameImage(cropImage(image, first.crop), first.image)) spots.checked.identical++;
        await forge(image, f, frame, ofScene, config, spots, trials, scene);
      }
    }
    process.stdout.write(`forgeries ${scene}: ${trials.filter((t) => t.scene === scene).length} trials (${((performance.now() - started) / 1000).toFixed(1)} s so far)\n`);
  }
  return { trials, genuine, fidelity, spotChecks: spots.checked, spotDraws: spots.drawn, seconds: (performance.now() - started) / 1000 };
}

/** Every forgery made from one genuine full frame `image` (frame `frame` of `f.task`), verified as that task frame. */
async function forge(image: Image, f: FullFrames, frame: number, ofScene: readonly BenchTask[], config: PorBenchConfig, spots: SpotCrops, trials: Trial[], scene: SceneName): Promise<void> {
  const c = config.forgeries;
  const add = async (kind: ForgeryKind, variant: string, forged: Image, task: BenchTask = f.task) =>
    trials.push({ kind, variant, scene, ...(await verdicts(forged, task, frame, spots)) });
  // This task's genuine render submitted for every other task of the scene (their keys, the same frame).
  for (const other of ofScene) if (other !== f.task) await add("wrong key", `${other.samples} spp task`, image, other);
  for (const [dx, dy] of c.shifts) await add("shifted marks", `${Math.max(Math.abs(dx), Math.abs(dy))} px`, shifted(image, dx, dy));
  for (const q of c.jpegQualities) {
    await add("JPEG re-encode", `q${q} 4:2:0`, await jpegReencoded(image, q, "4:2:0"));
    await add("JPEG re-encode", `q${q} 4:4:4`, await jpegReencoded(image, q, "4:4:4"));
  }
  for (const sigma of c.blurSigmas) await add("blur", `sigma ${sigma}`, await blurred(image, sigma));
  for (const sigma of c.noiseLevels) {
    for (let d = 0; d < c.noiseDraws; d++) await add("added noise", `sigma ${sigma}`, noisy(image, sigma, 1_000 * sigma + d + 31 * f.task.index + frame));
  }
  for (const [samples, frames] of f.lower) await add("lower-sample render", `${samples} spp`, frames.get(frame)!);
  for (const [other, otherImage] of f.frames) if (other !== frame) await add("another frame", `frame ${other} as ${frame}`, otherImage);
}
