import type { Logger } from "pino";
import { z } from "zod";
import type { ContentStore } from "./contentStore.js";
import { createHeliaStore } from "./heliaStore.js";
import { createKuboStore } from "./kuboStore.js";
import { StorageError } from "./storageError.js";

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** The storage section of a daemon's configuration. */
export const storageConfigSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      /** Embedded Helia over a filesystem blockstore: the default. */
      kind: z.literal("helia"),
      /** Where blocks live; kept across restarts. */
      dir: z.string().min(1, "must name a directory"),
      /** Other daemons' base URLs serving `/ipfs/<cid>?format=raw`, asked for blocks not stored here. */
      gateways: z.array(httpUrl).default([]),
      /** Deadline of one block request to a gateway. */
      fetchTimeoutMs: z.int().positive().optional(),
    }),
    z.strictObject({
      /** A Kubo node's RPC API, for production. */
      kind: z.literal("kubo"),
      url: httpUrl,
      timeoutMs: z.int().positive().optional(),
    }),
  ],
  { error: 'kind must be "helia" or "kubo"' },
);

export type StorageConfig = z.input<typeof storageConfigSchema>;

/** Validates a storage configuration, failing with `CONFIG_INVALID` naming each bad field. */
export function parseStorageConfig(config: unknown): z.output<typeof storageConfigSchema> {
  const result = storageConfigSchema.safeParse(config);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${["storage", ...issue.path.map(String)].join(".")}: ${issue.message}`);
    throw new StorageError("CONFIG_INVALID", problems.join("; "), { cause: result.error });
  }
  return result.data;
}

/** @notice The content store a configuration asks for: `{ kind: "helia", dir, gateways? }` or `{ kind: "kubo", url }`. */
export async function createContentStore(config: StorageConfig, options: { logger?: Logger } = {}): Promise<ContentStore> {
  const parsed = parseStorageConfig(config);
  const logger = options.logger ? { logger: options.logger } : {};
  switch (parsed.kind) {
    case "helia":
      return createHeliaStore({
        dir: parsed.dir,
        gateways: parsed.gateways,
        ...(parsed.fetchTimeoutMs !== undefined ? { fetchTimeoutMs: parsed.fetchTimeoutMs } : {}),
        ...logger,
      });
    case "kubo":
      return createKuboStore({ url: parsed.url, ...(parsed.timeoutMs !== undefined ? { timeoutMs: parsed.timeoutMs } : {}), ...logger });
  }
}
