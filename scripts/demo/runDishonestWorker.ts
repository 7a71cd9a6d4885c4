import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import type { ManagerEndpoint } from "../../keepers/daemon/callManager.js";
import type { EngineId } from "../../keepers/engines/index.js";
import { createHeliaStore } from "../../keepers/storage/heliaStore.js";
import { runTask } from "../../keepers/worker/runTask.js";
import { workerCalls } from "../../keepers/worker/workerCalls.js";

export interface DishonestWorker {
  /** Attempts it has taken (each rendered cheaply and passed off as the job's). */
  forged(): number;
  stop(): Promise<void>;
}

/**
 * A worker that cheats the way a real one would be tempted to: it takes tasks like any worker (heartbeats, signed
 * requests, its registered operator key) but renders every frame at 1 sample per pixel instead of the job's samples,
 * and reports the result as the job's. The PoR marks come out exact at any sample count, so only the committee's spot
 * re-render can catch it (README "Proof-of-Rendering"). It runs in the demo's process from the worker's own parts;
 * the daemon that node owners run has no such switch.
 */
export async function runDishonestWorker(endpoint: ManagerEndpoint, dir: string, engine: EngineId): Promise<DishonestWorker> {
  const logger = pino({ level: "silent" });
  const calls = workerCalls(endpoint);
  const store = await createHeliaStore({ dir: join(dir, "store"), gateways: [endpoint.url] });
  await mkdir(join(dir, "work"), { recursive: true });
  const done = new Set<number>();
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      try {
        await calls.heartbeat([engine], 1, []);
        for (const task of (await calls.assignments()).filter((a) => !done.has(a.attemptId))) {
          done.add(task.attemptId);
          await runTask({ ...task, samples: 1 }, {
            endpoint, calls, store, engines: [engine], threads: 1, workRoot: join(dir, "work"), onProgress: () => {},
            retry: { attempts: 3, backoffMs: 200, logger, signal: stop.signal },
          });
        }
      } catch {
        // A failed round (the manager busy, a task refused) is tried again; this worker has nothing to keep.
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return {
    forged: () => done.size,
    stop: async () => {
      stop.abort();
      await loop;
      await store.close();
    },
  };
}
