import type { Crop } from "../engine.js";
import { CAMERA_FORWARD, CAMERA_HALF_HEIGHT, CAMERA_ORTHOGRAPHIC, CAMERA_POSITION, CAMERA_RIGHT, CAMERA_UP, type FrameScene } from "./frameScene.js";
import { random, seedSample } from "./random.js";
import { path, tracePath } from "./tracePath.js";
import { ray } from "./traceRay.js";

/** What one frame render asks for, the same in-process and in every worker thread. */
export interface RenderParams {
  frame: number;
  samples: number;
  seed: number;
  bounces: number;
  /** The rectangle of the full frame being rendered (the crop, widened for the denoiser). */
  region: Crop;
  /** Also accumulate the denoiser's albedo and normal guides. */
  guides: boolean;
}

/** Per region pixel, row-major: mean radiance, and the guides when asked for. Shared between threads. */
export interface RenderBuffers {
  color: Float32Array;
  albedo: Float32Array;
  normal: Float32Array;
}

/**
 * Renders rows [rowStart, rowEnd) of the region. Every pixel runs the same code with random numbers seeded from its
 * absolute coordinates, so a pixel's value does not depend on the region, the row split or the thread: the basis of
 * the crop and thread-count guarantees.
 */
export function renderRows(s: FrameScene, params: RenderParams, buffers: RenderBuffers, rowStart: number, rowEnd: number): void {
  const { region, samples, seed, frame, bounces, guides } = params;
  const c = s.camera;
  const ortho = c[CAMERA_ORTHOGRAPHIC]! > 0;
  const halfHeight = c[CAMERA_HALF_HEIGHT]!;
  const halfWidth = halfHeight * (s.width / s.height);
  const inv = 1 / samples;
  for (let row = rowStart; row < rowEnd; row++) {
    const y = region.y + row;
    for (let column = 0; column < region.width; column++) {
      const x = region.x + column;
      let r = 0, g = 0, b = 0, ar = 0, ag = 0, ab = 0, nx = 0, ny = 0, nz = 0;
      for (let sample = 0; sample < samples; sample++) {
        seedSample(seed, frame, x, y, sample);
        // Screen position in [-1, 1], jittered inside the pixel (a box filter).
        const sx = (2 * (x + random())) / s.width - 1;
        const sy = 1 - (2 * (y + random())) / s.height;
        const u = sx * halfWidth, v = sy * halfHeight;
        let ox = c[CAMERA_POSITION]!, oy = c[CAMERA_POSITION + 1]!, oz = c[CAMERA_POSITION + 2]!;
        let dx = c[CAMERA_FORWARD]!, dy = c[CAMERA_FORWARD + 1]!, dz = c[CAMERA_FORWARD + 2]!;
        if (ortho) {
          ox += u * c[CAMERA_RIGHT]! + v * c[CAMERA_UP]!;
          oy += u * c[CAMERA_RIGHT + 1]! + v * c[CAMERA_UP + 1]!;
          oz += u * c[CAMERA_RIGHT + 2]! + v * c[CAMERA_UP + 2]!;
        } else {
          dx += u * c[CAMERA_RIGHT]! + v * c[CAMERA_UP]!;
          dy += u * c[CAMERA_RIGHT + 1]! + v * c[CAMERA_UP + 1]!;
          dz += u * c[CAMERA_RIGHT + 2]! + v * c[CAMERA_UP + 2]!;
          const l = Math.sqrt(dx * dx + dy * dy + dz * dz);
          dx /= l; dy /= l; dz /= l;
        }
        ray[0] = ox; ray[1] = oy; ray[2] = oz; ray[3] = dx; ray[4] = dy; ray[5] = dz;
        tracePath(s, bounces);
        // A NaN or infinite sample (degenerate geometry) would poison the pixel: drop it, the same way everywhere.
        const pr = path[0]!, pg = path[1]!, pb = path[2]!;
        if (Number.isFinite(pr) && Number.isFinite(pg) && Number.isFinite(pb)) {
          r += pr; g += pg; b += pb;
        }
        if (guides) {
          ar += path[3]!; ag += path[4]!; ab += path[5]!;
          nx += path[6]!; ny += path[7]!; nz += path[8]!;
        }
      }
      const p = (row * region.width + column) * 3;
      buffers.color[p] = r * inv; buffers.color[p + 1] = g * inv; buffers.color[p + 2] = b * inv;
      if (guides) {
        buffers.albedo[p] = ar * inv; buffers.albedo[p + 1] = ag * inv; buffers.albedo[p + 2] = ab * inv;
        buffers.normal[p] = nx * inv; buffers.normal[p + 1] = ny * inv; buffers.normal[p + 2] = nz * inv;
      }
    }
  }
}
