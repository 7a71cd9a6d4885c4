import type { Document } from "@gltf-transform/core";
import { lathe, quad, sphere } from "./meshShapes.js";
import { SceneBuilder } from "./sceneBuilder.js";

/**
 * A product shot: a brushed-gold vase and a glossy red ball on a pale floor, a spot light as key, a point light as
 * fill, a weak directional rim light from behind and a soft blue-grey sky. Still: frame 0 only.
 */
export function buildProductScene(): Document {
  const b = new SceneBuilder("product");
  const floor = b.material("floor", { baseColor: [0.72, 0.7, 0.68], roughness: 0.45 });
  const gold = b.material("gold", { baseColor: [1, 0.8, 0.45], metallic: 1, roughness: 0.3 });
  const red = b.material("lacquer", { baseColor: [0.75, 0.05, 0.05], roughness: 0.12 });
  const profile: [number, number][] = [
    [0.001, 0], [0.3, 0], [0.38, 0.05], [0.45, 0.3], [0.47, 0.55], [0.4, 0.8], [0.25, 1.0], [0.18, 1.15], [0.2, 1.3], [0.24, 1.36], [0.22, 1.38],
  ];
  b.mesh("floor", quad([-10, 0, 10], [20, 0, 0], [0, 0, -20], 1, 4), floor);
  b.mesh("vase", lathe(profile, 96), gold, [0, 0, 0]);
  b.mesh("ball", sphere(0.3, 64, 32), red, [0.85, 0.3, 0.35]);
  b.light("key", "spot", [1, 0.96, 0.9], 40, [-2.5, 3.5, 2.5], [0, 0.6, 0], { inner: 0.3, outer: 0.5 });
  b.light("fill", "point", [0.85, 0.9, 1], 3, [3, 1.5, 2.5], [0, 0, 0]);
  b.light("rim", "directional", [1, 1, 1], 1.5, [0, 3, -5], [0, 0.5, 0]);
  b.camera("camera", [0, 1.3, 4.2], [0.2, 0.6, 0], 35);
  b.scene.setExtras({ inferix: { resolution: [1280, 720], environment: [0.22, 0.25, 0.3] } });
  return b.document;
}
