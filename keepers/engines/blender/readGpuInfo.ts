import { execFile } from "node:child_process";

export interface GpuInfo {
  name: string;
  memoryMiB: number;
}

/**
 * Parses `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader`: one "NVIDIA GeForce RTX 4090, 24564 MiB"
 * line per GPU. A line it cannot read (a driver error message, "[N/A]" memory) is skipped rather than guessed.
 */
export function parseNvidiaSmi(output: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of output.split(/\r?\n/)) {
    // The name may itself hold commas: the memory is the last field.
    const match = /^(.+),\s*(\d+)\s*MiB\s*$/.exec(line.trim());
    if (match) gpus.push({ name: match[1]!.trim(), memoryMiB: Number(match[2]) });
  }
  return gpus;
}

/** The NVIDIA GPUs of this machine, by model and memory; none when nvidia-smi is absent or fails. */
export function readGpuInfo(nvidiaSmi = "nvidia-smi"): Promise<GpuInfo[]> {
  return new Promise((resolve) => {
    execFile(nvidiaSmi, ["--query-gpu=name,memory.total", "--format=csv,noheader"], { timeout: 10_000 }, (error, stdout) => {
      resolve(error ? [] : parseNvidiaSmi(stdout));
    });
  });
}
