import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createBlenderEngine } from "../../../keepers/engines/blender/blenderEngine.js";
import { EngineError, engineForScene, renderToDirectory, sampleScene, type EngineErrorCode } from "../../../keepers/engines/index.js";
import { blendScenes, type BlendScenes } from "../../../keepers/engines/scenes/blendScenes.js";
import { hasBlender, tinyCyclesOptions, workRoot } from "./blenderHelpers.js";

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

describe("Blender engine errors without Blender", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "inferix-blender-errors-"));
  });

  it("is the engine for .blend scenes, and the one a caller names for glTF", () => {
    expect(engineForScene("shot.blend").name).toBe("blender-cycles");
    expect(engineForScene("room.glb").name).toBe("inferix-pathtracer");
    expect(engineForScene("room.glb", { engine: "blender" }).name).toBe("blender-cycles");
    let error: unknown;
    try {
      engineForScene("shot.blend", { engine: "pathtracer" });
    } catch (e) {
      error = e;
    }
    expectCode(error as EngineError, "ENGINE_MISSING");
  });

  it("says how to install Blender when it is missing", async () => {
    const engine = createBlenderEngine({ blender: join(dir, "no-blender-here"), device: "CPU" });
    const error = await failure(engine.render("shot.blend", tinyCyclesOptions(), () => {}));
    expectCode(error, "ENGINE_MISSING");
    expect(error.message).toContain("apt-get install -y blender python3-numpy");
    expectCode(await failure(engine.inspect("shot.blend")), "ENGINE_MISSING");
    expect(engine.version).toMatch(/blender\.unavailable$/);
  });

  it("reports a crash with the tail of Blender's stderr", async () => {
    const fake = join(dir, "crashing-blender");
    await writeFile(fake, "#!/bin/sh\necho 'Blender 3.4.1'\necho 'Error: EXCEPTION_ACCESS_VIOLATION in cycles kernel' >&2\nexit 139\n");
    await chmod(fake, 0o755);
    const error = await failure(createBlenderEngine({ blender: fake, device: "CPU" }).render("shot.blend", tinyCyclesOptions(), () => {}));
    expectCode(error, "ENGINE_CRASH");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("exited with code 139");
    expect(error.message).toContain("EXCEPTION_ACCESS_VIOLATION in cycles kernel");
  });

  it("refuses denoise, which Debian's Blender cannot do, before starting Blender", async () => {
    const engine = createBlenderEngine({ blender: join(dir, "no-blender-here"), device: "CPU" });
    const error = await failure(engine.render("shot.blend", tinyCyclesOptions({ denoise: true }), () => {}));
    expectCode(error, "OPTIONS_INVALID");
    expect(error.message).toContain("OpenImageDenoise");
    expectCode(await failure(engine.render("shot.blend", tinyCyclesOptions({ crop: { x: 60, y: 0, width: 8, height: 4 } }), () => {})), "OPTIONS_INVALID");
  });
});

describe.skipIf(!hasBlender)("Blender engine errors", () => {
  let scenes: BlendScenes;
  let dir: string;

  beforeAll(async () => {
    scenes = await blendScenes();
    dir = await mkdtemp(join(tmpdir(), "inferix-blender-errors-"));
  });

  it("refuses broken .blend files with SCENE_INVALID and leaves no output", async () => {
    const root = await workRoot();
    const engine = createBlenderEngine({ workRoot: root, device: "CPU" });
    for (const file of [scenes.truncated, scenes.garbage, join(dir, "absent.blend")]) {
      const out = join(dir, `out-${file.split("/").at(-1)}`);
      const error = await failure(renderToDirectory(engine, file, tinyCyclesOptions(), out), file);
      expectCode(error, "SCENE_INVALID");
      expect(error.message).toContain(file);
      expect(existsSync(out), `${file} left output behind`).toBe(false);
    }
    expectCode(await failure(engine.inspect(scenes.truncated)), "SCENE_INVALID");
    expect(await readdir(root)).toEqual([]);
  });

  it("refuses broken glTF files imported into Blender with SCENE_INVALID", async () => {
    const room = (await sampleScene("room")).path;
    const notJson = join(dir, "not-json.gltf");
    await writeFile(notJson, "{ this is not json");
    // Its JSON chunk is whole: the importer itself fails on the cut binary chunk.
    const truncated = join(dir, "truncated.glb");
    const bytes = await readFile(room);
    await writeFile(truncated, bytes.subarray(0, bytes.length >> 1));
    const engine = engineForScene(room, { engine: "blender" });
    for (const file of [notJson, truncated]) {
      const error = await failure(engine.render(file, tinyCyclesOptions({ frames: [0] }), () => {}), file);
      expectCode(error, "SCENE_INVALID");
      expect(error.message).toContain(file);
    }
  });

  it("refuses to render a scene with a missing texture or library, naming them, before any frame", async () => {
    const engine = createBlenderEngine({ device: "CPU" });
    const texture = await failure(engine.render(scenes.missingTexture, tinyCyclesOptions(), () => {}));
    expectCode(texture, "SCENE_INVALID");
    expect(texture.message).toContain("texture missing_albedo");
    const library = await failure(engine.render(scenes.missingLibrary, tinyCyclesOptions(), () => {}));
    expectCode(library, "SCENE_INVALID");
    expect(library.message).toContain("linked library gone-library.blend");
  });

  it("refuses a crop outside the scene's own frame (320 x 180 here)", async () => {
    const options = { ...tinyCyclesOptions({ crop: { x: 300, y: 0, width: 40, height: 10 } }) };
    delete options.resolution;
    const error = await failure(createBlenderEngine({ device: "CPU" }).render(scenes.shot, options, () => {}));
    expectCode(error, "OPTIONS_INVALID");
    expect(error.message).toContain("crop.width");
  });

  it("kills Blender when the signal aborts: CANCELLED at once, nothing left behind", async () => {
    const root = await workRoot();
    const engine = createBlenderEngine({ workRoot: root, device: "CPU" });
    const controller = new AbortController();
    const out = join(dir, "out-cancelled");
    let abortedAt = 0;
    const options = tinyCyclesOptions({ samples: 4096, resolution: { width: 320, height: 180 }, frames: [1, 2] });
    const rendering = renderToDirectory(engine, scenes.shot, options, out, () => {
      // The first progress event comes from Cycles' first sample: Blender is mid-render.
      abortedAt ||= performance.now();
      controller.abort();
    }, controller.signal);
    const error = await failure(rendering);
    expectCode(error, "CANCELLED");
    expect(abortedAt).toBeGreaterThan(0);
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(existsSync(out)).toBe(false);
    expect(await readdir(root)).toEqual([]);
  });

  it("stops with TIMEOUT past timeoutMs", async () => {
    const root = await workRoot();
    const started = performance.now();
    const options = tinyCyclesOptions({ samples: 4096, resolution: { width: 320, height: 180 }, timeoutMs: 1_500 });
    expectCode(await failure(createBlenderEngine({ workRoot: root, device: "CPU" }).render(scenes.shot, options, () => {})), "TIMEOUT");
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await readdir(root)).toEqual([]);
  });
});
