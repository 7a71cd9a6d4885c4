import type { z } from "zod";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { ConfigError, loadConfig } from "../config/loadConfig.js";
import { KeyError } from "../keys/keyError.js";
import { loadSigningKey, type KeySources } from "../keys/loadSigningKey.js";

/**
 * A node daemon's config and operator key, checked together at start-up: every problem of both is listed in one
 * ConfigError (a missing key and a bad URL are fixed in one go, not one restart each).
 */
export async function loadNodeConfig<S extends z.ZodType>(schema: S, sources: { file?: string; variables: Readonly<Record<string, string>> } & KeySources): Promise<{ config: z.output<S>; operator: PrivateKeyAccount; operatorKey: `0x${string}` }> {
  const problems: string[] = [];
  let config: z.output<S> | undefined;
  let operatorKey: `0x${string}` | undefined;
  try {
    config = await loadConfig(schema, { ...(sources.file ? { file: sources.file } : {}), env: sources.env, variables: sources.variables });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.message.replace(/^invalid configuration:\n/, "").split("\n"));
  }
  try {
    operatorKey = await loadSigningKey(sources);
  } catch (error) {
    if (!(error instanceof KeyError)) throw error;
    problems.push(`  operator key: ${error.message}`);
  }
  if (problems.length > 0 || config === undefined || operatorKey === undefined) throw new ConfigError(`invalid configuration:\n${problems.join("\n")}`);
  return { config, operator: privateKeyToAccount(operatorKey), operatorKey };
}
