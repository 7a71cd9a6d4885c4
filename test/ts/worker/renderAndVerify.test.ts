import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sampleScene } from "../../../keepers/engines/index.js";
import { markGltfTask } from "../../../keepers/engines/pathtracer/marks/markGltfTask.js";
import { storeManifest, type FrameManifest } from "../../../keepers/results/frameManifest.js";
import { createHeliaStore } from "../../../keepers/storage/heliaStore.js";
import { serveBlocks } from "../../../keepers/storage/serveBlocks.js";
import { verifyResult } from "../../../keepers/verifier/verifyResult.js";
import { renderAssignment, type AssignedTask } from "../../../keepers/worker/renderAssignment.js";
import { deriveTaskSecret } from "../../../por/deriveTaskSecret.js";
import { createTaskKey } from "../../../por/taskKey.js";
import { MANAGER_SECRET } from "../por/porFixtures.js";
import { cleanup, listen, tempDir } from "../storage/storageHelpers.js";

const JOB = `0x${"0b".repeat(32)}`;
const RESOLUTION = { width: 128, height: 72 };

/**
 * The manager's store holds the marked scene, the worker's store fetches it through the manager's gateway and keeps
 * its frames, the verifier's store fetches those through the worker's: three daemons' storage on loopback.
 */
async function setup() {
  const room = await sampleScene("room");
  const dirs = await Promise.all([tempDir(), tempDir(), tempDir(), tempDir()]);
  const manager = await createHeliaStore({ dir: dirs[0]! });
  const managerGateway = await listen((q, r) => void (serveBlocks(manager)(q, r) || r.writeHead(404).end()));
  const worker = await createHeliaStore({ dir: dirs[1]!, gateways: [managerGateway.url] });
  const workerGateway = await listen((q, r) => void (serveBlocks(worker)(q, r) || r.writeHead(404).end()));
  const verifier = await createHeliaStore({ dir: dirs[2]!, gateways: [workerGateway.url, managerGateway.url] });
  const taskId = `${JOB}/0`;
  const marked = await markGltfTask(room.path, join(dirs[3]!, "marked.glb"), {
    frames: [0, 1], resolution: RESOLUTION, key: createTaskKey(MANAGER_SECRET, taskId, { n: 8, amplitude: 0.5 }), secret: deriveTaskSecret(MANAGER_SECRET, taskId),
    render: { samples: 16, bounces: 3 },
  });
  const markedCid = await manager.addFile(join(dirs[3]!, "marked.glb"));
  const originalCid = await manager.addFile(room.path);
  const task: AssignedTask = {
    attemptId: 1, jobId: JOB, taskIndex: 0, frameStart: 0, frameEnd: 1, sceneCid: markedCid, engine: "pathtracer", ...RESOLUTION, samples: 16, bounces: 3, seed: 4242,
  };
  const close = async () => {
    await Promise.all([managerGateway.close(), workerGateway.close()]);
    await Promise.all([manager.close(), worker.close(), verifier.close()]);
    await cleanup(...dirs);
  };
  return { manager, worker, verifier, key: marked.key, task, originalCid, close, dir: dirs[3]! };
}

describe("a worker renders an assignment from the content store, a verifier judges its result", async () => {
  const s = await setup();
  afterAll(() => s.close());
  const check = { jobId: JOB, taskIndex: 0, ...RESOLUTION };
  let genuine: string;
  let genuineManifest: FrameManifest;

  it("renders the marked scene fetched by CID and publishes one manifest naming every frame", async () => {
    const progress: number[] = [];
    const result = await renderAssignment(s.task, { store: s.worker, threads: 1, onProgress: (p) => progress.push(p.fraction) });
    genuine = result.resultCid;
    genuineManifest = result.manifest;
    expect(result.manifest.frames.map((f) => [f.frame, f.width, f.height])).toEqual([[0, 128, 72], [1, 128, 72]]);
    expect(progress.at(-1)).toBe(1);
    // The same task rendered again gives the same CIDs: the render is deterministic in the task's seed.
    expect((await renderAssignment(s.task, { store: s.worker, threads: 2 })).resultCid).toBe(genuine);
  });

  it("accepts the genuine result: every frame passes the key-aware detector", async () => {
    const verdict = await verifyResult(s.verifier, genuine, s.key, check);
    expect(verdict.accepted).toBe(true);
    expect(verdict.frames.map((f) => [f.frame, f.matched])).toEqual([[0, 8], [1, 8]]);
    expect(Math.max(...verdict.frames.map((f) => f.falseAccept))).toBeLessThan(1e-6);
  });

  it("with the spot re-render, accepts the genuine result and rejects a 1-spp render whose marks alone pass", async () => {
    const scene = join(s.dir, "verifier-scene.glb");
    await s.verifier.saveFile(s.task.sceneCid, scene);
    const spot = { scene, engine: "pathtracer" as const, samples: 16, bounces: 3, seed: s.task.seed, verifierSecret: new Uint8Array(32).fill(5), tolerance: 0 };
    const verdict = await verifyResult(s.verifier, genuine, s.key, check, undefined, spot);
    expect(verdict.accepted).toBe(true);
    expect(verdict.frames.map((f) => f.spot)).toEqual([{ matches: true, differingPixels: 0, maxDifference: 0 }, { matches: true, differingPixels: 0, maxDifference: 0 }]);
    const cheap = await renderAssignment({ ...s.task, samples: 1 }, { store: s.worker, threads: 1 });
    expect((await verifyResult(s.verifier, cheap.resultCid, s.key, check)).accepted).toBe(true); // the marks cannot tell
    const caught = await verifyResult(s.verifier, cheap.resultCid, s.key, check, undefined, spot);
    expect(caught.accepted).toBe(false);
    expect(caught.frames.every((f) => f.spot && !f.spot.matches && f.spot.differingPixels > 0)).toBe(true);
  });

  it("rejects an unmarked render, a manifest of another task, missing frames and a result that is no manifest", async () => {
    const unmarked = await renderAssignment({ ...s.task, sceneCid: s.originalCid }, { store: s.worker, threads: 1 });
    const forged = await verifyResult(s.verifier, unmarked.resultCid, s.key, check);
    expect(forged.accepted).toBe(false);
    expect(forged.frames.every((f) => !f.accepted && f.matched === 0)).toBe(true);
    const manifest = genuineManifest;
    const otherTask = await storeManifest(s.worker, { ...manifest, taskIndex: 5 });
    expect(await verifyResult(s.verifier, otherTask, s.key, check)).toMatchObject({ accepted: false, reason: expect.stringMatching(/manifest is for .*\/5/) });
    const short = await storeManifest(s.worker, { ...manifest, frames: manifest.frames.slice(0, 1) });
    expect(await verifyResult(s.verifier, short, s.key, check)).toMatchObject({ accepted: false, reason: "frames 0 given, 0,1 expected" });
    const junk = await s.worker.addBytes(new TextEncoder().encode("not a manifest"));
    expect(await verifyResult(s.verifier, junk, s.key, check)).toMatchObject({ accepted: false, reason: expect.stringMatching(/not a JSON frame manifest/) });
    const wrongSize = await verifyResult(s.verifier, genuine, s.key, { ...check, width: 64 });
    expect(wrongSize.frames.map((f) => f.reason)).toEqual(["frame 0 is 128x72, the task renders 64x72", "frame 1 is 128x72, the task renders 64x72"]);
  });
});
