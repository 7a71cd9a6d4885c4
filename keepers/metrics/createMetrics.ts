import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export type MetricsRole = "manager" | "worker" | "verifier";

/** Every series of this project starts with it, default process metrics included. */
export const METRICS_PREFIX = "ifx_";

/** The periodic loops' round timings and failures (every daemon runs its work in `runLoop`). */
export interface LoopMetrics {
  loopRoundSeconds: Histogram<"loop">;
  loopFailures: Counter<"loop">;
}

export interface ManagerMetrics extends LoopMetrics {
  quotes: Counter;
  quoteSeconds: Histogram;
  assignments: Counter;
  tasksAccepted: Counter;
  tasksRejected: Counter;
  attemptsTimedOut: Counter;
  settlements: Counter<"outcome">;
  apiRequests: Counter<"operation" | "code">;
}

export interface WorkerMetrics extends LoopMetrics {
  renders: Counter<"outcome">;
  renderSeconds: Histogram;
  uploadBytes: Counter;
  heartbeatFailures: Counter;
  tasksInFlight: Gauge;
}

export interface VerifierMetrics extends LoopMetrics {
  verifications: Counter<"verdict">;
  verificationSeconds: Histogram;
  spotRerenders: Counter;
}

interface RoleMetrics {
  manager: ManagerMetrics;
  worker: WorkerMetrics;
  verifier: VerifierMetrics;
}

/** A daemon's registry and its role's metric families. */
export type Metrics<R extends MetricsRole> = RoleMetrics[R] & { role: R; registry: Registry };

/** Seconds: a loop round (an RPC read to a batch of writes), a quote (a preview render), a render, a verification. */
const LOOP_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const QUOTE_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];
const RENDER_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1_200, 1_800, 3_600, 7_200];
const VERIFY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function loopMetrics(registers: Registry[]): LoopMetrics {
  return {
    loopRoundSeconds: new Histogram({ name: `${METRICS_PREFIX}loop_round_seconds`, help: "Duration of one round of a periodic loop", labelNames: ["loop"], buckets: LOOP_BUCKETS, registers }),
    loopFailures: new Counter({ name: `${METRICS_PREFIX}loop_failures_total`, help: "Rounds of a periodic loop that threw", labelNames: ["loop"], registers }),
  };
}

function managerMetrics(registers: Registry[]): ManagerMetrics {
  const p = METRICS_PREFIX;
  return {
    ...loopMetrics(registers),
    quotes: new Counter({ name: `${p}quotes_total`, help: "Quotes signed", registers }),
    quoteSeconds: new Histogram({ name: `${p}quote_seconds`, help: "Time to build a quote, preview render included", buckets: QUOTE_BUCKETS, registers }),
    assignments: new Counter({ name: `${p}assignments_total`, help: "Task attempts assigned to workers", registers }),
    tasksAccepted: new Counter({ name: `${p}tasks_accepted_total`, help: "Tasks made final as accepted by the committee", registers }),
    tasksRejected: new Counter({ name: `${p}tasks_rejected_total`, help: "Tasks made final as rejected by the committee", registers }),
    attemptsTimedOut: new Counter({ name: `${p}attempts_timed_out_total`, help: "Attempts past their deadline without a result", registers }),
    settlements: new Counter({ name: `${p}settlements_total`, help: "Settlements by outcome", labelNames: ["outcome"], registers }),
    apiRequests: new Counter({ name: `${p}api_requests_total`, help: "API requests by operation and result code", labelNames: ["operation", "code"], registers }),
  };
}

function workerMetrics(registers: Registry[]): WorkerMetrics {
  const p = METRICS_PREFIX;
  return {
    ...loopMetrics(registers),
    renders: new Counter({ name: `${p}renders_total`, help: "Task renders by outcome", labelNames: ["outcome"], registers }),
    renderSeconds: new Histogram({ name: `${p}render_seconds`, help: "Time to render one task", buckets: RENDER_BUCKETS, registers }),
    uploadBytes: new Counter({ name: `${p}upload_bytes_total`, help: "Bytes of rendered frames uploaded", registers }),
    heartbeatFailures: new Counter({ name: `${p}heartbeat_failures_total`, help: "Heartbeats the manager did not take", registers }),
    tasksInFlight: new Gauge({ name: `${p}tasks_in_flight`, help: "Tasks being rendered or uploaded now", registers }),
  };
}

function verifierMetrics(registers: Registry[]): VerifierMetrics {
  const p = METRICS_PREFIX;
  return {
    ...loopMetrics(registers),
    verifications: new Counter({ name: `${p}verifications_total`, help: "Task verifications by verdict", labelNames: ["verdict"], registers }),
    verificationSeconds: new Histogram({ name: `${p}verification_seconds`, help: "Time to verify one task", buckets: VERIFY_BUCKETS, registers }),
    spotRerenders: new Counter({ name: `${p}spot_rerenders_total`, help: "Frames checked by the spot re-render of a secret crop", registers }),
  };
}

const FAMILIES: { [R in MetricsRole]: (registers: Registry[]) => RoleMetrics[R] } = {
  manager: managerMetrics,
  worker: workerMetrics,
  verifier: verifierMetrics,
};

/**
 * A fresh registry for one daemon (never prom-client's global one: several daemons in one process, as in the tests,
 * each keep their own series) with the process metrics (memory, CPU, event loop lag, GC) and the role's families,
 * every series labelled with the role.
 */
export function createMetrics<R extends MetricsRole>(role: R): Metrics<R> {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const families = FAMILIES[role]([registry]);
  return { ...families, role, registry };
}
