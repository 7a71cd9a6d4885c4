/**
 * The tracer's own copy of a glTF scene, read once by `loadScene` and free of gltf-transform objects, so frames can be
 * built from it (and posted to worker threads) as plain data.
 */

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];

export interface SceneNode {
  name: string;
  /** Index of the parent in `LoadedScene.nodes`, -1 for a root; parents always come before their children. */
  parent: number;
  translation: Vec3;
  rotation: Quat;
  scale: Vec3;
  mesh: number;
  camera: number;
  light: number;
}

export interface ScenePrimitive {
  positions: Float32Array;
  normals: Float32Array | null;
  uvs: Float32Array | null;
  /** Triangle list (strips and fans are unrolled when loading). */
  indices: Uint32Array;
  material: number;
}

export interface SceneMesh {
  primitives: ScenePrimitive[];
  triangles: number;
}

export interface SceneCamera {
  name: string;
  type: "perspective" | "orthographic";
  yfov: number;
  xmag: number;
  ymag: number;
}

export type LightType = "point" | "spot" | "directional";

export interface SceneLight {
  type: LightType;
  /** Linear colour times intensity (candela for point and spot lights, lux for directional ones). */
  radiance: Vec3;
  innerConeAngle: number;
  outerConeAngle: number;
}

export interface SceneMaterial {
  baseColor: Vec3;
  metallic: number;
  roughness: number;
  /** Emissive factor times KHR_materials_emissive_strength. */
  emissive: Vec3;
  doubleSided: boolean;
  baseColorTexture: number;
  metallicRoughnessTexture: number;
  emissiveTexture: number;
  /**
   * KHR_materials_unlit: the base colour (times its texture) is the radiance camera rays see, and every other ray
   * (shadow, bounce) passes through, as Blender's glTF importer builds it ("Is Camera Ray" mixing emission with
   * transparency). Such a surface neither lights, shades nor shadows the scene: PoR marks rely on it.
   */
  unlit: boolean;
}

export const WRAP_REPEAT = 0;
export const WRAP_CLAMP = 1;
export const WRAP_MIRROR = 2;

export interface SceneTexture {
  width: number;
  height: number;
  /** RGB, linear (sRGB images are converted when decoded). */
  texels: Float32Array;
  wrapS: number;
  wrapT: number;
  /** The sampler's magFilter is NEAREST: one texel, no interpolation (the tracer has no mipmaps either way). */
  nearest: boolean;
}

export type ChannelPath = "translation" | "rotation" | "scale";
export type Interpolation = "LINEAR" | "STEP" | "CUBICSPLINE";

export interface SceneChannel {
  node: number;
  path: ChannelPath;
  interpolation: Interpolation;
  times: Float32Array;
  /** Keyframe values; CUBICSPLINE stores (in-tangent, value, out-tangent) per key. */
  values: Float32Array;
}

export interface SceneSettings {
  fps: number;
  frameRange: { start: number; end: number };
  resolution: { width: number; height: number };
  environment: Vec3;
  /** Exposure in stops applied before tone mapping. */
  exposure: number;
  /** Node index of the camera frames are rendered through. */
  cameraNode: number;
}

export interface LoadedScene {
  file: string;
  format: "gltf" | "glb";
  nodes: SceneNode[];
  meshes: SceneMesh[];
  cameras: SceneCamera[];
  lights: SceneLight[];
  materials: SceneMaterial[];
  /** Empty when loaded without textures (inspect). */
  textures: SceneTexture[];
  textureCount: number;
  channels: SceneChannel[];
  settings: SceneSettings;
}
