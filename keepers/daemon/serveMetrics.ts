import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** A node daemon's metrics: loop rounds, tasks by outcome, work in flight. One registry per daemon (tests run several). */
export function createDaemonMetrics(role: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    rounds: new Histogram({ name: "inferix_loop_round_seconds", help: "Duration of one loop round", labelNames: ["loop", "failed"], registers: [registry] }),
    outcomes: new Counter({ name: "inferix_work_total", help: "Tasks or verifications finished, by outcome", labelNames: ["outcome"], registers: [registry] }),
    inFlight: new Gauge({ name: "inferix_work_in_flight", help: "Tasks or verifications in progress", registers: [registry] }),
  };
}

export type DaemonMetrics = ReturnType<typeof createDaemonMetrics>;

/** Serves `/metrics` (Prometheus text) on 127.0.0.1:`port`; scraping from elsewhere goes through the operator's proxy. */
export async function serveMetrics(registry: Registry, port: number): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.url !== "/metrics") return void response.writeHead(404).end();
    registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
