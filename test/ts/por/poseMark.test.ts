import { describe, expect, it } from "vitest";
import { projectPoint, type CameraPose } from "../../../por/cameraPose.js";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import { placeMarks } from "../../../por/placeMarks.js";
import type { PlacementScene } from "../../../por/placementScene.js";
import { isMarkVisible, poseMark } from "../../../por/poseMark.js";
import { createTaskKey } from "../../../por/taskKey.js";
import { add, scale, type Vec3 } from "../../../por/vec3.js";
import { MANAGER_SECRET } from "./porFixtures.js";

const W = 80;
const H = 60;
/** Looking down -z from z = 5, tilted a little (right and up stay orthonormal). */
const c = Math.cos(0.2);
const s = Math.sin(0.2);
const perspective: CameraPose = { position: [0.3, 0.2, 5], right: [c, 0, -s], up: [0, 1, 0], forward: [-s, 0, -c], orthographic: false, halfHeight: Math.tan(0.4) };
const orthographic: CameraPose = { ...perspective, orthographic: true, halfHeight: 2 };

/** A wall at z = 0, with a pillar (x in [-0.3, 0.3], z = 1) in front of it. */
function wallScene(camera: CameraPose, frames: number[] = [0]): PlacementScene {
  return {
    width: W, height: H, frames,
    camera: () => camera,
    castRay: (_frame, o, d) => {
      const tPillar = (1 - o[2]) / d[2];
      const x = o[0] + tPillar * d[0];
      if (tPillar > 0 && Math.abs(x) <= 0.3) return tPillar;
      const t = -o[2] / d[2];
      return t > 0 ? t : Infinity;
    },
  };
}

describe("mark poses (WP §III-B1, B2)", () => {
  for (const camera of [perspective, orthographic]) {
    it(`puts the quad's corners exactly on the region's pixel corners (${camera.orthographic ? "orthographic" : "perspective"}), any quarter turn`, () => {
      const anchor: Vec3 = [1.1, -0.4, 0.5];
      for (const turns of [0, 1, 2, 3]) {
        const pose = poseMark(camera, W, H, 0, anchor, 5, 5, turns)!;
        const { region: k } = pose;
        const corners = [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]].map(([a, b]) => projectPoint(camera, W, H, add(pose.center, add(scale(pose.axisX, a!), scale(pose.axisY, b!)))));
        const xs = corners.map((p) => p.x).sort((a, b) => a - b);
        const ys = corners.map((p) => p.y).sort((a, b) => a - b);
        expect(xs[0]).toBeCloseTo(k.x0, 9);
        expect(xs[3]).toBeCloseTo(k.x1, 9);
        expect(ys[0]).toBeCloseTo(k.y0, 9);
        expect(ys[3]).toBeCloseTo(k.y1, 9);
        // The anchor's projection lies within half a pixel of the region's centre (the snap to the pixel grid).
        const a = projectPoint(camera, W, H, anchor);
        expect(Math.abs(a.x - (k.x0 + k.x1) / 2)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(a.y - (k.y0 + k.y1) / 2)).toBeLessThanOrEqual(0.5);
      }
      // Local +x of the quad (the texture's u) runs along the image's x at no turn and against it at two.
      expect(poseMark(camera, W, H, 0, anchor, 6, 4, 0)!.axisX[0]).toBeGreaterThan(0);
      expect(poseMark(camera, W, H, 0, anchor, 6, 4, 2)!.axisX[0]).toBeLessThan(0);
    });
  }

  it("sees a quad behind the pillar as hidden, and one in the open as visible", () => {
    const scene = wallScene(perspective);
    const open = poseMark(perspective, W, H, 0, [1.5, 0.3, 0.2], 5, 5, 0)!;
    const hidden = poseMark(perspective, W, H, 0, [0, 0.3, 0.2], 5, 5, 0)!;
    expect(isMarkVisible(scene, perspective, open)).toBe(true);
    expect(isMarkVisible(scene, perspective, hidden)).toBe(false);
  });

  it("places every mark in the open on a synthetic scene, deterministically, with either camera", () => {
    for (const camera of [perspective, orthographic]) {
      const scene = wallScene(camera, [0, 1]);
      const key = createTaskKey(MANAGER_SECRET, "synthetic", { n: 6 });
      const secret = deriveTaskSecret(MANAGER_SECRET, "synthetic");
      const placed = placeMarks(key, secret, scene, new Map());
      expect(placeMarks(key, secret, scene, new Map()).key).toEqual(placed.key);
      expect(key.placements).toEqual([]); // the input key is left as it was
      for (const mark of placed.marks) {
        for (const pose of mark.poses) expect(isMarkVisible(scene, camera, pose)).toBe(true);
      }
    }
  });
});
