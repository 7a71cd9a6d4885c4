import { InvalidArgumentError } from "commander";
import { badInput } from "./cliError.js";

/**
 * A commander parser for `--<service> <url>` (the manager, the indexer): an http(s) URL, kept as origin and path
 * without trailing slashes so endpoints append cleanly.
 */
export function serviceUrlParser(service: string): (value: string) => string {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidArgumentError(`expected the ${service}'s http(s) URL, got "${value}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidArgumentError(`expected the ${service}'s http(s) URL, got "${value}"`);
    return url.origin + url.pathname.replace(/\/+$/, "");
  };
}

/** The service's URL from its flag, else its environment variable; bad input (exit 2) when neither is set or valid. */
export function serviceUrlOf(service: string, variable: string, flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const value = flag ?? env[variable];
  if (!value) throw badInput(`no ${service}: pass --${service} <url> or set ${variable}`);
  try {
    return serviceUrlParser(service)(value);
  } catch (error) {
    throw badInput((error as Error).message);
  }
}
