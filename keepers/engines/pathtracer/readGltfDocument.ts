import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { Logger, NodeIO, type Document } from "@gltf-transform/core";
import { KHRLightsPunctual, KHRMaterialsEmissiveStrength, KHRMaterialsUnlit, KHRMeshQuantization, KHRTextureTransform } from "@gltf-transform/extensions";
import { EngineError } from "../engineError.js";

/** The extensions the tracer understands (texture transforms are read but ignored). */
export const GLTF_EXTENSIONS = [KHRLightsPunctual, KHRMaterialsEmissiveStrength, KHRMaterialsUnlit, KHRMeshQuantization, KHRTextureTransform];

/**
 * Reads a .gltf (with its external buffers and images) or a .glb through gltf-transform, which resolves sparse
 * accessors, data URIs and matrices-as-TRS for us. Every failure is the scene's fault: SCENE_INVALID, naming the file.
 */
export async function readGltfDocument(file: string): Promise<{ document: Document; format: "gltf" | "glb" }> {
  const extension = extname(file).toLowerCase();
  if (extension !== ".gltf" && extension !== ".glb") {
    throw new EngineError("SCENE_INVALID", `${file}: not a glTF file (expected .gltf or .glb)`);
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error("not a regular file");
  } catch (error) {
    throw new EngineError("SCENE_INVALID", `${file}: scene file not found or unreadable`, { cause: error });
  }
  const io = new NodeIO().setLogger(new Logger(Logger.Verbosity.SILENT)).registerExtensions(GLTF_EXTENSIONS);
  try {
    return { document: await io.read(file), format: extension === ".glb" ? "glb" : "gltf" };
  } catch (error) {
    throw new EngineError("SCENE_INVALID", `${file}: not a valid glTF: ${(error as Error).message}`, { cause: error });
  }
}
