import { add, dot, normalize, scale, sub, type Vec3 } from "./vec3.js";

/**
 * The camera of one frame as placement sees it, engine-neutral: an orthonormal frame and the projection. Pixel (x, y)
 * of a W x H frame spans screen coordinates sx in [2x/W - 1, 2(x+1)/W - 1] (right) and sy in [1 - 2(y+1)/H, 1 - 2y/H]
 * (up); a perspective camera's ray through (sx, sy) is forward + sx tan(yfov/2) (W/H) right + sy tan(yfov/2) up.
 */
export interface CameraPose {
  position: Vec3;
  right: Vec3;
  up: Vec3;
  /** The viewing direction. */
  forward: Vec3;
  orthographic: boolean;
  /** tan(yfov / 2) for a perspective camera, the half height of the view (ymag) in world units for an orthographic one. */
  halfHeight: number;
}

/** A world point in a frame: continuous pixel coordinates (x right, y down, pixel (i, j) spans [i, i+1) x [j, j+1)) and depth along `forward`. */
export interface Projected {
  x: number;
  y: number;
  depth: number;
}

export function projectPoint(camera: CameraPose, width: number, height: number, point: Vec3): Projected {
  const d = sub(point, camera.position);
  const depth = dot(d, camera.forward);
  const divisor = camera.orthographic ? 1 : depth;
  const halfWidth = camera.halfHeight * (width / height);
  const sx = dot(d, camera.right) / (divisor * halfWidth);
  const sy = dot(d, camera.up) / (divisor * camera.halfHeight);
  return { x: ((sx + 1) * width) / 2, y: ((1 - sy) * height) / 2, depth };
}

/** The world point at pixel coordinates (x, y) and depth `depth` along `forward`: the inverse of `projectPoint`. */
export function unprojectPoint(camera: CameraPose, width: number, height: number, x: number, y: number, depth: number): Vec3 {
  const halfWidth = camera.halfHeight * (width / height);
  const factor = camera.orthographic ? 1 : depth;
  const u = ((2 * x) / width - 1) * halfWidth * factor;
  const v = (1 - (2 * y) / height) * camera.halfHeight * factor;
  return add(add(add(camera.position, scale(camera.forward, depth)), scale(camera.right, u)), scale(camera.up, v));
}

/** The camera ray through pixel coordinates (x, y): origin and unit direction. */
export function pixelRay(camera: CameraPose, width: number, height: number, x: number, y: number): { origin: Vec3; direction: Vec3 } {
  if (camera.orthographic) return { origin: unprojectPoint(camera, width, height, x, y, 0), direction: camera.forward };
  return { origin: camera.position, direction: normalize(sub(unprojectPoint(camera, width, height, x, y, 1), camera.position)) };
}

/** World size of one pixel at `depth` (pixels are square: the horizontal extent follows the aspect ratio). */
export function pixelSize(camera: CameraPose, height: number, depth: number): number {
  return (2 * camera.halfHeight * (camera.orthographic ? 1 : depth)) / height;
}
