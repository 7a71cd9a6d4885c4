/**
 * One frame of a scene, flattened into typed arrays for the hot loop: world-space triangles in BVH order, materials,
 * textures, lights and the camera. The arrays live in SharedArrayBuffers so worker threads read the very same memory
 * as the main thread (no copy, and no chance of a worker tracing different data).
 */
export interface FrameScene {
  /** Full-frame resolution (a crop renders a rectangle of it). */
  width: number;
  height: number;
  /** 6 floats per BVH node: min xyz, max xyz. */
  nodeBounds: Float32Array;
  /** 2 ints per BVH node: [first child (its sibling follows), 0] for an inner node, [first triangle, count] for a leaf. */
  nodeInfo: Int32Array;
  /** 9 floats per triangle, in BVH order: v0, v1 - v0, v2 - v0. */
  triVerts: Float32Array;
  /** 9 floats per triangle: unit shading normals at v0, v1, v2. */
  triNormals: Float32Array;
  /** 6 floats per triangle: TEXCOORD_0 at v0, v1, v2. */
  triUvs: Float32Array;
  triMaterial: Int32Array;
  /** Per triangle: the probability density (per unit area) of choosing it for light sampling, 0 if it emits nothing. */
  triLightPdf: Float32Array;
  /** Emissive triangles and the cumulative distribution they are sampled by (proportional to emitted power). */
  emissiveTris: Int32Array;
  emissiveCdf: Float64Array;
  /** MATERIAL_STRIDE floats per material, see the offsets below. */
  materials: Float32Array;
  /** All textures' RGB texels, one after the other. */
  texels: Float32Array;
  /** TEXTURE_STRIDE ints per texture: texel offset, width, height, wrapS, wrapT, nearest (1) or bilinear (0). */
  textureInfo: Int32Array;
  /** LIGHT_STRIDE floats per punctual light, see the offsets below. */
  lights: Float32Array;
  lightCount: number;
  /** CAMERA_* offsets below. */
  camera: Float64Array;
  /** Linear RGB radiance of the background. */
  environment: Float64Array;
  /** Linear scale applied before tone mapping (2^exposure). */
  exposureScale: number;
}

export const MATERIAL_STRIDE = 13;
export const M_BASE = 0;
export const M_METALLIC = 3;
export const M_ROUGHNESS = 4;
export const M_EMISSIVE = 5;
export const M_DOUBLE_SIDED = 8;
export const M_BASE_TEXTURE = 9;
export const M_MR_TEXTURE = 10;
export const M_EMISSIVE_TEXTURE = 11;
/** 1 for a KHR_materials_unlit material: seen by camera rays only (see `SceneMaterial.unlit`). */
export const M_UNLIT = 12;

export const TEXTURE_STRIDE = 6;

export const LIGHT_STRIDE = 12;
export const L_TYPE = 0;
export const L_POSITION = 1;
/** The direction the light shines along (spot axis, sun direction). */
export const L_DIRECTION = 4;
export const L_RADIANCE = 7;
export const L_COS_OUTER = 10;
export const L_COS_INNER = 11;
export const LIGHT_POINT = 0;
export const LIGHT_SPOT = 1;
export const LIGHT_DIRECTIONAL = 2;

export const CAMERA_POSITION = 0;
export const CAMERA_RIGHT = 3;
export const CAMERA_UP = 6;
export const CAMERA_FORWARD = 9;
export const CAMERA_ORTHOGRAPHIC = 12;
/** tan(yfov / 2) for a perspective camera, the half height (ymag) for an orthographic one. */
export const CAMERA_HALF_HEIGHT = 13;
export const CAMERA_SIZE = 16;

export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, length) * 8), 0, length);
}

export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

/**
 * A frame scene as one object literal with its fields in a fixed order. Every frame scene the tracer reads goes
 * through here, in the main thread and in workers, so all have one hidden class (a spread or a structured clone
 * builds its own) and the hot loop's property loads stay monomorphic.
 */
export function frameSceneOf(s: FrameScene): FrameScene {
  return {
    width: s.width,
    height: s.height,
    nodeBounds: s.nodeBounds,
    nodeInfo: s.nodeInfo,
    triVerts: s.triVerts,
    triNormals: s.triNormals,
    triUvs: s.triUvs,
    triMaterial: s.triMaterial,
    triLightPdf: s.triLightPdf,
    emissiveTris: s.emissiveTris,
    emissiveCdf: s.emissiveCdf,
    materials: s.materials,
    texels: s.texels,
    textureInfo: s.textureInfo,
    lights: s.lights,
    lightCount: s.lightCount,
    camera: s.camera,
    environment: s.environment,
    exposureScale: s.exposureScale,
  };
}
