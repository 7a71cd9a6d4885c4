import {
  MATERIAL_STRIDE, M_BASE, M_BASE_TEXTURE, M_DOUBLE_SIDED, M_EMISSIVE, M_EMISSIVE_TEXTURE, M_METALLIC, M_MR_TEXTURE, M_ROUGHNESS, M_UNLIT,
  TEXTURE_STRIDE, sharedFloat32, sharedInt32,
} from "./frameScene.js";
import type { LoadedScene } from "./sceneModel.js";

/** The frame-independent part of a frame scene: materials and textures, packed once per render call. */
export interface PackedMaterials {
  materials: Float32Array;
  texels: Float32Array;
  textureInfo: Int32Array;
  /** Mean luminance of each texture, to weight textured emitters when choosing lights. */
  textureLuminance: number[];
}

export function luminance(r: number, g: number, b: number): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function packMaterials(scene: LoadedScene): PackedMaterials {
  const materials = sharedFloat32(scene.materials.length * MATERIAL_STRIDE);
  scene.materials.forEach((m, i) => {
    const o = i * MATERIAL_STRIDE;
    materials.set(m.baseColor, o + M_BASE);
    materials[o + M_METALLIC] = Math.min(1, Math.max(0, m.metallic));
    materials[o + M_ROUGHNESS] = Math.min(1, Math.max(0, m.roughness));
    materials.set(m.emissive, o + M_EMISSIVE);
    materials[o + M_DOUBLE_SIDED] = m.doubleSided ? 1 : 0;
    materials[o + M_BASE_TEXTURE] = m.baseColorTexture;
    materials[o + M_MR_TEXTURE] = m.metallicRoughnessTexture;
    materials[o + M_EMISSIVE_TEXTURE] = m.emissiveTexture;
    materials[o + M_UNLIT] = m.unlit ? 1 : 0;
  });
  const texels = sharedFloat32(scene.textures.reduce((sum, t) => sum + t.texels.length, 0));
  const textureInfo = sharedInt32(scene.textures.length * TEXTURE_STRIDE);
  const textureLuminance: number[] = [];
  let offset = 0;
  scene.textures.forEach((texture, i) => {
    texels.set(texture.texels, offset);
    textureInfo.set([offset, texture.width, texture.height, texture.wrapS, texture.wrapT, texture.nearest ? 1 : 0], i * TEXTURE_STRIDE);
    offset += texture.texels.length;
    let sum = 0;
    for (let p = 0; p < texture.texels.length; p += 3) sum += luminance(texture.texels[p]!, texture.texels[p + 1]!, texture.texels[p + 2]!);
    textureLuminance.push(texture.texels.length > 0 ? sum / (texture.texels.length / 3) : 0);
  });
  return { materials, texels, textureInfo, textureLuminance };
}
