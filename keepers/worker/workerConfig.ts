import { availableParallelism } from "node:os";
import { z } from "zod";
import { NODE_VARIABLES, nodeConfigFields } from "../daemon/nodeConfig.js";

/** A comma-separated list from the environment ("pathtracer,blender"), or an array from the config file. */
const engineList = z.preprocess(
  (value) => (typeof value === "string" ? value.split(",").map((e) => e.trim()).filter((e) => e !== "") : value),
  z.array(z.enum(["pathtracer", "blender"], { error: 'engines are "pathtracer" and "blender"' })).min(1, "name at least one engine"),
);

/** `ifx worker start`'s config (STYLE 14): validated once at start-up, every problem listed. */
export const workerConfigSchema = z.strictObject({
  ...nodeConfigFields,
  /** Render threads per task (the pixels never depend on it). */
  threads: z.coerce.number().int().min(1).max(1024).default(() => Math.max(1, availableParallelism())),
  /** Tasks rendered at once; the manager assigns up to this many. */
  slots: z.coerce.number().int().min(1, "slots must be at least 1").max(64, "slots are at most 64").default(1),
  /** The engines offered; default the built-in tracer, and Blender when it runs here. */
  engines: engineList.optional(),
  /** Pause between two heartbeats (the manager stops assigning to a worker silent for longer than its timeout). */
  heartbeatSeconds: z.coerce.number().positive("heartbeatSeconds must be positive").default(15),
  /** Tries of one upload or report before the task is left for the next poll. */
  callAttempts: z.coerce.number().int().min(1).default(5),
});

export type WorkerConfig = z.output<typeof workerConfigSchema>;

export const WORKER_VARIABLES: Readonly<Record<string, string>> = {
  ...NODE_VARIABLES,
  IFX_THREADS: "threads",
  IFX_SLOTS: "slots",
  IFX_ENGINES: "engines",
  IFX_HEARTBEAT_SECONDS: "heartbeatSeconds",
};
