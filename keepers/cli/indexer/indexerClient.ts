import { CliError, EXIT } from "../cliError.js";
import { serviceUrlOf, serviceUrlParser } from "../serviceUrl.js";

/** Exit codes of the indexer's read commands, shown in their help (README "CLI" lists them for every command). */
export const INDEXER_EXIT_CODES = `
Exit codes: 0 done; 1 a negative answer (the indexer has no such node or epoch, or is unreachable);
2 bad input (flags, ids, no indexer URL); 3 an unexpected failure.`;

/** `--indexer <url>`: the indexer's HTTP origin. */
export const parseIndexerUrl = serviceUrlParser("indexer");

/** The indexer URL from the flag, else IFX_INDEXER_URL; bad input when neither is set. */
export function indexerUrlOf(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return serviceUrlOf("indexer", "IFX_INDEXER_URL", flag, env);
}

/**
 * One GET of the indexer's read endpoints (typed in indexer/lib/apiTypes.ts), its JSON body as the endpoint sent it.
 * `what` names the thing asked for ("node 7", "epoch 3"): a 404 is the negative answer that the indexer has no such
 * thing, exit 1, as are a 400 (the indexer refused the id, with its reason), an unreachable indexer and an answer that
 * is not the endpoint's.
 */
export async function indexerGet<T>(indexer: string, path: string, what: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${indexer}${path}`, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    // fetch's own message is "fetch failed"; its cause says why (ECONNREFUSED, a DNS failure, ...).
    const cause = (error as Error).cause as { code?: string; message?: string } | undefined;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliError(EXIT.NEGATIVE, `the indexer at ${indexer} is unreachable: ${why}`, { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as (T & { error?: unknown }) | undefined;
  const reason = typeof body?.error === "string" ? `: ${body.error}` : "";
  if (response.status === 404) throw new CliError(EXIT.NEGATIVE, `the indexer at ${indexer} has no ${what}`);
  if (response.status === 400) throw new CliError(EXIT.NEGATIVE, `the indexer at ${indexer} refused the request for ${what}${reason}`);
  if (!response.ok) throw new CliError(EXIT.NEGATIVE, `the indexer at ${indexer} answered ${response.status}${reason}`);
  if (typeof body !== "object" || body === null) throw new CliError(EXIT.NEGATIVE, `the indexer answered ${response.status} without JSON: is ${indexer} an indexer?`);
  return body;
}
