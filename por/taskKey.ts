import { keccak256, toBytes, type Hex } from "viem";
import { drawAtomicNoises, MIN_PERIOD, type AtomicNoise, type NoiseDistribution } from "./atomicNoise.js";
import { deriveTaskSecret } from "./deriveTaskSecret.js";

/** A region of a frame in pixels, corners inclusive-exclusive: [x0, x1) x [y0, y1) (WP eq. 11's k_i). */
export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where each atomic noise must appear in one frame (index i of `regions` is noise i). */
export interface FramePlacement {
  frame: number;
  regions: Region[];
  /**
   * Version 2: the expected imprint of each mark in this frame, its luminance (8-bit units, row-major over the
   * region), measured on a render of the marked scene: what the key-aware detector compares each k_i with.
   */
  imprints?: number[][];
}

/** Version 2: the key-aware detector's settings and the null model measured when the key was made. */
export interface KeyedDetector {
  /** RMS luminance distance (8-bit units) within which an observed region matches its expected imprint. */
  tolerance: number;
  /** Windows of unmarked renders compared with the imprints (at 1.5 x the tolerance), and how many matched. */
  nullWindows: number;
  nullMatches: number;
}

/**
 * A task's verification key (WP §III-D): what the verifier needs and the worker must not know. Placements are filled
 * by the placement step (per frame of the task); the noises are fixed by the secret and the options. Version 1 holds
 * the regions (the WP's baseline detector); version 2 adds each mark's expected imprint and the key-aware detector's
 * null model. Both verify with the baseline; a reader that knows only version 1 refuses version 2 by its number.
 */
export interface TaskKey {
  version: 1 | 2;
  taskId: string;
  texture: { width: number; height: number };
  distribution: NoiseDistribution;
  noises: AtomicNoise[];
  placements: FramePlacement[];
  detector?: KeyedDetector;
}

export interface KeyOptions {
  /** Atomic noises per task (WP: 8 to 15). */
  n: number;
  distribution: NoiseDistribution;
  /** M x N of each noise texture (WP: 512). */
  textureSize: number;
  amplitude: number;
}

export const DEFAULT_KEY_OPTIONS: KeyOptions = { n: 12, distribution: { mu: 25, sigma: 5 }, textureSize: 512, amplitude: 1 };

/** The key of a task, drawn from the secret derived from the manager's secret and the task id. */
export function createTaskKey(managerSecret: Uint8Array, taskId: string, options: Partial<KeyOptions> = {}): TaskKey {
  const o = { ...DEFAULT_KEY_OPTIONS, ...options };
  if (!Number.isInteger(o.textureSize) || o.textureSize < 8 || o.textureSize > 4096) {
    throw new RangeError(`textureSize must be an integer in 8..4096, got ${o.textureSize}`);
  }
  const secret = deriveTaskSecret(managerSecret, taskId);
  return {
    version: 1,
    taskId,
    texture: { width: o.textureSize, height: o.textureSize },
    distribution: { ...o.distribution },
    noises: drawAtomicNoises(secret, o.n, o.distribution, o.amplitude),
    placements: [],
  };
}

/** The key as versioned JSON with a fixed member order, so that its hash is reproducible. */
export function serializeTaskKey(key: TaskKey): string {
  return JSON.stringify({
    version: key.version,
    taskId: key.taskId,
    texture: { width: key.texture.width, height: key.texture.height },
    distribution: { mu: key.distribution.mu, sigma: key.distribution.sigma },
    noises: key.noises.map((w) => ({ periodX: w.periodX, periodY: w.periodY, phase: w.phase, amplitude: w.amplitude })),
    placements: key.placements.map((p) => ({
      frame: p.frame,
      regions: p.regions.map((r) => ({ x0: r.x0, y0: r.y0, x1: r.x1, y1: r.y1 })),
      ...(key.version === 2 ? { imprints: p.imprints } : {}),
    })),
    ...(key.version === 2 && key.detector
      ? { detector: { tolerance: key.detector.tolerance, nullWindows: key.detector.nullWindows, nullMatches: key.detector.nullMatches } }
      : {}),
  });
}

/** What the manager commits on-chain for the task (the quote's `keysCommitment` is built over these). */
export function taskKeyHash(key: TaskKey): Hex {
  return keccak256(toBytes(serializeTaskKey(key)));
}

/** Parses and checks a serialised key; throws a `RangeError` naming the first problem. */
export function parseTaskKey(json: string): TaskKey {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new RangeError(`the key is not JSON: ${(error as Error).message}`);
  }
  const k = raw as Partial<TaskKey> | null;
  if (!k || typeof k !== "object") throw new RangeError("the key is not an object");
  if (k.version !== 1 && k.version !== 2) throw new RangeError(`unsupported key version ${String(k.version)} (this build reads 1 and 2)`);
  if (typeof k.taskId !== "string" || k.taskId.length === 0) throw new RangeError("the key has no task id");
  const t = k.texture;
  if (!t || !isPositiveInt(t.width) || !isPositiveInt(t.height)) throw new RangeError("the key's texture size is invalid");
  const d = k.distribution;
  if (!d || !Number.isFinite(d.mu) || !Number.isFinite(d.sigma)) throw new RangeError("the key's distribution is invalid");
  if (!Array.isArray(k.noises) || k.noises.length === 0) throw new RangeError("the key has no noises");
  k.noises.forEach((w, i) => {
    const ok = w && w.periodX >= MIN_PERIOD && w.periodY >= MIN_PERIOD && Number.isFinite(w.phase) && w.amplitude > 0 && w.amplitude <= 1;
    if (!ok) throw new RangeError(`noise ${i} of the key is invalid`);
  });
  if (!Array.isArray(k.placements)) throw new RangeError("the key has no placements array");
  for (const p of k.placements) checkPlacement(p, k.noises.length);
  if (k.version === 2) checkKeyedDetector(k as TaskKey);
  return k as TaskKey;
}

function checkKeyedDetector(k: TaskKey): void {
  const d = k.detector;
  const ok = d && d.tolerance > 0 && Number.isInteger(d.nullWindows) && d.nullWindows > 0 && Number.isInteger(d.nullMatches) && d.nullMatches >= 0 && d.nullMatches <= d.nullWindows;
  if (!ok) throw new RangeError("a version 2 key needs its detector settings (tolerance, null windows and matches)");
  for (const p of k.placements) {
    const fits = Array.isArray(p.imprints) && p.imprints.length === p.regions.length && p.imprints.every((values, i) => {
      const r = p.regions[i]!;
      return Array.isArray(values) && values.length === (r.x1 - r.x0) * (r.y1 - r.y0) && values.every((v) => Number.isFinite(v) && v >= 0 && v <= 255);
    });
    if (!fits) throw new RangeError(`frame ${p.frame} of the version 2 key lacks an imprint per region`);
  }
}

function checkPlacement(p: FramePlacement, noises: number): void {
  if (!p || !Number.isInteger(p.frame) || !Array.isArray(p.regions) || p.regions.length !== noises) {
    throw new RangeError(`a placement of the key is invalid: one region per noise is expected (${noises})`);
  }
  for (const r of p.regions) {
    const ok = [r.x0, r.y0, r.x1, r.y1].every((v) => Number.isInteger(v) && v >= 0) && r.x1 > r.x0 && r.y1 > r.y0;
    if (!ok) throw new RangeError(`frame ${p.frame} of the key has an invalid region`);
  }
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > 0;
}
