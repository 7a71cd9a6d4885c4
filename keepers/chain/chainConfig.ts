import { z } from "zod";

/**
 * Where the chain is and which deployment to use: the part of every keeper's config (and of the CLI's environment)
 * that opens a chain session. Validated at start-up with `loadConfig` (STYLE 14).
 */
export const chainConfigSchema = z.object({
  rpcUrl: z.url({ protocol: /^https?$/, error: "expected an http(s) JSON-RPC URL" }),
  /** When given, the RPC's chain must be this one (a guard against pointing a key at the wrong network). */
  chainId: z.coerce.number().int().positive().optional(),
  /** Default: deployments/<chainId>.json in the working directory. */
  deploymentFile: z.string().min(1).optional(),
  /** How long a sent transaction may wait for its receipt before it is reported as stuck. */
  receiptTimeoutMs: z.coerce.number().int().positive().default(120_000),
});
export type ChainConfig = z.output<typeof chainConfigSchema>;

/** The environment variables of a chain config, by its field (daemons nest them under their own `chain.` path). */
export const CHAIN_VARIABLES = {
  IFX_RPC_URL: "rpcUrl",
  IFX_CHAIN_ID: "chainId",
  IFX_DEPLOYMENT: "deploymentFile",
  IFX_RECEIPT_TIMEOUT_MS: "receiptTimeoutMs",
} as const;
