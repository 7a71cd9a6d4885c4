import type { Address } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { CHAIN_VARIABLES, chainConfigSchema } from "../chain/chainConfig.js";
import { openChainSession, type ChainSession, type WritableChainSession } from "../chain/openChainSession.js";
import { loadConfig } from "../config/loadConfig.js";
import { KEY_VARIABLES, loadSigningKey } from "../keys/loadSigningKey.js";
import type { CommandContext } from "./commandContext.js";

async function sessionConfig(context: CommandContext) {
  return loadConfig(chainConfigSchema, { env: context.io.env, variables: CHAIN_VARIABLES });
}

function signingKey(context: CommandContext) {
  return loadSigningKey({ env: context.io.env, ...(context.io.askSecret ? { askPassword: context.io.askSecret } : {}) });
}

/** A read-only session for read commands: no key needed. */
export async function openReadSession(context: CommandContext): Promise<ChainSession> {
  return openChainSession(await sessionConfig(context));
}

/** A session with the user's signing key (env or keystore; cliError.ts maps a missing or bad key to exit 2). */
export async function openWriteSession(context: CommandContext): Promise<WritableChainSession> {
  const config = await sessionConfig(context);
  return openChainSession(config, await signingKey(context));
}

/** The configured key's address, for read commands that default to "mine"; undefined when no key is configured. */
export async function configuredAddress(context: CommandContext): Promise<Address | undefined> {
  const env = context.io.env;
  if (!env[KEY_VARIABLES.privateKey] && !env[KEY_VARIABLES.keystore]) return undefined;
  return privateKeyToAddress(await signingKey(context));
}

/** Progress of a multi-transaction command, on stderr. */
export function progress(context: CommandContext, line: string): void {
  context.io.err(line);
}
