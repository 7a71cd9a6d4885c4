import { Document, type Material, type Node, type Scene, type Texture } from "@gltf-transform/core";
import { KHRLightsPunctual, KHRMaterialsEmissiveStrength } from "@gltf-transform/extensions";
import type { Shape } from "./meshShapes.js";

type V3 = [number, number, number];
type Q = [number, number, number, number];

/** The rotation that points a camera or light (looking down its local -Z, +Y up) from `eye` at `target`. */
export function lookAt(eye: V3, target: V3, up: V3 = [0, 1, 0]): Q {
  const unit = (v: V3): V3 => {
    const l = Math.hypot(...v);
    return [v[0] / l, v[1] / l, v[2] / l];
  };
  const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const z = unit([eye[0] - target[0], eye[1] - target[1], eye[2] - target[2]]);
  const x = unit(cross(up, z));
  const y = cross(z, x);
  // Rotation matrix with columns x, y, z to a quaternion (Shepperd's method).
  const [m00, m10, m20] = x, [m01, m11, m21] = y, [m02, m12, m22] = z;
  const trace = m00 + m11 + m22;
  if (trace > 0) {
    const s = 0.5 / Math.sqrt(trace + 1);
    return [(m21 - m12) * s, (m02 - m20) * s, (m10 - m01) * s, 0.25 / s];
  }
  if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    return [0.25 * s, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  }
  if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    return [(m01 + m10) / s, 0.25 * s, (m12 + m21) / s, (m02 - m20) / s];
  }
  const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
  return [(m02 + m20) / s, (m12 + m21) / s, 0.25 * s, (m10 - m01) / s];
}

export interface MaterialSpec {
  baseColor?: V3;
  baseColorTexture?: Texture;
  /** glTF packing: roughness in green, metallic in blue (linear). */
  metallicRoughnessTexture?: Texture;
  emissiveTexture?: Texture;
  metallic?: number;
  roughness?: number;
  emissive?: V3;
  emissiveStrength?: number;
  doubleSided?: boolean;
}

/** A thin layer over gltf-transform's Document for writing the sample scenes. */
export class SceneBuilder {
  readonly document = new Document();
  readonly scene: Scene;
  private readonly buffer = this.document.createBuffer();
  private readonly lights = this.document.createExtension(KHRLightsPunctual);
  private readonly strength = this.document.createExtension(KHRMaterialsEmissiveStrength);

  constructor(name: string) {
    this.scene = this.document.createScene(name);
    this.document.getRoot().setDefaultScene(this.scene);
  }

  texture(name: string, png: Uint8Array): Texture {
    return this.document.createTexture(name).setImage(png).setMimeType("image/png").setURI(`${name}.png`);
  }

  material(name: string, spec: MaterialSpec): Material {
    const [r, g, b] = spec.baseColor ?? [1, 1, 1];
    const material = this.document.createMaterial(name)
      .setBaseColorFactor([r, g, b, 1])
      .setMetallicFactor(spec.metallic ?? 0)
      .setRoughnessFactor(spec.roughness ?? 0.5)
      .setEmissiveFactor(spec.emissive ?? [0, 0, 0])
      .setDoubleSided(spec.doubleSided ?? false);
    if (spec.baseColorTexture) material.setBaseColorTexture(spec.baseColorTexture);
    if (spec.metallicRoughnessTexture) material.setMetallicRoughnessTexture(spec.metallicRoughnessTexture);
    if (spec.emissiveTexture) material.setEmissiveTexture(spec.emissiveTexture);
    if (spec.emissiveStrength !== undefined) {
      material.setExtension("KHR_materials_emissive_strength", this.strength.createEmissiveStrength().setEmissiveStrength(spec.emissiveStrength));
    }
    return material;
  }

  /** Adds a mesh instance as a child of the scene (or of `parent`). */
  mesh(name: string, shape: Shape, material: Material, translation: V3 = [0, 0, 0], parent?: Node): Node {
    const d = this.document;
    const accessor = (type: "VEC2" | "VEC3" | "SCALAR", array: Float32Array | Uint32Array) => d.createAccessor().setType(type).setArray(array).setBuffer(this.buffer);
    const primitive = d.createPrimitive()
      .setAttribute("POSITION", accessor("VEC3", shape.positions))
      .setAttribute("NORMAL", accessor("VEC3", shape.normals))
      .setAttribute("TEXCOORD_0", accessor("VEC2", shape.uvs))
      .setIndices(accessor("SCALAR", shape.indices))
      .setMaterial(material);
    const node = d.createNode(name).setMesh(d.createMesh(name).addPrimitive(primitive)).setTranslation(translation);
    (parent ?? this.scene).addChild(node);
    return node;
  }

  camera(name: string, eye: V3, target: V3, yfovDegrees: number): Node {
    const camera = this.document.createCamera(name).setType("perspective").setYFov((yfovDegrees * Math.PI) / 180).setZNear(0.05).setZFar(500).setAspectRatio(16 / 9);
    const node = this.document.createNode(name).setCamera(camera).setTranslation(eye).setRotation(lookAt(eye, target));
    this.scene.addChild(node);
    return node;
  }

  light(name: string, type: "point" | "spot" | "directional", colour: V3, intensity: number, eye: V3, target: V3, cone?: { inner: number; outer: number }): Node {
    const light = this.lights.createLight(name).setType(type).setColor(colour).setIntensity(intensity);
    if (cone) light.setInnerConeAngle(cone.inner).setOuterConeAngle(cone.outer);
    const node = this.document.createNode(name).setTranslation(eye).setRotation(lookAt(eye, target)).setExtension("KHR_lights_punctual", light);
    this.scene.addChild(node);
    return node;
  }

  /** One animation channel; `values` holds 3 (translation, scale) or 4 (rotation) numbers per key. */
  animate(name: string, node: Node, path: "translation" | "rotation" | "scale", interpolation: "LINEAR" | "STEP", times: number[], values: number[]): void {
    const d = this.document;
    const sampler = d.createAnimationSampler()
      .setInput(d.createAccessor().setType("SCALAR").setArray(Float32Array.from(times)).setBuffer(this.buffer))
      .setOutput(d.createAccessor().setType(path === "rotation" ? "VEC4" : "VEC3").setArray(Float32Array.from(values)).setBuffer(this.buffer))
      .setInterpolation(interpolation);
    const channel = d.createAnimationChannel().setTargetNode(node).setTargetPath(path).setSampler(sampler);
    d.createAnimation(name).addSampler(sampler).addChannel(channel);
  }
}
