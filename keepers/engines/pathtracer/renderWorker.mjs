// Entry of the render worker threads. Worker threads start as plain Node, without the TypeScript loader of the
// process that spawned them (vitest transforms modules in-process; tsx registers a loader that a worker inherits
// through execArgv, but vitest's is not one): tsx's scoped `tsImport` loads the TypeScript worker module the same
// way in both, resolving the repository's `.js` import specifiers to the `.ts` sources.
import { tsImport } from "tsx/esm/api";

const worker = await tsImport("./renderWorker.ts", import.meta.url);
worker.runRenderWorker();
