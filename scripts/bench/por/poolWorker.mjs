// Entry of the bench's worker threads: plain Node, so tsx's scoped `tsImport` loads the TypeScript jobs (as the
// path tracer's renderWorker.mjs does).
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const jobs = await tsImport("./jobs.ts", import.meta.url);
parentPort.on("message", async ({ id, kind, input }) => {
  try {
    parentPort.postMessage({ id, output: await jobs.runJob(kind, input) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
  }
});
