import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EngineError, engineForScene, renderToDirectory, sampleScene, type EngineErrorCode, type RenderProgress } from "../../../keepers/engines/index.js";
import type { FrameScene } from "../../../keepers/engines/pathtracer/frameScene.js";
import { RenderPool } from "../../../keepers/engines/pathtracer/renderPool.js";
import { tinyOptions } from "./renderHelpers.js";

/** The error a promise rejects with, failing the test if it resolves. */
async function failure(promise: Promise<unknown>, what = "the call"): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error(`expected ${what} to fail`);
}

function expectCode(error: EngineError, code: EngineErrorCode): void {
  expect(error.code, error.message).toBe(code);
}

/** A minimal valid glTF (one triangle, one camera) to break in different ways. */
function triangleGltf(withCamera: boolean): Record<string, unknown> {
  const positions = Buffer.from(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]).buffer);
  return {
    asset: { version: "2.0" },
    scene: 0,
    scenes: [{ nodes: withCamera ? [0, 1] : [0] }],
    nodes: [{ mesh: 0 }, ...(withCamera ? [{ camera: 0, translation: [0, 0, 3] }] : [])],
    cameras: [{ type: "perspective", perspective: { yfov: 0.8, znear: 0.1 } }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }],
    accessors: [{ bufferView: 0, componentType: 5126, count: 3, type: "VEC3", min: [0, 0, 0], max: [1, 1, 0] }],
    bufferViews: [{ buffer: 0, byteLength: 36 }],
    buffers: [{ byteLength: 36, uri: `data:application/octet-stream;base64,${positions.toString("base64")}` }],
  };
}

/** The triangle with an index buffer pointing past its three vertices. */
function outOfRangeIndices(): Record<string, unknown> {
  const gltf = triangleGltf(true);
  const indices = Buffer.from(new Uint32Array([0, 1, 7]).buffer);
  return {
    ...gltf,
    meshes: [{ primitives: [{ attributes: { POSITION: 0 }, indices: 1 }] }],
    accessors: [...(gltf["accessors"] as object[]), { bufferView: 1, componentType: 5125, count: 3, type: "SCALAR" }],
    bufferViews: [...(gltf["bufferViews"] as object[]), { buffer: 1, byteLength: 12 }],
    buffers: [...(gltf["buffers"] as object[]), { byteLength: 12, uri: `data:application/octet-stream;base64,${indices.toString("base64")}` }],
  };
}

describe("engine errors", () => {
  let dir: string;
  let room: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "inferix-engine-errors-"));
    room = (await sampleScene("room")).path;
  });

  it("renders a valid hand-written glTF (the base the broken ones are made from)", async () => {
    const file = join(dir, "ok.gltf");
    await writeFile(file, JSON.stringify(triangleGltf(true)));
    const [frame] = await engineForScene(file).render(file, tinyOptions(), () => {});
    expect(frame!.png.length).toBeGreaterThan(0);
  });

  it("refuses broken scenes with SCENE_INVALID and writes no output", async () => {
    const truncated = await readFile(room);
    const broken: [string, string | Uint8Array][] = [
      ["not-json.gltf", "{ this is not json"],
      ["missing-buffer.gltf", JSON.stringify({ ...triangleGltf(true), buffers: [{ byteLength: 36, uri: "nowhere.bin" }] })],
      ["no-camera.gltf", JSON.stringify(triangleGltf(false))],
      ["bad-index.gltf", JSON.stringify(outOfRangeIndices())],
      ["truncated.glb", truncated.subarray(0, truncated.length >> 1)],
    ];
    for (const [name, content] of broken) {
      const file = join(dir, name);
      await writeFile(file, content);
      const out = join(dir, `out-${name}`);
      const error = await failure(renderToDirectory(engineForScene(file), file, tinyOptions(), out), name);
      expectCode(error, "SCENE_INVALID");
      expect(error.message).toContain(file);
      expect(existsSync(out), `${name} left output behind`).toBe(false);
    }
    expectCode(await failure(engineForScene(room).inspect(join(dir, "absent.glb"))), "SCENE_INVALID");
  });

  it("has no engine for scene formats nobody renders", () => {
    let error: unknown;
    try {
      engineForScene("shot.max");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineError);
    expectCode(error as EngineError, "ENGINE_MISSING");
    expect((error as EngineError).message).toContain(".max");
    expect((error as EngineError).message).toContain(".blend"); // among the formats it does render
  });

  it("refuses impossible options", async () => {
    const engine = engineForScene(room);
    expectCode(await failure(engine.render(room, tinyOptions({ samples: 0 }), () => {})), "OPTIONS_INVALID");
    expectCode(await failure(engine.render(room, tinyOptions({ crop: { x: 30, y: 0, width: 8, height: 4 } }), () => {})), "OPTIONS_INVALID");
  });

  it("stops with CANCELLED when the signal aborts, in-process and on workers", async () => {
    const engine = engineForScene(room);
    for (const threads of [1, 2]) {
      const controller = new AbortController();
      const options = tinyOptions({ threads, samples: 64, resolution: { width: 64, height: 36 }, frames: [0, 1] });
      const error = await failure(engine.render(room, options, () => controller.abort(), controller.signal));
      expectCode(error, "CANCELLED");
    }
    const aborted = AbortSignal.abort();
    expectCode(await failure(engine.render(room, tinyOptions(), () => {}, aborted)), "CANCELLED");
  });

  it("turns a worker thread's failure into ENGINE_CRASH", async () => {
    const pool = new RenderPool(2);
    try {
      const region = { x: 0, y: 0, width: 4, height: 4 };
      const params = { frame: 0, samples: 1, seed: 0, bounces: 0, region, guides: false };
      const buffers = { color: new Float32Array(48), albedo: new Float32Array(0), normal: new Float32Array(0) };
      // A scene without its arrays: the worker throws on the first pixel.
      const error = await failure(pool.renderFrame({} as FrameScene, params, buffers, () => {}, new AbortController().signal));
      expectCode(error, "ENGINE_CRASH");
      expect(error.retryable).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("stops with TIMEOUT past timeoutMs", async () => {
    const options = tinyOptions({ samples: 256, resolution: { width: 64, height: 36 }, timeoutMs: 50 });
    expectCode(await failure(engineForScene(room).render(room, options, () => {})), "TIMEOUT");
  });

  it("reports progress that never decreases and ends at 100%", async () => {
    const events: RenderProgress[] = [];
    await engineForScene(room).render(room, tinyOptions({ frames: [0, 10, 20], threads: 2 }), (p) => events.push(p));
    expect(events.length).toBeGreaterThan(3 * 18);
    for (let i = 1; i < events.length; i++) expect(events[i]!.fraction).toBeGreaterThanOrEqual(events[i - 1]!.fraction);
    expect(events.at(-1)).toEqual({ frame: 20, framesDone: 3, framesTotal: 3, fraction: 1 });
    expect(events[0]!.fraction).toBeGreaterThan(0);
  });
});
