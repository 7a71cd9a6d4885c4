import { Worker } from "node:worker_threads";
import type { JobInput, JobKind, JobOutput } from "./jobs.js";

interface Reply {
  id: number;
  output?: unknown;
  error?: string;
}

/**
 * Worker threads that run the bench's single-threaded jobs (marking a task, rendering a task's detector windows) side
 * by side: the tracer's in-process region renders use one core, and the machine has more.
 */
export class JobPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly waiting: (() => void)[] = [];
  private next = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => new Worker(new URL("./poolWorker.mjs", import.meta.url)));
    this.idle = [...this.workers];
  }

  async run<K extends JobKind>(kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
    const worker = await this.take();
    const id = this.next++;
    try {
      return await new Promise<JobOutput<K>>((resolve, reject) => {
        const onMessage = (reply: Reply) => {
          if (reply.id !== id) return;
          worker.off("message", onMessage);
          worker.off("error", reject);
          if (reply.error !== undefined) reject(new Error(`${kind} failed in a worker: ${reply.error}`));
          else resolve(reply.output as JobOutput<K>);
        };
        worker.on("message", onMessage);
        worker.once("error", reject);
        worker.postMessage({ id, kind, input });
      });
    } finally {
      this.idle.push(worker);
      this.waiting.shift()?.();
    }
  }

  /** Runs every input through `kind`, as many at once as there are workers, results in input order. */
  all<K extends JobKind>(kind: K, inputs: readonly JobInput<K>[]): Promise<JobOutput<K>[]> {
    return Promise.all(inputs.map((input) => this.run(kind, input)));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async take(): Promise<Worker> {
    while (this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.idle.pop()!;
  }
}
