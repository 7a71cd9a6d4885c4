import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { ManagerCallError } from "../../../keepers/daemon/callManager.js";
import { InFlightWork } from "../../../keepers/daemon/inFlightWork.js";
import { retryCall } from "../../../keepers/daemon/retryCall.js";
import { stopOnce } from "../../../keepers/daemon/stopOnce.js";
import { TaskRetries } from "../../../keepers/worker/taskRetries.js";

const logger = pino({ level: "silent" });
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
});

describe("the node daemons' parts", () => {
  it("drains work in flight: what ends within the grace period finishes, the rest is cancelled and named", async () => {
    const work = new InFlightWork<number>();
    const finished: number[] = [];
    const job = (id: number, ms: number) => work.start(id, async (signal) => {
      await sleep(ms, signal);
      finished.push(id);
    });
    void job(1, 20);
    void job(2, 5_000);
    void job(2, 10); // already running: not started twice
    expect(work.keys()).toEqual([1, 2]);
    expect(await work.drain(300)).toEqual([2]);
    expect([finished, work.size]).toEqual([[1], 0]);
    void job(3, 10);
    expect(await work.drain(1_000)).toEqual([]);
    expect(finished).toEqual([1, 3]);
  });

  it("retries a retryable call with backoff, never a refusal, and stops when aborted", async () => {
    let calls = 0;
    const flaky = async () => {
      if (++calls < 3) throw new ManagerCallError("down", "UNREACHABLE", true);
      return "ok";
    };
    const options = { attempts: 5, backoffMs: 5, signal: new AbortController().signal, logger };
    expect([await retryCall("flaky", flaky, options), calls]).toEqual(["ok", 3]);
    calls = 0;
    const refused = retryCall("refused", async () => {
      calls++;
      throw new ManagerCallError("no", "FORBIDDEN", false);
    }, options);
    await expect(refused).rejects.toThrow("no");
    expect(calls).toBe(1);
    calls = 0;
    const always = async () => {
      calls++;
      throw new ManagerCallError("down", "UNREACHABLE", true);
    };
    await expect(retryCall("down", always, { ...options, attempts: 3 })).rejects.toThrow("down");
    expect(calls).toBe(3);
    const stopping = new AbortController();
    calls = 0;
    const aborted = retryCall("down", always, { ...options, backoffMs: 60_000, signal: stopping.signal });
    stopping.abort();
    await expect(aborted).rejects.toThrow("down");
    expect(calls).toBe(1);
  });

  it("waits longer after each failure of a task, and never starts a task given up", () => {
    const retries = new TaskRetries();
    expect(retries.ready(7, 0)).toBe(true);
    expect(retries.failed(7, 0)).toEqual({ failures: 1, retryInMs: 2_000 });
    expect([retries.ready(7, 1_999), retries.ready(7, 2_000)]).toEqual([false, true]);
    expect(retries.failed(7, 2_000)).toEqual({ failures: 2, retryInMs: 4_000 });
    for (let i = 0; i < 10; i++) retries.failed(7, 0);
    expect(retries.failed(7, 0).retryInMs).toBe(120_000);
    retries.succeeded(7);
    expect(retries.ready(7, 0)).toBe(true);
    retries.giveUp(8);
    expect(retries.ready(8, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it("shuts a daemon down once, whether stopped, stopped again or killed meanwhile", async () => {
    const runs: (number | null)[] = [];
    const handle = stopOnce(async (grace) => {
      runs.push(grace);
      await sleep(20);
    }, 1_000);
    const first = handle.stop();
    const second = handle.kill();
    expect(second).toBe(first);
    await handle.done;
    await handle.stop(5);
    expect(runs).toEqual([1_000]);
  });
});
