import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Logger, NodeIO, type Document } from "@gltf-transform/core";
import { KHRLightsPunctual, KHRMaterialsEmissiveStrength } from "@gltf-transform/extensions";
import { buildHeavyScene } from "./buildHeavyScene.js";
import { buildProductScene } from "./buildProductScene.js";
import { buildRoomScene } from "./buildRoomScene.js";

export interface SampleScene {
  name: string;
  path: string;
  description: string;
}

/** Bump when a generator changes, so caches built by an older version are not reused. */
export const SAMPLE_SCENES_VERSION = "v1";

const GENERATORS: readonly { name: string; description: string; build: () => Document }[] = [
  { name: "room", description: "lit room, textured objects, animated camera and objects (frames 0-48)", build: buildRoomScene },
  { name: "product", description: "product shot: objects on a floor, spot key, point fill, rim light", build: buildProductScene },
  { name: "heavy", description: "225,280-triangle terrain with spheres under a sun", build: buildHeavyScene },
];

/** `.cache/scenes` at the repository root, or `$INFERIX_SCENE_CACHE`: where generated scenes are kept. */
export function sceneCacheRoot(): string {
  return process.env["INFERIX_SCENE_CACHE"] ?? fileURLToPath(new URL("../../../.cache/scenes/", import.meta.url));
}

/** `<scene cache>/<version>`. */
export function defaultSceneDir(): string {
  return join(sceneCacheRoot(), SAMPLE_SCENES_VERSION);
}

/** Writes one generated scene as a .glb; through a temporary file, so concurrent callers never read half a file. */
export async function writeSampleScene(document: Document, path: string): Promise<void> {
  const io = new NodeIO().setLogger(new Logger(Logger.Verbosity.ERROR)).registerExtensions([KHRLightsPunctual, KHRMaterialsEmissiveStrength]);
  const bytes = await io.writeBinary(document);
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The procedural sample scenes: the engines' test fixtures, the Image-Benchmark's scenes and the demo's job. They are
 * generated (deterministically: same bytes on every machine) into a cache directory on first use rather than
 * committed, so the repository stays small; `force` regenerates them.
 */
export async function sampleScenes(options: { dir?: string; force?: boolean } = {}): Promise<SampleScene[]> {
  const dir = options.dir ?? defaultSceneDir();
  await mkdir(dir, { recursive: true });
  const scenes: SampleScene[] = [];
  for (const generator of GENERATORS) {
    const path = join(dir, `${generator.name}.glb`);
    if (options.force || !(await exists(path))) await writeSampleScene(generator.build(), path);
    scenes.push({ name: generator.name, path, description: generator.description });
  }
  return scenes;
}

/** One sample scene by name. */
export async function sampleScene(name: "room" | "product" | "heavy"): Promise<SampleScene> {
  const scene = (await sampleScenes()).find((s) => s.name === name);
  if (!scene) throw new Error(`no sample scene named ${name}`);
  return scene;
}
