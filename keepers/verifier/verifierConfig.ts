import { z } from "zod";
import { NODE_VARIABLES, nodeConfigFields } from "../daemon/nodeConfig.js";

const hexKey = (what: string) => z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, `must be a 32-byte hex ${what}`).transform((k) => (k.startsWith("0x") ? k : `0x${k}`) as `0x${string}`);

/** `ifx verifier start`'s config (STYLE 14): validated once at start-up, every problem listed. */
export const verifierConfigSchema = z.strictObject({
  ...nodeConfigFields,
  /**
   * The private key of the node's registered encryption key (NodeRegistry), which PoR keys are sealed to. Default the
   * operator key: `ifx node register` registers the operator's public key unless told otherwise.
   */
  encryption: z.strictObject({ privateKey: hexKey("private key").optional() }).default({}),
  /** The spot re-render (docs/por.md): re-renders a secret crop of each accepted frame; costs a render per frame. */
  spot: z.strictObject({
    enabled: z.preprocess((v) => (typeof v === "string" ? v === "true" || v === "1" : v), z.boolean()).default(false),
    /** The verifier's own secret, which picks the crops (so no worker can predict them). */
    secret: hexKey("secret").optional(),
    /** Largest per-channel difference accepted for Blender renders (the built-in tracer is compared bit for bit). */
    blenderTolerance: z.coerce.number().int().min(0).max(255).default(2),
  }).default({ enabled: false, blenderTolerance: 2 }),
  /**
   * The JobMarket's address (the deployment's): settlements are signed in its EIP-712 domain, so it comes from the
   * verifier's own config, never from the manager that asks for the signature.
   */
  market: z.string({ error: "must be the JobMarket's address (the deployment file's contracts.JobMarket)" }).regex(/^0x[0-9a-fA-F]{40}$/, "must be an address").transform((a) => a as `0x${string}`),
  /**
   * The chain's JSON-RPC URL, read only: the verifier checks there, not with the manager, which license a result's
   * signer is bound to and what the job's quote allows (tasks, work). Its chain must be `manager.chainId`.
   */
  rpcUrl: z.url({ protocol: /^https?$/, error: "must be the chain's http(s) JSON-RPC URL (the verifier reads job quotes and worker bindings there)" }),
  /** The deployment's first block (the deployment file's startBlock): the oldest block searched for a job's quote. */
  startBlock: z.coerce.bigint({ error: "must be a block number" }).nonnegative().default(0n),
  /** Most blocks per `eth_getLogs` call when searching for a job's quote (providers cap ranges). */
  logRange: z.coerce.bigint({ error: "must be a number of blocks" }).positive().default(10_000n),
  /** Pause between two rounds of settlement signing. */
  settlePollSeconds: z.coerce.number().positive().default(5),
  /** The verifier's own database (its verdicts) on a PostgreSQL server; default embedded PGlite under dataDir. */
  databaseUrl: z.string().optional(),
}).superRefine((config, context) => {
  if (config.spot.enabled && config.spot.secret === undefined) context.addIssue({ code: "custom", path: ["spot", "secret"], message: "the spot re-render needs the verifier's secret" });
});

export type VerifierConfig = z.output<typeof verifierConfigSchema>;

export const VERIFIER_VARIABLES: Readonly<Record<string, string>> = {
  ...NODE_VARIABLES,
  IFX_ENCRYPTION_KEY: "encryption.privateKey",
  IFX_SPOT_CHECK: "spot.enabled",
  IFX_VERIFIER_SECRET: "spot.secret",
  IFX_BLENDER_TOLERANCE: "spot.blenderTolerance",
  DATABASE_URL: "databaseUrl",
  IFX_MARKET_ADDRESS: "market",
  IFX_RPC_URL: "rpcUrl",
  IFX_START_BLOCK: "startBlock",
  IFX_LOG_RANGE: "logRange",
};
