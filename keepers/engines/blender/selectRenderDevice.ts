import { EngineError } from "../engineError.js";

/** A Cycles compute backend: the `type` of a device in Blender's Cycles preferences. */
export type RenderBackend = "OPTIX" | "CUDA" | "HIP" | "ONEAPI" | "METAL" | "CPU";

/** One entry of `bpy.context.preferences.addons["cycles"].preferences.devices`, as the driver prints it. */
export interface BlenderDevice {
  name: string;
  /** Cycles' persistent id, e.g. "CUDA_NVIDIA GeForce RTX 4090_0000:01:00" (OptiX adds "_OptiX"). */
  id: string;
  type: string;
}

/** "auto", or a backend the worker's configuration insists on. */
export type DevicePreference = "auto" | RenderBackend;

export interface DeviceChoice {
  backend: RenderBackend;
  /** The devices Cycles renders on: every device of the chosen GPU backend, none for the CPU. */
  devices: readonly BlenderDevice[];
  /** Why this one, for the worker's log and its report to the network. */
  reason: string;
}

/**
 * Fastest first. OptiX and CUDA list the same NVIDIA cards; OptiX traces with the RT cores, so it wins. HIP is AMD's,
 * oneAPI Intel's, Metal Apple's.
 */
const GPU_ORDER: readonly RenderBackend[] = ["OPTIX", "CUDA", "HIP", "ONEAPI", "METAL"];

export const DEVICE_PREFERENCES: readonly DevicePreference[] = ["auto", ...GPU_ORDER, "CPU"];

export function isDevicePreference(value: string): value is DevicePreference {
  return (DEVICE_PREFERENCES as readonly string[]).includes(value);
}

function cpuChoice(reason: string): DeviceChoice {
  return { backend: "CPU", devices: [], reason };
}

/**
 * The device Blender renders with, from the devices Blender itself reports: the first GPU backend of `GPU_ORDER` with
 * at least one device (all of its devices), else the CPU. A preference other than "auto" picks that backend, and
 * fails with OPTIONS_INVALID when Blender reports no device of it: a worker configured for OptiX that silently rendered
 * on its CPU would under-deliver on what it advertised.
 */
export function selectRenderDevice(listing: readonly BlenderDevice[], preference: DevicePreference = "auto"): DeviceChoice {
  const of = (backend: RenderBackend) => listing.filter((device) => device.type === backend);
  if (preference === "CPU") return cpuChoice("configured: CPU");
  if (preference !== "auto") {
    const devices = of(preference);
    if (devices.length === 0) {
      const found = [...new Set(listing.map((device) => device.type))].join(", ") || "none";
      throw new EngineError("OPTIONS_INVALID", `render device ${preference} is configured but Blender reports no ${preference} device (it reports: ${found})`);
    }
    return { backend: preference, devices, reason: `configured: ${preference}` };
  }
  for (const backend of GPU_ORDER) {
    const devices = of(backend);
    if (devices.length > 0) return { backend, devices, reason: `auto: ${backend} is the fastest backend Blender reports` };
  }
  return cpuChoice("auto: Blender reports no GPU device");
}
