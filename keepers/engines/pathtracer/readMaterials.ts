import type { Document, Material, Texture, TextureInfo } from "@gltf-transform/core";
import type { EmissiveStrength, Unlit } from "@gltf-transform/extensions";
import { EngineError } from "../engineError.js";
import { decodeTexture, type DecodedImage } from "./decodeTexture.js";
import { WRAP_CLAMP, WRAP_MIRROR, WRAP_REPEAT, type SceneMaterial, type SceneTexture } from "./sceneModel.js";

export interface ReadMaterials {
  materials: SceneMaterial[];
  textures: SceneTexture[];
  /** glTF material -> index in `materials`. */
  index: Map<Material, number>;
  /** Index of the material of primitives that name none (Blender's default grey). */
  defaultMaterial: number;
}

const GL_CLAMP_TO_EDGE = 33071;
const GL_MIRRORED_REPEAT = 33648;
const GL_NEAREST = 9728;

function wrapMode(gl: number): number {
  if (gl === GL_CLAMP_TO_EDGE) return WRAP_CLAMP;
  if (gl === GL_MIRRORED_REPEAT) return WRAP_MIRROR;
  return WRAP_REPEAT;
}

/**
 * Decodes each (image, colour space) once and gives each (image, colour space, wrap modes, filter) one texture slot: a
 * material slot's sampler decides the wrapping and whether magnification is NEAREST, and base colour and emissive are
 * sRGB while metallic-roughness is data.
 */
class TextureTable {
  readonly textures: SceneTexture[] = [];
  private readonly slots = new Map<string, number>();
  private readonly images = new Map<string, Promise<DecodedImage>>();
  private readonly ids = new Map<Texture, number>();

  constructor(private readonly decode: boolean) {}

  async slot(texture: Texture | null, info: TextureInfo | null, srgb: boolean): Promise<number> {
    if (!texture || !this.decode) return -1;
    const id = this.ids.get(texture) ?? this.ids.size;
    this.ids.set(texture, id);
    const wrapS = wrapMode(info?.getWrapS() ?? 10497);
    const wrapT = wrapMode(info?.getWrapT() ?? 10497);
    const nearest = info?.getMagFilter() === GL_NEAREST;
    const key = `${id}:${srgb}:${wrapS}:${wrapT}:${nearest}`;
    const existing = this.slots.get(key);
    if (existing !== undefined) return existing;
    const slot = this.textures.length;
    this.slots.set(key, slot);
    this.textures.push({ width: 0, height: 0, texels: new Float32Array(0), wrapS, wrapT, nearest });
    const image = await this.image(texture, id, srgb);
    this.textures[slot] = { width: image.width, height: image.height, texels: image.texels, wrapS, wrapT, nearest };
    return slot;
  }

  private image(texture: Texture, id: number, srgb: boolean): Promise<DecodedImage> {
    const key = `${id}:${srgb}`;
    let pending = this.images.get(key);
    if (!pending) {
      const bytes = texture.getImage();
      const label = `"${texture.getName() || texture.getURI() || id}"`;
      if (!bytes) throw new EngineError("SCENE_INVALID", `texture ${label} has no image data`);
      pending = decodeTexture(bytes, srgb, label);
      this.images.set(key, pending);
    }
    return pending;
  }
}

async function readMaterial(material: Material, table: TextureTable): Promise<SceneMaterial> {
  const [r, g, b] = material.getBaseColorFactor();
  const strength = material.getExtension<EmissiveStrength>("KHR_materials_emissive_strength")?.getEmissiveStrength() ?? 1;
  const [er, eg, eb] = material.getEmissiveFactor();
  // An unlit surface shows its base colour and emits nothing a light sampler should find.
  const unlit = material.getExtension<Unlit>("KHR_materials_unlit") !== null;
  return {
    baseColor: [r, g, b],
    metallic: material.getMetallicFactor(),
    roughness: material.getRoughnessFactor(),
    emissive: unlit ? [0, 0, 0] : [er * strength, eg * strength, eb * strength],
    doubleSided: material.getDoubleSided(),
    baseColorTexture: await table.slot(material.getBaseColorTexture(), material.getBaseColorTextureInfo(), true),
    metallicRoughnessTexture: await table.slot(material.getMetallicRoughnessTexture(), material.getMetallicRoughnessTextureInfo(), false),
    emissiveTexture: unlit ? -1 : await table.slot(material.getEmissiveTexture(), material.getEmissiveTextureInfo(), true),
    unlit,
  };
}

/** Reads every material (and, with `decodeTextures`, its textures) of the document, in document order. */
export async function readMaterials(document: Document, decodeTextures: boolean): Promise<ReadMaterials> {
  const table = new TextureTable(decodeTextures);
  const index = new Map<Material, number>();
  const materials: SceneMaterial[] = [];
  for (const material of document.getRoot().listMaterials()) {
    index.set(material, materials.length);
    materials.push(await readMaterial(material, table));
  }
  const defaultMaterial = materials.length;
  materials.push({
    baseColor: [0.8, 0.8, 0.8], metallic: 0, roughness: 0.5, emissive: [0, 0, 0], doubleSided: true,
    baseColorTexture: -1, metallicRoughnessTexture: -1, emissiveTexture: -1, unlit: false,
  });
  return { materials, textures: table.textures, index, defaultMaterial };
}
