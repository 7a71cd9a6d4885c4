import { readFile } from "node:fs/promises";
import { decodePng } from "../../../por/decodePng.js";
import { parseTaskKey, type TaskKey } from "../../../por/taskKey.js";
import { BASELINE_THRESHOLD, verifyBaseline } from "../../../por/verifyBaseline.js";
import { DEFAULT_FALSE_ACCEPT, verifyKeyed } from "../../../por/verifyKeyed.js";
import { engineForScene } from "../../engines/index.js";
import { drawInformativeCrop, spotRerender } from "../../engines/spotRerender.js";
import { badInput } from "../cliError.js";

export type DetectorName = "keyed" | "baseline";

/** The spot re-render (DESIGN "Two proofs"): what a verifier needs to re-render its secret crop of the frame. */
export interface SpotRequest {
  /** The task's marked scene. */
  scene: string;
  seed: number;
  samples: number;
  bounces: number;
  verifierSecret: Uint8Array;
  /** Largest per-channel difference accepted (0: exact, the built-in tracer). */
  tolerance: number;
}

export interface VerifyRequest {
  keyFile: string;
  imageFile: string;
  /** Required when the key holds more than one frame. */
  frame?: number;
  /** Default: the key-aware detector for a version 2 key, the WP's baseline for a version 1 key. */
  detector?: DetectorName;
  falseAccept?: number;
  /** With it, the frame must also pass the spot re-render: the combined verdict a verifier signs (docs/por.md). */
  spot?: SpotRequest;
}

/** Per region: the keyed detector's RMS distance to the imprint, or the baseline's e_i. */
export interface RegionReport {
  index: number;
  region: { x0: number; y0: number; x1: number; y1: number };
  statistic: number;
  passed: boolean;
}

export interface VerifyReport {
  accepted: boolean;
  detector: DetectorName;
  taskId: string;
  frame: number;
  image: { width: number; height: number };
  /** keyed: regions matched, how many had to, and the computed false-accept probability. */
  matched: number;
  required: number;
  falseAccept: number | null;
  /** The statistic's threshold: the key's RMS tolerance (keyed) or the WP's e_i >= 5 (baseline). */
  threshold: number;
  regions: RegionReport[];
  /** The spot re-render, when asked: its crop, whether it matched, and how far off the submitted pixels were. */
  spot?: { crop: { x0: number; y0: number; x1: number; y1: number }; matches: boolean; differingPixels: number; maxDifference: number; skippedCrops: number };
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw badInput(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, error);
  }
}

async function readKey(path: string): Promise<TaskKey> {
  const text = (await readInput(path, "key")).toString("utf8");
  try {
    return parseTaskKey(text);
  } catch (error) {
    throw badInput(`${path} is not a valid key: ${(error as Error).message}`, error);
  }
}

function frameOf(key: TaskKey, asked: number | undefined): number {
  const frames = key.placements.map((p) => p.frame);
  if (asked === undefined) {
    if (frames.length === 1) return frames[0]!;
    throw badInput(`the key covers frames ${frames.join(", ") || "(none)"}: say which one the image is with --frame`);
  }
  if (!frames.includes(asked)) throw badInput(`the key has no frame ${asked} (it covers ${frames.join(", ") || "none"})`);
  return asked;
}

/**
 * `ifx por verify`: one rendered frame against the task's key, with the key-aware detector (default for version 2
 * keys: what the benchmark in docs/por.md decided) or the WP's baseline (eqs. 12-16), and, when `spot` is given, the
 * spot re-render of the verifier's secret crop: the combined verdict, which alone rejects a render of the marked scene
 * with fewer samples (its marks are exact). Bad input throws a CliError (exit 2); a verdict, accepted or not, is a
 * report.
 */
export async function verifyFrameFile(request: VerifyRequest): Promise<VerifyReport> {
  const report = await detect(request);
  if (!request.spot) return report;
  const spot = await spotCheck(request.spot, report, await readInput(request.imageFile, "image"));
  return { ...report, accepted: report.accepted && spot.matches, spot };
}

async function spotCheck(spot: SpotRequest, report: VerifyReport, png: Uint8Array): Promise<NonNullable<VerifyReport["spot"]>> {
  const engine = engineForScene(spot.scene);
  const settings = { frame: report.frame, samples: spot.samples, seed: spot.seed, bounces: spot.bounces, denoise: false, resolution: report.image };
  const { crop, skipped } = await drawInformativeCrop(engine, spot.scene, settings, spot.verifierSecret, report.taskId);
  const verdict = await spotRerender(engine, spot.scene, png, settings, crop, spot.tolerance);
  return { crop, matches: verdict.matches, differingPixels: verdict.differingPixels, maxDifference: verdict.maxDifference, skippedCrops: skipped };
}

async function detect(request: VerifyRequest): Promise<VerifyReport> {
  const key = await readKey(request.keyFile);
  const frame = frameOf(key, request.frame);
  const image = decodePng(await readInput(request.imageFile, "image"));
  const detector = request.detector ?? (key.version === 2 ? "keyed" : "baseline");
  if (detector === "keyed" && key.version !== 2) throw badInput("the key-aware detector needs a version 2 key (with imprints); use --detector baseline");
  const common = { detector, taskId: key.taskId, frame, image: { width: image.width, height: image.height } };
  if (detector === "keyed") {
    const verdict = verifyKeyed(image, key, frame, { falseAccept: request.falseAccept ?? DEFAULT_FALSE_ACCEPT });
    return {
      ...common, accepted: verdict.accepted, matched: verdict.matched, required: verdict.required, falseAccept: verdict.falseAccept,
      threshold: key.detector!.tolerance,
      regions: verdict.regions.map((r, index) => ({ index, region: r.region, statistic: r.distance, passed: r.matched })),
    };
  }
  const regions = key.placements.find((p) => p.frame === frame)!.regions;
  const verdict = verifyBaseline(image, regions);
  const passed = verdict.regions.filter((r) => r.accepted).length;
  return {
    ...common, accepted: verdict.accepted, matched: passed, required: regions.length, falseAccept: null, threshold: BASELINE_THRESHOLD,
    regions: verdict.regions.map((r, index) => ({ index, region: r.region, statistic: r.deviation, passed: r.accepted })),
  };
}
