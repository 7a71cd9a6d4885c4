import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { abortSignalFor } from "../abortSignalFor.js";
import { benchmarkSampleScenes } from "../benchmarkSampleScenes.js";
import type { Engine, ProgressListener, RenderedFrame, RenderOptions, Resolution, SceneInfo } from "../engine.js";
import { EngineError, asEngineError } from "../engineError.js";
import { resolveCrop, validateRenderOptions } from "../validateRenderOptions.js";
import { withWorkDir } from "../withWorkDir.js";
import { normalizePng } from "./normalizePng.js";
import { readBlenderVersion } from "./readBlenderVersion.js";
import { readGpuInfo, type GpuInfo } from "./readGpuInfo.js";
import { runDriver } from "./runDriver.js";
import { isDevicePreference, selectRenderDevice, type BlenderDevice, type DeviceChoice, type DevicePreference } from "./selectRenderDevice.js";
import { trackProgress } from "./trackProgress.js";

export const BLENDER_ENGINE_NAME = "blender-cycles";
/** Bump when the driver changes what a render produces (its settings, the loading of glTF scenes). */
const DRIVER_VERSION = "1.0.0";
/** Cycles' seed is a signed 32-bit property: the top bit of ours is dropped. */
const CYCLES_SEED_RANGE = 2 ** 31;

export interface BlenderConfig {
  /** The Blender executable; default `$INFERIX_BLENDER`, else `blender` on the PATH. */
  blender?: string;
  /** "auto" (OptiX, CUDA, HIP... then the CPU) or one backend; default `$INFERIX_BLENDER_DEVICE`, else "auto". */
  device?: DevicePreference;
  /** Where each call's temporary directory (request, result, Blender's PNGs) is made; default the OS's. */
  workRoot?: string;
}

export interface BlenderEngine extends Engine {
  /** The device renders use, chosen once per engine from the devices Blender reports. */
  renderDevice(): Promise<DeviceChoice>;
  /** What a worker reports about its hardware: the render device, and the NVIDIA GPUs' model and memory. */
  hardware(): Promise<{ device: DeviceChoice; gpus: GpuInfo[] }>;
}

/** The configuration from the environment (`INFERIX_BLENDER`, `INFERIX_BLENDER_DEVICE`). */
export function blenderConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BlenderConfig {
  const device = env["INFERIX_BLENDER_DEVICE"] ?? "auto";
  if (!isDevicePreference(device)) throw new EngineError("OPTIONS_INVALID", `INFERIX_BLENDER_DEVICE must be auto, OPTIX, CUDA, HIP, ONEAPI, METAL or CPU, got ${device}`);
  return { blender: env["INFERIX_BLENDER"] ?? "blender", device };
}

interface Context {
  blender: string;
  workRoot: string | undefined;
  renderDevice: () => Promise<DeviceChoice>;
}

async function inspect(context: Context, file: string): Promise<SceneInfo> {
  try {
    return await withWorkDir("inferix-blender-", async (workDir) => {
      const { info } = await runDriver<{ info: SceneInfo }>({ blender: context.blender, workDir, request: { mode: "inspect", scene: resolve(file) } });
      return info;
    }, context.workRoot);
  } catch (error) {
    throw asEngineError(error, `inspecting ${file}`);
  }
}

/** Checks what Blender need not start for. */
function refuseEarly(options: RenderOptions): void {
  validateRenderOptions(options);
  if (options.denoise) {
    throw new EngineError(
      "OPTIONS_INVALID",
      "denoise: Blender Cycles renders without a denoiser here (Debian's Blender has no OpenImageDenoise, and a denoised crop would not equal its rectangle of the full frame); ask for denoise: false",
    );
  }
  if (options.resolution) resolveCrop(options.crop, options.resolution);
}

async function renderInBlender(context: Context, file: string, options: RenderOptions, onProgress: ProgressListener, signal: AbortSignal): Promise<RenderedFrame[]> {
  const device = await context.renderDevice();
  return withWorkDir("inferix-blender-", async (workDir) => {
    const outDir = join(workDir, "frames");
    await mkdir(outDir);
    const tracker = trackProgress(options.frames, onProgress);
    const request = {
      mode: "render", scene: resolve(file), outDir, frames: options.frames, samples: options.samples, seed: options.seed % CYCLES_SEED_RANGE,
      bounces: options.bounces, threads: options.threads, resolution: options.resolution ?? null, crop: options.crop ?? null,
      device: { backend: device.backend, ids: device.devices.map((d) => d.id) },
    };
    const { frame } = await runDriver<{ frame: Resolution }>({ blender: context.blender, workDir, request, signal, onLine: tracker.onLine });
    const crop = resolveCrop(options.crop, frame);
    const frames: RenderedFrame[] = [];
    for (const [index, number] of options.frames.entries()) {
      const png = await readFile(join(outDir, `${String(index).padStart(6, "0")}.png`));
      frames.push({ frame: number, width: crop.width, height: crop.height, png: normalizePng(png, crop, `${file} frame ${number}`) });
    }
    tracker.finish();
    return frames;
  }, context.workRoot);
}

async function render(context: Context, file: string, options: RenderOptions, onProgress: ProgressListener, callerSignal?: AbortSignal): Promise<RenderedFrame[]> {
  refuseEarly(options);
  const { signal, timedOut } = abortSignalFor(callerSignal, options.timeoutMs);
  try {
    if (signal.aborted) throw new EngineError("CANCELLED", "render aborted before it started");
    return await renderInBlender(context, file, options, onProgress, signal);
  } catch (error) {
    if (timedOut()) throw new EngineError("TIMEOUT", `render of ${file} exceeded ${options.timeoutMs} ms`, { cause: error });
    throw asEngineError(error, `rendering ${file}`);
  }
}

/** Remembers a promise's value, but not its failure: Blender installed after a failed call is found by the next. */
function memoize<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/**
 * Blender Cycles behind the engine interface: `.blend` scenes, and glTF scenes imported into an empty scene (for
 * comparing with the built-in path tracer on identical scenes). Every call runs one headless Blender process with
 * `driver.py`; see the README's "Render engines" for what is fixed and why.
 */
export function createBlenderEngine(config: BlenderConfig = {}): BlenderEngine {
  const blender = config.blender ?? "blender";
  const preference = config.device ?? "auto";
  const renderDevice = memoize(async () => {
    if (preference === "CPU") return selectRenderDevice([], "CPU"); // nothing to ask Blender
    const listing = await withWorkDir("inferix-blender-", (workDir) => runDriver<{ devices: BlenderDevice[] }>({ blender, workDir, request: { mode: "devices" } }), config.workRoot);
    return selectRenderDevice(listing.devices, preference);
  });
  const context: Context = { blender, workRoot: config.workRoot, renderDevice };
  const renderCall: Engine["render"] = (file, options, onProgress, signal) => render(context, file, options, onProgress, signal);
  let version: string | null = null;
  return {
    name: BLENDER_ENGINE_NAME,
    get version() {
      if (version) return version;
      const blenderVersion = readBlenderVersion(blender);
      if (!blenderVersion) return `${DRIVER_VERSION}+blender.unavailable`; // asked again next time: it may get installed
      version = `${DRIVER_VERSION}+blender.${blenderVersion}`;
      return version;
    },
    extensions: [".blend", ".glb", ".gltf"],
    inspect: (file) => inspect(context, file),
    render: renderCall,
    benchmark: (options) => benchmarkSampleScenes(renderCall, options),
    renderDevice,
    hardware: async () => ({ device: await renderDevice(), gpus: await readGpuInfo() }),
  };
}
