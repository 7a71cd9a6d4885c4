import { join } from "node:path";
import { callManager, type ManagerEndpoint } from "../../daemon/callManager.js";
import { engineForScene } from "../../engines/index.js";
import { withWorkDir } from "../../engines/withWorkDir.js";
import type { Logger } from "../../log/createLogger.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { uploadToManager } from "../uploadToManager.js";

/** A challenge as the manager issues it (GraphQL `BenchmarkChallenge`). */
export interface BenchmarkChallenge {
  benchmarkId: number;
  sceneId: string;
  sceneCid: string;
  seed: number;
  width: number;
  height: number;
  samples: number;
  bounces: number;
  fetchedAt: string;
}

export interface RunBenchmarksDeps {
  endpoint: ManagerEndpoint;
  /** The worker's store, with the manager as a gateway: the sample scene comes from there by CID. */
  store: ContentStore;
  /** Render threads: the worker's real capacity, which is what the benchmark is meant to measure. */
  threads: number;
  logger?: Logger;
  signal?: AbortSignal;
  workRoot?: string;
}

export interface BenchmarkReport {
  benchmarkId: number;
  resultCid: string;
  /** The worker's own view of its time (for logs only: the manager's clock is the one posted). */
  elapsedMs: number;
}

const CHALLENGES = /* GraphQL */ `query($input: NodeInput!) { benchmarks(input: $input) {
  benchmarkId sceneId sceneCid seed width height samples bounces fetchedAt } }`;
const SUBMIT = /* GraphQL */ `mutation($input: BenchmarkResultInput!) { submitBenchmark(input: $input) { outcome } }`;

/** Frame 0 of the challenge's scene at its settings and seed, built-in engine, denoiser off: the PNG's bytes. */
async function renderChallenge(challenge: BenchmarkChallenge, deps: RunBenchmarksDeps): Promise<Uint8Array> {
  return withWorkDir("inferix-benchmark-", async (dir) => {
    const scene = join(dir, "scene.glb");
    await deps.store.saveFile(challenge.sceneCid, scene, deps.signal ? { signal: deps.signal } : {});
    const [frame] = await engineForScene(scene, { engine: "pathtracer" }).render(scene, {
      frames: [0], samples: challenge.samples, seed: challenge.seed, bounces: challenge.bounces, denoise: false, threads: deps.threads,
      resolution: { width: challenge.width, height: challenge.height },
    }, () => {}, deps.signal);
    return frame!.png;
  }, deps.workRoot);
}

/**
 * The worker's side of the IB benchmark (keepers/README "Benchmark rounds"): reads its open challenges (the manager's
 * clock starts at that read), renders each as asked, uploads the frame to the manager and reports its CID (the clock
 * stops there). One at a time and at once: every moment between the read and the report counts against the worker's
 * IB, so the caller runs this before taking tasks rather than beside them. Returns what was reported.
 */
export async function runBenchmarks(deps: RunBenchmarksDeps): Promise<BenchmarkReport[]> {
  const { endpoint, signal } = deps;
  const challenges = await callManager<BenchmarkChallenge[]>(endpoint, "benchmarks", CHALLENGES, { nodeId: endpoint.nodeId.toString() }, signal);
  const reports: BenchmarkReport[] = [];
  for (const challenge of challenges) {
    const started = performance.now();
    const png = await renderChallenge(challenge, deps);
    const resultCid = await deps.store.addBytes(png);
    await uploadToManager(endpoint, png, resultCid, signal);
    await callManager(endpoint, "submitBenchmark", SUBMIT, { nodeId: endpoint.nodeId.toString(), benchmarkId: challenge.benchmarkId, resultCid }, signal);
    const report = { benchmarkId: challenge.benchmarkId, resultCid, elapsedMs: Math.round(performance.now() - started) };
    deps.logger?.info({ ...report, sceneId: challenge.sceneId }, "benchmark frame reported");
    reports.push(report);
  }
  return reports;
}
