import { readFile } from "node:fs/promises";
import { z } from "zod";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Where a setting can come from: a JSON file (optional) and environment variables mapped onto paths of the config. */
export interface ConfigSources {
  /** A JSON file holding (part of) the config; environment variables win over it. */
  file?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Environment variable -> dotted path in the config ("IFX_RPC_URL" -> "chain.rpcUrl"). */
  variables: Readonly<Record<string, string>>;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === "object" && next !== null ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

async function readJsonFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`the config file ${file} is not a JSON object: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A daemon's typed config, validated once at start-up (STYLE 14): the file's values, overridden by the environment,
 * checked by the zod schema (which coerces and fills defaults). Every problem is reported at once, each with its path
 * and where to set it, so a misconfigured daemon fails before it touches the chain, the database or the network.
 */
export async function loadConfig<S extends z.ZodType>(schema: S, sources: ConfigSources): Promise<z.output<S>> {
  const raw = sources.file ? await readJsonFile(sources.file) : {};
  const fromEnv = new Map<string, string>();
  for (const [variable, path] of Object.entries(sources.variables)) {
    const value = sources.env[variable];
    if (value === undefined || value === "") continue;
    setPath(raw, path, value);
    fromEnv.set(path, variable);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  // A missing section names the variables that fill it.
  const variablesUnder = (path: string) =>
    Object.entries(sources.variables).filter(([, p]) => path === "" || p === path || p.startsWith(`${path}.`)).map(([v]) => v);
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.join(".");
    const unset = variablesUnder(path);
    const where = fromEnv.has(path) ? ` (from ${fromEnv.get(path)})` : unset.length > 0 ? ` (set ${unset.join(", ")})` : "";
    return `  ${path || "(root)"}: ${issue.message}${where}`;
  });
  throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
}
