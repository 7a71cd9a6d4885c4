import type { Document } from "@gltf-transform/core";
import { box, quad, sphere, torus } from "./meshShapes.js";
import { bricks, checkerboard } from "./proceduralTextures.js";
import { lookAt, SceneBuilder } from "./sceneBuilder.js";

/**
 * A closed room lit by an emissive ceiling panel (its glow textured as a grid of tiles) and a warm point light:
 * checkerboard floor, brick back wall, coloured side walls, a brick cube whose roughness is textured and whose
 * rotation steps (STEP), a gold sphere that bounces (LINEAR) and a camera that dollies and pans over 2 seconds
 * (frames 0..48 at 24 fps).
 */
export function buildRoomScene(): Document {
  const b = new SceneBuilder("room");
  const checker = b.texture("checker", checkerboard(256, 8, [0.85, 0.85, 0.8], [0.15, 0.15, 0.17]));
  const brick = b.texture("bricks", bricks(256, 8, [0.62, 0.27, 0.18], [0.78, 0.76, 0.72]));
  // Roughness (green) 0.9 on the bricks, 0.2 in the mortar: glossy joints.
  const brickRoughness = b.texture("brickRoughness", bricks(256, 8, [0, 0.9, 0], [0, 0.2, 0]));
  const tiles = b.texture("panelTiles", checkerboard(64, 4, [1, 1, 1], [0.55, 0.55, 0.55]));
  const floor = b.material("floor", { baseColorTexture: checker, roughness: 0.35 });
  const white = b.material("white", { baseColor: [0.8, 0.8, 0.78], roughness: 0.8 });
  const red = b.material("red", { baseColor: [0.7, 0.12, 0.1], roughness: 0.7 });
  const green = b.material("green", { baseColor: [0.15, 0.55, 0.2], roughness: 0.7 });
  const brickWall = b.material("brickWall", { baseColorTexture: brick, roughness: 0.9 });
  const panel = b.material("panel", { baseColor: [0, 0, 0], emissive: [1, 0.93, 0.82], emissiveTexture: tiles, emissiveStrength: 15 });
  const gold = b.material("gold", { baseColor: [1, 0.78, 0.34], metallic: 1, roughness: 0.25 });
  const blue = b.material("blue", { baseColor: [0.1, 0.25, 0.8], roughness: 0.15 });
  const crate = b.material("crate", { baseColorTexture: brick, metallicRoughnessTexture: brickRoughness, roughness: 1 });

  // Walls face inwards: the room spans x, z in [-3, 3] and y in [0, 3].
  b.mesh("floor", quad([-3, 0, 3], [6, 0, 0], [0, 0, -6], 6), floor);
  b.mesh("ceiling", quad([-3, 3, -3], [6, 0, 0], [0, 0, 6]), white);
  b.mesh("backWall", quad([-3, 0, -3], [6, 0, 0], [0, 3, 0], 3), brickWall);
  b.mesh("frontWall", quad([3, 0, 3], [-6, 0, 0], [0, 3, 0]), white);
  b.mesh("leftWall", quad([-3, 0, 3], [0, 0, -6], [0, 3, 0]), red);
  b.mesh("rightWall", quad([3, 0, -3], [0, 0, 6], [0, 3, 0]), green);
  b.mesh("lightPanel", quad([-0.6, 2.98, -1.6], [1.2, 0, 0], [0, 0, 1.2]), panel);
  b.light("bulb", "point", [1, 0.85, 0.65], 4, [1.8, 2.3, 1.2], [0, 0, 0]);

  const cube = b.mesh("cube", box(1, 1, 1), crate, [-1.2, 0.5, -1.2]);
  b.animate("cubeTurns", cube, "rotation", "STEP", [0, 0.5, 1, 1.5], [0, 0, 0, 1, 0, 0.2588, 0, 0.9659, 0, 0.5, 0, 0.866, 0, 0.7071, 0, 0.7071]);
  const ball = b.mesh("ball", sphere(0.55, 48, 24), gold, [1.1, 0.55, -0.8]);
  b.animate("ballBounces", ball, "translation", "LINEAR", [0, 0.5, 1, 1.5, 2], [1.1, 0.55, -0.8, 1.1, 1.5, -0.6, 1.1, 0.55, -0.4, 1.1, 1.3, -0.6, 1.1, 0.55, -0.8]);
  b.mesh("ring", torus(0.35, 0.12, 48, 16), blue, [0.1, 0.12, 0.4]);

  const camera = b.camera("camera", [0, 1.6, 2.7], [0, 0.9, -1], 55);
  b.animate("cameraPath", camera, "translation", "LINEAR", [0, 1, 2], [0, 1.6, 2.7, 1.2, 1.5, 2.6, 2.0, 1.3, 2.2]);
  b.animate("cameraPan", camera, "rotation", "LINEAR", [0, 1, 2], [
    ...lookAt([0, 1.6, 2.7], [0, 0.9, -1]), ...lookAt([1.2, 1.5, 2.6], [-0.2, 0.9, -1]), ...lookAt([2.0, 1.3, 2.2], [-0.4, 0.8, -1]),
  ]);
  b.scene.setExtras({ inferix: { resolution: [1280, 720], fps: 24, frameRange: [0, 48], environment: [0, 0, 0] } });
  return b.document;
}
