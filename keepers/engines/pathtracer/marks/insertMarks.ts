import { rename, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Logger, NodeIO, type Accessor, type Buffer, type Document, type Material, type Mesh } from "@gltf-transform/core";
import { KHRMaterialsUnlit } from "@gltf-transform/extensions";
import { encode } from "fast-png";
import { markTexture } from "../../../../por/markTexture.js";
import type { PlacedMark } from "../../../../por/placeMarks.js";
import type { TaskKey } from "../../../../por/taskKey.js";
import { EngineError } from "../../engineError.js";
import { GLTF_EXTENSIONS, readGltfDocument } from "../readGltfDocument.js";
import { quaternionFromAxes } from "../../../../por/quaternionFromAxes.js";

const GL_CLAMP_TO_EDGE = 33071;
const GL_NEAREST = 9728;

export interface InsertMarksOptions {
  /** Each mark's unlit base colour (linear RGB, channels <= 1), by mark: see `calibrateMarkColour`. */
  colours: readonly (readonly [number, number, number])[];
  /** The scene's frames per second (frame f is shown at f / fps): where the keys go. */
  fps: number;
}

/** A unit quad in its local xy plane facing +z, uv (0, 0) at its top-left corner: the texture reads upright. */
function quadAccessors(document: Document, buffer: Buffer): { position: Accessor; normal: Accessor; uv: Accessor; indices: Accessor } {
  const make = (type: "VEC2" | "VEC3" | "SCALAR", array: Float32Array | Uint16Array) => document.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  return {
    position: make("VEC3", new Float32Array([-0.5, -0.5, 0, 0.5, -0.5, 0, 0.5, 0.5, 0, -0.5, 0.5, 0])),
    normal: make("VEC3", new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1])),
    uv: make("VEC2", new Float32Array([0, 1, 1, 1, 1, 0, 0, 0])),
    indices: make("SCALAR", new Uint16Array([0, 1, 2, 0, 2, 3])),
  };
}

function markMaterial(document: Document, unlit: KHRMaterialsUnlit, key: TaskKey, mark: PlacedMark, colour: readonly number[]): Material {
  const noise = key.noises[mark.noise]!;
  const { width, height } = mark;
  const png = encode({ width, height, data: markTexture(noise, width, height, mark.texelsPerPixel), channels: 1, depth: 8 });
  const texture = document.createTexture(`mark${mark.noise}`).setImage(png).setMimeType("image/png");
  const material = document
    .createMaterial(`mark${mark.noise}`)
    .setBaseColorFactor([colour[0]!, colour[1]!, colour[2]!, 1])
    .setBaseColorTexture(texture)
    .setMetallicFactor(0)
    .setExtension("KHR_materials_unlit", unlit.createUnlit());
  material.getBaseColorTextureInfo()!.setWrapS(GL_CLAMP_TO_EDGE).setWrapT(GL_CLAMP_TO_EDGE).setMagFilter(GL_NEAREST).setMinFilter(GL_NEAREST);
  return material;
}

/**
 * Inserts the marks that `placeMarks` placed into a glTF scene (WP §III-B) and writes the result as a NEW .glb at
 * `output`; the input file is only read. Each mark is a quad node with an unlit material (KHR_materials_unlit)
 * showing its noise texture (eq. 10 as `markTexture` samples it: one texel per imprint pixel, PNG, NEAREST filter),
 * tinted by its calibrated colour: its imprint is its colour, whatever the lights (an unlit surface is seen by camera rays only, so it neither lights, shades nor
 * shadows the scene). Orientation, position and size are keyed at every task frame (LINEAR channels at frame / fps),
 * so the quad faces the camera in every frame and its imprint is exactly the placement's region there.
 */
export async function insertMarks(input: string, output: string, key: TaskKey, marks: readonly PlacedMark[], options: InsertMarksOptions): Promise<void> {
  if (resolve(input) === resolve(output)) throw new EngineError("OPTIONS_INVALID", `marks are never written over the input scene ${input}`);
  if (!output.toLowerCase().endsWith(".glb")) throw new EngineError("OPTIONS_INVALID", `the marked scene is written as .glb, got ${output}`);
  if (options.colours.length !== marks.length) throw new EngineError("OPTIONS_INVALID", `${marks.length} marks but ${options.colours.length} colours`);
  const { document } = await readGltfDocument(input);
  const root = document.getRoot();
  const scene = root.getDefaultScene() ?? root.listScenes()[0]!;
  const { fps } = options;
  const buffer = root.listBuffers()[0] ?? document.createBuffer();
  const unlit = document.createExtension(KHRMaterialsUnlit);
  const quad = quadAccessors(document, buffer);
  const frames = marks[0]?.poses.map((p) => p.frame) ?? [];
  const times = document.createAccessor().setType("SCALAR").setArray(new Float32Array(frames.map((f) => f / fps))).setBuffer(buffer);
  const animation = document.createAnimation("marks");
  marks.forEach((mark, i) => {
    const material = markMaterial(document, unlit, key, mark, options.colours[i]!);
    const primitive = document.createPrimitive().setAttribute("POSITION", quad.position).setAttribute("NORMAL", quad.normal)
      .setAttribute("TEXCOORD_0", quad.uv).setIndices(quad.indices).setMaterial(material);
    const mesh: Mesh = document.createMesh(`mark${mark.noise}`).addPrimitive(primitive);
    const trs = mark.poses.map((p) => ({
      translation: [...p.center],
      rotation: quaternionFromAxes(p.axisX, p.axisY),
      scale: [Math.hypot(...p.axisX), Math.hypot(...p.axisY), 1],
    }));
    const first = trs[0]!;
    const node = document.createNode(`mark${mark.noise}`).setMesh(mesh)
      .setTranslation(first.translation as [number, number, number]).setRotation(first.rotation).setScale(first.scale as [number, number, number]);
    scene.addChild(node);
    for (const path of ["translation", "rotation", "scale"] as const) {
      const values = new Float32Array(trs.flatMap((t) => t[path]));
      const outputAccessor = document.createAccessor().setType(path === "rotation" ? "VEC4" : "VEC3").setArray(values).setBuffer(buffer);
      const sampler = document.createAnimationSampler().setInput(times).setOutput(outputAccessor).setInterpolation("LINEAR");
      animation.addSampler(sampler).addChannel(document.createAnimationChannel().setTargetNode(node).setTargetPath(path).setSampler(sampler));
    }
  });
  const io = new NodeIO().setLogger(new Logger(Logger.Verbosity.ERROR)).registerExtensions(GLTF_EXTENSIONS);
  const bytes = await io.writeBinary(document);
  const temporary = `${output}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, output);
}
