import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blenderConfigFromEnv, createBlenderEngine } from "../../../keepers/engines/blender/blenderEngine.js";
import { parseNvidiaSmi } from "../../../keepers/engines/blender/readGpuInfo.js";
import { selectRenderDevice, type BlenderDevice } from "../../../keepers/engines/blender/selectRenderDevice.js";
import { EngineError } from "../../../keepers/engines/engineError.js";
import { hasBlender } from "./blenderHelpers.js";

function listing(name: string): BlenderDevice[] {
  const url = new URL(`./fixtures/blender-devices-${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { devices: BlenderDevice[] }).devices;
}

function failure(run: () => unknown): EngineError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error("expected a failure");
}

describe("Cycles device selection on recorded listings", () => {
  it("picks OptiX, with every card, on an NVIDIA RTX box that lists OptiX and CUDA", () => {
    const choice = selectRenderDevice(listing("rtx"));
    expect(choice.backend).toBe("OPTIX");
    expect(choice.devices.map((d) => d.id)).toEqual([
      "CUDA_NVIDIA GeForce RTX 4090_0000:01:00_OptiX",
      "CUDA_NVIDIA GeForce RTX 3090_0000:02:00_OptiX",
    ]);
  });

  it("picks CUDA there when the configuration says so, and HIP on an AMD box", () => {
    const cuda = selectRenderDevice(listing("rtx"), "CUDA");
    expect(cuda.backend).toBe("CUDA");
    expect(cuda.devices.every((d) => d.type === "CUDA" && !d.id.endsWith("_OptiX"))).toBe(true);
    const amd = selectRenderDevice(listing("amd"));
    expect(amd).toMatchObject({ backend: "HIP", devices: [{ name: "AMD Radeon RX 7900 XTX" }] });
  });

  it("falls back to the CPU on a CPU-only box, and uses it on any box configured for it", () => {
    expect(selectRenderDevice(listing("cpu"))).toMatchObject({ backend: "CPU", devices: [] });
    expect(selectRenderDevice(listing("rtx"), "CPU").backend).toBe("CPU");
  });

  it("refuses a configured backend Blender does not report, naming what it does report", () => {
    const error = failure(() => selectRenderDevice(listing("amd"), "OPTIX"));
    expect(error.code).toBe("OPTIONS_INVALID");
    expect(error.message).toContain("HIP, CPU");
  });

  it("reads the device preference and Blender's path from the environment", () => {
    expect(blenderConfigFromEnv({ INFERIX_BLENDER_DEVICE: "HIP", INFERIX_BLENDER: "/opt/blender/blender" })).toEqual({ blender: "/opt/blender/blender", device: "HIP" });
    expect(blenderConfigFromEnv({}).device).toBe("auto");
    expect(failure(() => blenderConfigFromEnv({ INFERIX_BLENDER_DEVICE: "TPU" })).code).toBe("OPTIONS_INVALID");
  });

  it.skipIf(!hasBlender)("lists this machine's devices through Blender and renders on the CPU (no GPU here)", async () => {
    const engine = createBlenderEngine();
    const { device, gpus } = await engine.hardware();
    expect(device.backend).toBe("CPU");
    expect(device.reason).toContain("no GPU");
    expect(gpus).toEqual([]);
  });
});

describe("nvidia-smi", () => {
  it("parses GPU model and memory from a recorded query", () => {
    const output = readFileSync(new URL("./fixtures/nvidia-smi.txt", import.meta.url), "utf8");
    expect(parseNvidiaSmi(output)).toEqual([
      { name: "NVIDIA GeForce RTX 4090", memoryMiB: 24564 },
      { name: "NVIDIA GeForce RTX 3090", memoryMiB: 24576 },
    ]);
  });

  it("skips lines it cannot read instead of guessing", () => {
    const output = "NVIDIA A100-SXM4-80GB, 81920 MiB\r\nNVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\nTesla T4, [N/A]\n\n";
    expect(parseNvidiaSmi(output)).toEqual([{ name: "NVIDIA A100-SXM4-80GB", memoryMiB: 81920 }]);
  });
});
