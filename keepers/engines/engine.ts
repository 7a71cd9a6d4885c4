/**
 * The render engine interface shared by workers (render tasks), verifiers (re-render spot checks) and managers
 * (quotes). Engine-neutral: the built-in glTF path tracer and Blender Cycles implement it; callers choose one with
 * `engineForScene` (index.ts) and never depend on which.
 */

export interface Resolution {
  width: number;
  height: number;
}

/** A rectangle of a frame in pixels of the full frame, origin at the top-left corner. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CameraInfo {
  name: string;
  /** "panoramic": a Blender equirectangular or fisheye camera. */
  type: "perspective" | "orthographic" | "panoramic";
  /** Vertical field of view for a perspective camera. */
  yfovDegrees: number | null;
  /** True when an animation channel moves the camera or one of its ancestors. */
  animated: boolean;
}

/** What a manager needs to quote a job on a scene, read without rendering anything. */
export interface SceneInfo {
  engine: string;
  format: string;
  /** Inclusive frame range; frame f is shown at time f / fps. */
  frameRange: { start: number; end: number };
  fps: number;
  /** The resolution the scene asks for; `RenderOptions.resolution` overrides it. */
  resolution: Resolution;
  cameras: readonly CameraInfo[];
  /** The camera frames are rendered through. */
  activeCamera: string;
  /** Mesh instances in the scene. */
  objects: number;
  /** Triangles over all mesh instances (an instanced mesh counts once per instance). */
  triangles: number;
  lights: number;
  materials: number;
  textures: number;
  animated: boolean;
  /**
   * Image files the scene uses that do not exist (a .blend refers to its textures by path; a .glb carries them). A
   * render of such a scene fails with SCENE_INVALID naming them, before anything renders. Absent where a format cannot
   * refer to outside files.
   */
  missingTextures?: readonly MissingFile[];
  /** The .blend files a scene links data from: a job must ship them too, and a render fails if one is missing. */
  linkedLibraries?: readonly LinkedLibrary[];
}

export interface MissingFile {
  /** The scene's name for it (Blender's image name). */
  name: string;
  /** The absolute path the scene expects it at. */
  path: string;
}

export interface LinkedLibrary {
  name: string;
  path: string;
  found: boolean;
}

export interface RenderOptions {
  /** Frame numbers to render, in the order returned. */
  frames: readonly number[];
  /** Samples per pixel. */
  samples: number;
  /** uint32; with the frame and the absolute pixel it fixes every random number of the render. */
  seed: number;
  /** Maximum indirect bounces (0: direct light only). */
  bounces: number;
  denoise: boolean;
  /** Render only this rectangle: the result equals the same rectangle of the full frame. */
  crop?: Crop;
  /** Worker threads; 1 renders in-process. The pixels never depend on it. */
  threads: number;
  /** Overrides the scene's resolution. */
  resolution?: Resolution;
  /** Fails with TIMEOUT past this many milliseconds of rendering. */
  timeoutMs?: number;
}

export interface RenderProgress {
  /** The frame being rendered. */
  frame: number;
  framesDone: number;
  framesTotal: number;
  /** Of the whole call, in [0, 1]; never decreases and reaches 1 when the last frame is encoded. */
  fraction: number;
}

export type ProgressListener = (progress: RenderProgress) => void;

export interface RenderedFrame {
  frame: number;
  width: number;
  height: number;
  /** 8-bit sRGB PNG with no metadata: identical pixels give identical bytes. */
  png: Uint8Array;
}

/**
 * The fixed settings of the Image-Benchmark (WP eq. 19): every engine renders frame 0 of each sample scene with them,
 * so T_G measures the machine, not the settings.
 */
export const BENCHMARK_SETTINGS = {
  resolution: { width: 320, height: 180 },
  samples: 16,
  bounces: 4,
  seed: 1,
  frame: 0,
} as const;

export interface BenchmarkOptions {
  threads?: number;
  signal?: AbortSignal;
}

export interface BenchmarkResult {
  /** Sample scene name (see `sampleScenes`). */
  scene: string;
  /** T_G: wall-clock seconds of one render of the scene at `BENCHMARK_SETTINGS`, loading included. */
  seconds: number;
  samplesPerSecond: number;
}

export interface Engine {
  readonly name: string;
  /**
   * Renders by the same engine version from the same inputs are byte-identical: a verifier re-renders with the
   * version the worker reported, or compares pixels within a tolerance.
   */
  readonly version: string;
  /** Scene file extensions this engine renders, with the dot (".glb"). */
  readonly extensions: readonly string[];
  inspect(scene: string): Promise<SceneInfo>;
  /**
   * Renders the requested frames. Fails with an `EngineError`; a broken scene fails before any frame is rendered and
   * the call returns nothing, so a caller never holds a partial result.
   */
  render(scene: string, options: RenderOptions, onProgress: ProgressListener, signal?: AbortSignal): Promise<RenderedFrame[]>;
  /** Renders the sample scenes at `BENCHMARK_SETTINGS` and returns T_G per scene. */
  benchmark(options?: BenchmarkOptions): Promise<BenchmarkResult[]>;
}
