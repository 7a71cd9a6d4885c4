import { pixelRay, pixelSize, projectPoint, unprojectPoint, type CameraPose } from "./cameraPose.js";
import type { PlacementScene } from "./placementScene.js";
import type { Region } from "./taskKey.js";
import { dot, scale, sub, type Vec3 } from "./vec3.js";

/**
 * A mark's quad in one frame (WP §III-B1): parallel to the image plane (its rotation is the camera's, up to a quarter
 * turn about the view axis), centred on `center`, spanning `axisX` and `axisY` (full side vectors in world units;
 * the texture's u runs along axisX, its v against axisY), so that its imprint is exactly the pixel rectangle `region`.
 */
export interface MarkPose {
  frame: number;
  region: Region;
  center: Vec3;
  axisX: Vec3;
  axisY: Vec3;
  /** Quarter turns about the view axis (odd ones only for square marks). */
  quarterTurns: number;
  /** Depth of the quad along the camera's forward axis. */
  depth: number;
}

/**
 * The quad of a mark anchored at world point `anchor`, in a frame: the anchor's projection rounded so the imprint's
 * edges fall on pixel edges, the quad moved by that sub-pixel amount (at the anchor's depth) and sized to exactly
 * w x h pixels there. Marks thus stay put in the world as the camera moves, and every frame's imprint is a clean
 * w x h rectangle: k_i is known without rendering (WP §III-B2). Null when the anchor is behind the camera.
 */
export function poseMark(camera: CameraPose, width: number, height: number, frame: number, anchor: Vec3, w: number, h: number, quarterTurns: number): MarkPose | null {
  const p = projectPoint(camera, width, height, anchor);
  if (!(p.depth > 0) || !Number.isFinite(p.x) || !Number.isFinite(p.y)) return null;
  const x0 = Math.round(p.x - w / 2);
  const y0 = Math.round(p.y - h / 2);
  const region = { x0, y0, x1: x0 + w, y1: y0 + h };
  const center = unprojectPoint(camera, width, height, x0 + w / 2, y0 + h / 2, p.depth);
  const size = pixelSize(camera, height, p.depth);
  const right = scale(camera.right, size);
  const up = scale(camera.up, size);
  const turns = ((quarterTurns % 4) + 4) % 4;
  // Rotating the quad a quarter turn about the view axis maps its local x to the image's up, and so on round.
  const axes: readonly [Vec3, Vec3][] = [
    [scale(right, w), scale(up, h)],
    [scale(up, h), scale(right, -w)],
    [scale(right, -w), scale(up, -h)],
    [scale(up, -h), scale(right, w)],
  ];
  const [axisX, axisY] = axes[turns]!;
  return { frame, region, center, axisX, axisY, quarterTurns: turns, depth: p.depth };
}

/** Relative distance a surface must keep behind the quad along a ray to count as behind it. */
const CLEARANCE = 1e-3;

/**
 * Whether nothing of the scene hides any part of the quad (WP §III-B1: "no omega_i is hidden by another object, even
 * partially"): a ray through every pixel centre and every pixel corner of the region (corners nudged inside) must
 * reach the quad's plane before any surface. A surface piercing the quad fails at the points behind it.
 */
export function isMarkVisible(scene: PlacementScene, camera: CameraPose, pose: MarkPose): boolean {
  const { region } = pose;
  const inset = 0.02;
  const points: [number, number][] = [];
  for (let j = 0; j <= region.y1 - region.y0; j++) {
    for (let i = 0; i <= region.x1 - region.x0; i++) {
      const x = region.x0 + Math.min(Math.max(i, inset), region.x1 - region.x0 - inset);
      const y = region.y0 + Math.min(Math.max(j, inset), region.y1 - region.y0 - inset);
      points.push([x, y]);
      if (i < region.x1 - region.x0 && j < region.y1 - region.y0) points.push([region.x0 + i + 0.5, region.y0 + j + 0.5]);
    }
  }
  for (const [x, y] of points) {
    const { origin, direction } = pixelRay(camera, scene.width, scene.height, x, y);
    const alongAxis = dot(direction, camera.forward);
    if (!(alongAxis > 0)) return false;
    const toQuad = (pose.depth - dot(sub(origin, camera.position), camera.forward)) / alongAxis;
    if (!(toQuad > 0)) return false;
    if (scene.castRay(pose.frame, origin, direction) <= toQuad * (1 + CLEARANCE)) return false;
  }
  return true;
}
