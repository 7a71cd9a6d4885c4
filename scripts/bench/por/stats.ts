import { binomialUpperBound } from "../../../por/binomial.js";
import type { SceneName } from "./config.js";
import { FORGERY_KINDS, type ForgeryKind, type ForgeryResults, type Trial } from "./forgeries.js";
import type { GenuineFrames } from "./genuine.js";

/** The 95% upper bound on a rate from `k` events in `n` trials (exact: 3 / n roughly when k = 0). */
export const upper95 = (k: number, n: number) => (n > 0 ? binomialUpperBound(k, n, 0.95) : 1);

export interface GenuineRow {
  scene: SceneName | "all";
  samples: number;
  window: "envelope" | "marks" | "full frame";
  tasks: number;
  frames: number;
  keyedRejected: number;
  keyed8Rejected: number;
  /** Marks (regions) that did not match their imprint, of all marks verified, and the fewest matched in a frame. */
  marksUnmatched: number;
  marksVerified: number;
  minMatched: number;
  /** Largest computed false-accept probability of an accepted genuine frame, and the largest RMS distance seen. */
  keyedMaxBound: number;
  keyedMaxDistance: number;
  baselineFrames: number;
  baselineRejected: number;
  /** Smallest e_i over the frames, and the share of marks (not frames) under the threshold. */
  baselineMinDeviation: number;
  baselineMarksUnder: number;
  baselineMarks: number;
}

const marksOf = (group: readonly GenuineFrames[]) => group[0]!.task.key.noises.length;

/** False rejections of genuine renders by scene and samples, for each kind of window. */
export function genuineRows(frames: readonly GenuineFrames[], full: ForgeryResults["genuine"]): GenuineRow[] {
  const rows: GenuineRow[] = [];
  const keys = new Set(frames.map((f) => `${f.task.scene}|${f.task.samples}`));
  for (const id of keys) {
    const [scene, s] = id.split("|") as [SceneName, string];
    const samples = Number(s);
    const group = frames.filter((f) => f.task.scene === scene && f.task.samples === samples);
    for (const window of ["envelope", "marks"] as const) {
      const records = group.flatMap((f) => f.records.filter((r) => r.window === window));
      if (records.length === 0) continue;
      const withBaseline = records.filter((r) => r.baseline);
      const deviations = withBaseline.flatMap((r) => r.baseline!.deviations);
      rows.push({
        scene, samples, window, tasks: group.length, frames: records.length,
        keyedRejected: records.filter((r) => !r.keyed.accepted).length, keyed8Rejected: records.filter((r) => !r.keyed8.accepted).length,
        marksUnmatched: records.reduce((a, r) => a + marksOf(group) - r.keyed.matched, 0), marksVerified: records.length * marksOf(group),
        minMatched: Math.min(...records.map((r) => r.keyed.matched)),
        keyedMaxBound: Math.max(...records.filter((r) => r.keyed.accepted).map((r) => r.keyed.falseAccept), 0),
        keyedMaxDistance: Math.max(...records.map((r) => r.keyed.maxDistance)),
        baselineFrames: withBaseline.length, baselineRejected: withBaseline.filter((r) => !r.baseline!.accepted).length,
        baselineMinDeviation: deviations.length ? Math.min(...deviations) : NaN, baselineMarksUnder: deviations.filter((d) => d < 5).length, baselineMarks: deviations.length,
      });
    }
  }
  for (const scene of new Set(full.map((g) => g.scene))) {
    const group = full.filter((g) => g.scene === scene);
    rows.push({
      scene, samples: group[0]!.samples, window: "full frame", tasks: NaN, frames: group.length,
      keyedRejected: group.filter((g) => !g.keyed.accepted).length, keyed8Rejected: group.filter((g) => !g.keyed8.accepted).length,
      marksUnmatched: NaN, marksVerified: NaN, minMatched: Math.min(...group.map((g) => g.keyed.matched)), keyedMaxBound: Math.max(...group.map((g) => g.keyed.falseAccept)), keyedMaxDistance: NaN,
      baselineFrames: group.length, baselineRejected: group.filter((g) => !g.baseline.accepted).length,
      baselineMinDeviation: Math.min(...group.map((g) => g.baseline.minDeviation)), baselineMarksUnder: NaN, baselineMarks: NaN,
    });
  }
  return rows;
}

export interface ForgeryRow {
  kind: ForgeryKind;
  variant: string;
  trials: number;
  baselineAccepted: number;
  keyedAccepted: number;
  keyed8Accepted: number;
  /** Most regions matched by a forgery, and the smallest computed false-accept probability among them. */
  keyedMaxMatched: number;
  keyedMinBound: number;
  spotFirstAccepted: number;
  spotAccepted: number;
  /** Key-aware detector AND spot re-render. */
  bothAccepted: number;
}

function forgeryRow(kind: ForgeryKind, variant: string, trials: readonly Trial[]): ForgeryRow {
  return {
    kind, variant, trials: trials.length,
    baselineAccepted: trials.filter((t) => t.baseline.accepted).length,
    keyedAccepted: trials.filter((t) => t.keyed.accepted).length,
    keyed8Accepted: trials.filter((t) => t.keyed8.accepted).length,
    keyedMaxMatched: Math.max(...trials.map((t) => t.keyed.matched)),
    keyedMinBound: Math.min(...trials.map((t) => t.keyed.falseAccept)),
    spotFirstAccepted: trials.filter((t) => t.spotFirst).length,
    spotAccepted: trials.filter((t) => t.spot).length,
    bothAccepted: trials.filter((t) => t.spot && t.keyed.accepted).length,
  };
}

/** Per forgery kind, and per variant within it (`detail`). */
export function forgeryRows(trials: readonly Trial[], detail: boolean): ForgeryRow[] {
  return FORGERY_KINDS.flatMap((kind) => {
    const ofKind = trials.filter((t) => t.kind === kind);
    if (ofKind.length === 0) return [];
    if (!detail) return [forgeryRow(kind, "all", ofKind)];
    return [...new Set(ofKind.map((t) => t.variant))].map((v) => forgeryRow(kind, v, ofKind.filter((t) => t.variant === v)));
  });
}

/** Histogram of regions matched by the key-aware detector: genuine frames against forgeries (for the plot). */
export function matchHistogram(frames: readonly GenuineFrames[], trials: readonly Trial[], n: number): { genuine: number[]; forged: number[] } {
  const genuine = new Array<number>(n + 1).fill(0);
  const forged = new Array<number>(n + 1).fill(0);
  for (const f of frames) for (const r of f.records) genuine[r.keyed.matched]!++;
  for (const t of trials) forged[t.keyed.matched]!++;
  return { genuine, forged };
}
