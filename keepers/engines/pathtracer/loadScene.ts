import type { Camera, Document, Mesh, Node } from "@gltf-transform/core";
import type { Light } from "@gltf-transform/extensions";
import { EngineError } from "../engineError.js";
import { readGltfDocument } from "./readGltfDocument.js";
import { readMaterials } from "./readMaterials.js";
import { readFloats, readMesh } from "./readMesh.js";
import { readSceneSettings } from "./readSceneSettings.js";
import type { ChannelPath, Interpolation, LoadedScene, SceneCamera, SceneChannel, SceneLight, SceneNode } from "./sceneModel.js";

interface Graph {
  nodes: SceneNode[];
  index: Map<Node, number>;
  meshes: Mesh[];
  cameras: SceneCamera[];
  cameraNodes: { node: number; name: string }[];
  lights: SceneLight[];
}

function readCamera(camera: Camera): SceneCamera {
  return { name: camera.getName(), type: camera.getType(), yfov: camera.getYFov(), xmag: camera.getXMag(), ymag: camera.getYMag() };
}

function readLight(light: Light): SceneLight {
  const [r, g, b] = light.getColor();
  const intensity = light.getIntensity();
  return {
    type: light.getType() as SceneLight["type"],
    radiance: [r * intensity, g * intensity, b * intensity],
    innerConeAngle: light.getInnerConeAngle(),
    outerConeAngle: light.getOuterConeAngle(),
  };
}

/** Flattens the default scene's node tree, parents first, collecting the meshes, cameras and lights it instantiates. */
function readGraph(document: Document, file: string): Graph {
  const root = document.getRoot();
  const scene = root.getDefaultScene() ?? root.listScenes()[0];
  if (!scene) throw new EngineError("SCENE_INVALID", `${file}: the glTF holds no scene`);
  const graph: Graph = { nodes: [], index: new Map(), meshes: [], cameras: [], cameraNodes: [], lights: [] };
  const meshIndex = new Map<Mesh, number>();
  const visit = (node: Node, parent: number): void => {
    if (graph.index.has(node)) throw new EngineError("SCENE_INVALID", `${file}: node "${node.getName()}" appears twice in the scene graph`);
    const self = graph.nodes.length;
    graph.index.set(node, self);
    const mesh = node.getMesh();
    if (mesh && !meshIndex.has(mesh)) {
      meshIndex.set(mesh, graph.meshes.length);
      graph.meshes.push(mesh);
    }
    const camera = node.getCamera();
    const light = node.getExtension<Light>("KHR_lights_punctual");
    graph.nodes.push({
      name: node.getName() || `node${self}`,
      parent,
      translation: [...node.getTranslation()],
      rotation: [...node.getRotation()],
      scale: [...node.getScale()],
      mesh: mesh ? meshIndex.get(mesh)! : -1,
      camera: camera ? graph.cameras.push(readCamera(camera)) - 1 : -1,
      light: light ? graph.lights.push(readLight(light)) - 1 : -1,
    });
    if (camera) graph.cameraNodes.push({ node: self, name: graph.nodes[self]!.name });
    for (const child of node.listChildren()) visit(child, self);
  };
  for (const node of scene.listChildren()) visit(node, -1);
  return graph;
}

const PATHS: readonly ChannelPath[] = ["translation", "rotation", "scale"];

/** TRS channels targeting nodes of the scene; morph weights are not rendered, so their channels are dropped. */
function readChannels(document: Document, index: Map<Node, number>, file: string): { channels: SceneChannel[]; seconds: number } {
  const channels: SceneChannel[] = [];
  let seconds = 0;
  for (const animation of document.getRoot().listAnimations()) {
    for (const channel of animation.listChannels()) {
      const target = channel.getTargetNode();
      const path = channel.getTargetPath() as ChannelPath | null;
      const sampler = channel.getSampler();
      const node = target ? index.get(target) : undefined;
      if (node === undefined || !path || !PATHS.includes(path) || !sampler) continue;
      const input = sampler.getInput();
      const output = sampler.getOutput();
      if (!input || !output) throw new EngineError("SCENE_INVALID", `${file}: animation "${animation.getName()}" has a sampler without data`);
      const times = readFloats(input);
      const interpolation = sampler.getInterpolation() as Interpolation;
      const values = readFloats(output);
      const width = (path === "rotation" ? 4 : 3) * (interpolation === "CUBICSPLINE" ? 3 : 1);
      if (times.length === 0 || values.length !== times.length * width) {
        throw new EngineError("SCENE_INVALID", `${file}: animation "${animation.getName()}" channel ${path} has ${values.length} values for ${times.length} keys`);
      }
      for (let i = 1; i < times.length; i++) {
        if (!(times[i]! > times[i - 1]!)) throw new EngineError("SCENE_INVALID", `${file}: animation "${animation.getName()}" key times must increase`);
      }
      seconds = Math.max(seconds, times[times.length - 1]!);
      channels.push({ node, path, interpolation, times, values });
    }
  }
  return { channels, seconds };
}

/**
 * Loads a glTF scene into the tracer's plain-data model. Without `textures` nothing is decoded (inspect only needs
 * counts), which keeps a manager's quote fast on texture-heavy scenes.
 */
export async function loadScene(file: string, options: { textures: boolean }): Promise<LoadedScene> {
  try {
    return await readScene(file, options);
  } catch (error) {
    // Errors raised deep in the reader name the mesh or texture; the file is what a person looks for first.
    if (error instanceof EngineError && error.code === "SCENE_INVALID" && !error.detail.startsWith(file)) {
      throw new EngineError("SCENE_INVALID", `${file}: ${error.detail}`, { cause: error });
    }
    throw error;
  }
}

async function readScene(file: string, options: { textures: boolean }): Promise<LoadedScene> {
  const { document, format } = await readGltfDocument(file);
  const graph = readGraph(document, file);
  const { materials, textures, index, defaultMaterial } = await readMaterials(document, options.textures);
  const meshes = graph.meshes.map((mesh) => readMesh(mesh, index, defaultMaterial));
  const { channels, seconds } = readChannels(document, graph.index, file);
  const scene = document.getRoot().getDefaultScene() ?? document.getRoot().listScenes()[0]!;
  const settings = readSceneSettings(scene.getExtras(), { file, animationSeconds: seconds, cameras: graph.cameraNodes });
  return {
    file,
    format,
    nodes: graph.nodes,
    meshes,
    cameras: graph.cameras,
    lights: graph.lights,
    materials,
    textures,
    textureCount: document.getRoot().listTextures().length,
    channels,
    settings,
  };
}
