import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoop } from "../../../keepers/daemon/runLoop.js";
import { createMetrics, type Metrics } from "../../../keepers/metrics/createMetrics.js";
import { observeLoopRounds } from "../../../keepers/metrics/observeLoopRounds.js";
import { serveMetrics, type MetricsServer } from "../../../keepers/metrics/serveMetrics.js";
import { metricSample as sample } from "../helpers/metricSample.js";

const logger = pino({ level: "silent" });

async function scrape(server: MetricsServer): Promise<string> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe("metrics: one registry per daemon, scraped over HTTP", () => {
  let manager: Metrics<"manager">;
  let worker: Metrics<"worker">;
  let managerServer: MetricsServer;
  let workerServer: MetricsServer;

  beforeAll(async () => {
    manager = createMetrics("manager");
    worker = createMetrics("worker");
    managerServer = await serveMetrics(manager.registry, { host: "127.0.0.1", port: 0, logger });
    workerServer = await serveMetrics(worker.registry, { host: "127.0.0.1", port: 0, logger });
  });
  afterAll(async () => {
    await managerServer?.close();
    await workerServer?.close();
  });

  it("serves the process metrics, prefixed and labelled with the role", async () => {
    const text = await scrape(managerServer);
    expect(sample(text, "ifx_process_resident_memory_bytes", { role: "manager" })).toBeGreaterThan(0);
    expect(sample(text, "ifx_process_cpu_seconds_total", { role: "manager" })).toBeGreaterThanOrEqual(0);
    expect(text).toContain("# TYPE ifx_nodejs_eventloop_lag_seconds gauge");
  });

  it("counts and times what a manager does", async () => {
    expect(sample(await scrape(managerServer), "ifx_quotes_total")).toBe(0);
    manager.quotes.inc();
    manager.quotes.inc();
    manager.quoteSeconds.observe(1.5);
    manager.settlements.inc({ outcome: "settled" });
    manager.apiRequests.inc({ operation: "nextTask", code: "OK" });
    manager.apiRequests.inc({ operation: "nextTask", code: "OK" });
    manager.apiRequests.inc({ operation: "quote", code: "BAD_REQUEST" });
    const text = await scrape(managerServer);
    expect(sample(text, "ifx_quotes_total", { role: "manager" })).toBe(2);
    expect(sample(text, "ifx_quote_seconds_count")).toBe(1);
    expect(sample(text, "ifx_quote_seconds_sum")).toBe(1.5);
    expect(sample(text, "ifx_quote_seconds_bucket", { le: "1" })).toBe(0);
    expect(sample(text, "ifx_quote_seconds_bucket", { le: "2" })).toBe(1);
    expect(sample(text, "ifx_settlements_total", { outcome: "settled" })).toBe(1);
    expect(sample(text, "ifx_api_requests_total", { operation: "nextTask", code: "OK" })).toBe(2);
    expect(sample(text, "ifx_api_requests_total", { operation: "quote", code: "BAD_REQUEST" })).toBe(1);
  });

  it("keeps two registries in one process apart", async () => {
    worker.renders.inc({ outcome: "done" });
    worker.renderSeconds.observe(42);
    worker.uploadBytes.inc(1_024);
    worker.tasksInFlight.set(2);
    const workerText = await scrape(workerServer);
    const managerText = await scrape(managerServer);
    expect(sample(workerText, "ifx_renders_total", { role: "worker", outcome: "done" })).toBe(1);
    expect(sample(workerText, "ifx_upload_bytes_total")).toBe(1_024);
    expect(sample(workerText, "ifx_tasks_in_flight")).toBe(2);
    expect(sample(workerText, "ifx_quotes_total")).toBeUndefined();
    expect(sample(managerText, "ifx_renders_total")).toBeUndefined();
    expect(sample(managerText, "ifx_process_resident_memory_bytes", { role: "manager" })).toBeGreaterThan(0);
    expect(sample(workerText, "ifx_process_resident_memory_bytes", { role: "worker" })).toBeGreaterThan(0);

    // Another daemon of the same role in the same process registers the same names again without a clash.
    const second = createMetrics("manager");
    second.quotes.inc(5);
    expect(sample(await second.registry.metrics(), "ifx_quotes_total")).toBe(5);
    expect(sample(await scrape(managerServer), "ifx_quotes_total")).toBe(2);
  });

  it("has a verifier's families", async () => {
    const verifier = createMetrics("verifier");
    verifier.verifications.inc({ verdict: "accepted" });
    verifier.verificationSeconds.observe(0.2);
    verifier.spotRerenders.inc();
    const text = await verifier.registry.metrics();
    expect(sample(text, "ifx_verifications_total", { role: "verifier", verdict: "accepted" })).toBe(1);
    expect(sample(text, "ifx_verification_seconds_count")).toBe(1);
    expect(sample(text, "ifx_spot_rerenders_total")).toBe(1);
  });

  it("turns runLoop's rounds into round timings and failures", async () => {
    const controller = new AbortController();
    let rounds = 0;
    const round = async () => {
      rounds++;
      if (rounds === 2) throw new Error("RPC down");
      if (rounds === 3) controller.abort();
    };
    await runLoop("assigner", round, { intervalMs: 1, backoffMs: 1, signal: controller.signal, logger, onRound: observeLoopRounds(manager, "assigner") });
    const idle = observeLoopRounds(manager, "settler"); // registered, never run: its failures read 0, not absent
    expect(idle).toBeTypeOf("function");
    const text = await scrape(managerServer);
    expect(sample(text, "ifx_loop_round_seconds_count", { loop: "assigner" })).toBe(3);
    expect(sample(text, "ifx_loop_failures_total", { loop: "assigner" })).toBe(1);
    expect(sample(text, "ifx_loop_failures_total", { loop: "settler" })).toBe(0);
  });

  it("answers 404 on any other path or method", async () => {
    expect((await fetch(`${managerServer.url}/`)).status).toBe(404);
    expect((await fetch(`${managerServer.url}/metricsx`)).status).toBe(404);
    expect((await fetch(`${managerServer.url}/metrics`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${managerServer.url}/metrics?x=1`)).status).toBe(200);
  });
});
