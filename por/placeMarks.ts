import { pixelRay, pixelSize } from "./cameraPose.js";
import type { Image } from "./image.js";
import { KeyStream } from "./keyStream.js";
import type { PlacementScene } from "./placementScene.js";
import { isMarkVisible, poseMark, type MarkPose } from "./poseMark.js";
import { PorError } from "./porError.js";
import { cumulative, pick, spreadingWeights } from "./spreadingWeights.js";
import type { FramePlacement, Region, TaskKey } from "./taskKey.js";
import { add, scale, type Vec3 } from "./vec3.js";

export interface PlacementOptions {
  /** Smallest and largest side of an imprint in pixels, drawn per mark; the WP's bounds are 4 and 7 (§III-B2). */
  minSize: number;
  maxSize: number;
  /** Pixels kept free between two marks' enveloping regions v_i (3x3 times k_i, WP eq. 12). */
  gap: number;
  /** Candidate positions tried per mark before placement gives up. */
  attemptsPerMark: number;
  /** Areas of the preview brighter than this mean display luminance get no marks (see `spreadingWeights`). */
  maxBackground: number;
  /** Texels of the noise texture per imprint pixel (`markTexture`); by default mu / 4: the mean period spans 4 pixels. */
  texelsPerPixel?: number;
}

export const DEFAULT_PLACEMENT_OPTIONS: PlacementOptions = { minSize: 4, maxSize: 6, gap: 1, attemptsPerMark: 400, maxBackground: 255 };

/** One atomic noise's object omega_i (WP §III-B): where it sits and how it looks in every frame of the task. */
export interface PlacedMark {
  /** Index of its atomic noise in the key. */
  noise: number;
  /** Imprint size in pixels, the same in every frame. */
  width: number;
  height: number;
  /** Stride at which the quad's texture samples the noise (see `markTexture`): the mean period spans mu / this pixels. */
  texelsPerPixel: number;
  /** The world point the mark stays at. */
  anchor: Vec3;
  /** One pose per task frame, in the scene's frame order. */
  poses: MarkPose[];
}

export interface MarkPlacement {
  /** The key with its placements (regions k_i per frame) filled in; the input key is not modified. */
  key: TaskKey;
  marks: PlacedMark[];
  /** Candidates tried over all marks (the accepted ones included). */
  candidates: number;
}

function envelopeOf(r: Region, gap: number): Region {
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  return { x0: r.x0 - w - gap, y0: r.y0 - h - gap, x1: r.x1 + w + gap, y1: r.y1 + h + gap };
}

function overlaps(a: Region, b: Region): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/**
 * Where a candidate centre comes from: a previewed frame's spreading weights and the uniform distribution over the
 * same eligible pixels, or uniform over a frame without preview.
 */
interface Source {
  frame: number;
  weighted: Float64Array | null;
  uniform: Float64Array | null;
}

/**
 * Places the key's atomic noises in the scene (WP §III-B, C) for every frame of the task: each becomes a quad facing
 * the camera, anchored in front of a surface, whose imprint in EVERY frame is a w x h rectangle (4 <= w, h <= 7)
 * inside the frame with its enveloping region, hidden by nothing, and whose enveloping region overlaps no other
 * mark's. Candidates are drawn from the key's secret (labelled streams, so placement is deterministic for a key):
 * a previewed frame, a pixel by the adaptive spreading weights of its preview (uniformly over the same area for the
 * second half of a mark's attempts), the surface behind that pixel; the anchor is pulled towards the camera by 1.5
 * times the quad's half diagonal, so that surfaces tilted up to ~55 degrees stay behind it. A candidate failing in any frame is dropped; a mark without a valid candidate after
 * `attemptsPerMark` fails the placement (PLACEMENT_FAILED).
 */
export function placeMarks(
  key: TaskKey,
  secret: Uint8Array,
  scene: PlacementScene,
  previews: ReadonlyMap<number, Image>,
  options: Partial<PlacementOptions> = {},
): MarkPlacement {
  const o = { ...DEFAULT_PLACEMENT_OPTIONS, ...options };
  if (!(Number.isInteger(o.minSize) && Number.isInteger(o.maxSize) && o.minSize >= 2 && o.maxSize >= o.minSize)) {
    throw new RangeError(`invalid mark sizes ${o.minSize}..${o.maxSize}`);
  }
  if (scene.frames.length === 0) throw new RangeError("the task has no frames");
  const { width, height, frames } = scene;
  const texelsPerPixel = o.texelsPerPixel ?? key.distribution.mu / 4;
  const sources = candidateSources(scene, previews, o);
  const positions = new KeyStream(secret, "placement");
  const sizes = new KeyStream(secret, "mark-size");
  const turns = new KeyStream(secret, "mark-turns");
  const taken = new Map<number, Region[]>(frames.map((f) => [f, []]));
  const cameras = new Map(frames.map((f) => [f, scene.camera(f)]));
  const marks: PlacedMark[] = [];
  let candidates = 0;
  for (let noise = 0; noise < key.noises.length; noise++) {
    const w = o.minSize + sizes.below(o.maxSize - o.minSize + 1);
    const h = o.minSize + sizes.below(o.maxSize - o.minSize + 1);
    const quarterTurns = frames.map(() => (w === h ? turns.below(4) : 2 * turns.below(2)));
    let poses: MarkPose[] | null = null;
    let anchor: Vec3 = [0, 0, 0];
    for (let attempt = 0; attempt < o.attemptsPerMark && !poses; attempt++) {
      candidates++;
      const source = sources[positions.below(sources.length)]!;
      const u = positions.uniform();
      // The second half of the attempts ignores the weights' preference: once the favoured areas are taken, the
      // candidates would keep landing on them.
      const cdf = attempt < o.attemptsPerMark / 2 ? source.weighted : source.uniform;
      const index = cdf ? pick(cdf, u) : Math.floor(u * width * height);
      const candidate = anchorBehind(scene, source.frame, index % width, Math.floor(index / width), w, h);
      if (!candidate) continue;
      anchor = candidate;
      poses = posesFor(scene, cameras, anchor, w, h, quarterTurns, taken, o.gap);
    }
    if (!poses) {
      throw new PorError("PLACEMENT_FAILED", `no place for mark ${noise} (${w}x${h} px) visible in all ${frames.length} frames after ${o.attemptsPerMark} candidates`);
    }
    for (const pose of poses) taken.get(pose.frame)!.push(envelopeOf(pose.region, 0));
    marks.push({ noise, width: w, height: h, texelsPerPixel, anchor, poses });
  }
  const placements: FramePlacement[] = frames.map((frame, f) => ({ frame, regions: marks.map((m) => ({ ...m.poses[f]!.region })) }));
  return { key: { ...key, placements }, marks, candidates };
}

function candidateSources(scene: PlacementScene, previews: ReadonlyMap<number, Image>, o: PlacementOptions): Source[] {
  const sources: Source[] = [];
  for (const frame of scene.frames) {
    const preview = previews.get(frame);
    if (!preview) continue;
    if (preview.width !== scene.width || preview.height !== scene.height) {
      throw new PorError("IMAGE_INVALID", `the preview of frame ${frame} is ${preview.width}x${preview.height}, the task renders ${scene.width}x${scene.height}`);
    }
    const border = Math.ceil(1.5 * o.maxSize) + o.gap;
    const weights = spreadingWeights(preview, { window: 3 * o.maxSize, border, maxBackground: o.maxBackground });
    sources.push({ frame, weighted: cumulative(weights), uniform: cumulative(weights.map((w) => (w > 0 ? 1 : 0))) });
  }
  return sources.length > 0 ? sources : scene.frames.map((frame) => ({ frame, weighted: null, uniform: null }));
}

/** The anchor for a mark centred at pixel (x, y) of `frame`: in front of the surface seen there, or null if none is. */
function anchorBehind(scene: PlacementScene, frame: number, x: number, y: number, w: number, h: number): Vec3 | null {
  const camera = scene.camera(frame);
  const { origin, direction } = pixelRay(camera, scene.width, scene.height, x + 0.5, y + 0.5);
  const distance = scene.castRay(frame, origin, direction);
  if (!Number.isFinite(distance)) return null;
  const halfDiagonal = 0.5 * Math.hypot(w, h) * pixelSize(camera, scene.height, distance);
  const along = distance - 1.5 * halfDiagonal;
  if (!(along > 0)) return null;
  return add(origin, scale(direction, along));
}

/** The mark's pose in every frame, or null if it breaks a constraint in one of them. */
function posesFor(
  scene: PlacementScene, cameras: ReadonlyMap<number, ReturnType<PlacementScene["camera"]>>, anchor: Vec3, w: number, h: number,
  quarterTurns: readonly number[], taken: ReadonlyMap<number, Region[]>, gap: number,
): MarkPose[] | null {
  const poses: MarkPose[] = [];
  for (const [f, frame] of scene.frames.entries()) {
    const camera = cameras.get(frame)!;
    const pose = poseMark(camera, scene.width, scene.height, frame, anchor, w, h, quarterTurns[f]!);
    if (!pose) return null;
    const envelope = envelopeOf(pose.region, 0);
    if (envelope.x0 < 0 || envelope.y0 < 0 || envelope.x1 > scene.width || envelope.y1 > scene.height) return null;
    const spaced = envelopeOf(pose.region, gap);
    if (taken.get(frame)!.some((other) => overlaps(spaced, other))) return null;
    if (!isMarkVisible(scene, camera, pose)) return null;
    poses.push(pose);
  }
  return poses;
}
