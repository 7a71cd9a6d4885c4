import type { Document } from "@gltf-transform/core";
import { icosphere, terrain } from "./meshShapes.js";
import { fbm, groundTexture } from "./proceduralTextures.js";
import { SceneBuilder } from "./sceneBuilder.js";

/** Terrain cells per side: 2 x 320^2 = 204,800 triangles. */
const CELLS = 320;

function height(x: number, z: number): number {
  return 4 * fbm(x / 12 + 10, z / 12 + 10, 5, 11) - 1.5;
}

/**
 * Geometry-heavy: a 40 m fractal terrain of 204,800 triangles with a tiled ground texture, four 5,120-triangle
 * icospheres resting on it, a low sun and a sky: 225,280 triangles, the BVH-bound case of the benchmark.
 */
export function buildHeavyScene(): Document {
  const b = new SceneBuilder("heavy");
  const ground = b.texture("ground", groundTexture(256, [0.2, 0.32, 0.12], [0.45, 0.4, 0.33]));
  const land = b.material("land", { baseColorTexture: ground, roughness: 0.9 });
  b.mesh("terrain", terrain(40, CELLS, 8, height), land);
  const spheres: [number, number, [number, number, number], number][] = [
    [-4, 2, [0.9, 0.9, 0.92], 1], [0, -1, [0.8, 0.2, 0.1], 0], [4, 1, [0.2, 0.4, 0.9], 0], [1.5, 4, [0.95, 0.75, 0.3], 1],
  ];
  spheres.forEach(([x, z, colour, metallic], i) => {
    const material = b.material(`sphere${i}`, { baseColor: colour, metallic, roughness: metallic ? 0.2 : 0.4 });
    b.mesh(`sphere${i}`, icosphere(1, 4), material, [x, height(x, z) + 0.9, z]);
  });
  b.light("sun", "directional", [1, 0.95, 0.85], 3, [10, 8, 6], [0, 0, 0]);
  b.camera("camera", [0, 9, 21], [0, 0.5, 0], 45);
  b.scene.setExtras({ inferix: { resolution: [1280, 720], environment: [0.35, 0.45, 0.6] } });
  return b.document;
}
