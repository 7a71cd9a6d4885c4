import { badInput, CliError, EXIT } from "../cliError.js";
import { serviceUrlOf, serviceUrlParser } from "../serviceUrl.js";

/** Exit codes of the artist's commands, shown in their help (README "CLI" lists them for every command). */
export const ARTIST_EXIT_CODES = `
Exit codes: 0 done; 1 a negative answer (the manager or the chain refused, the job failed, is unfinished or
unknown, the manager is unreachable); 2 bad input (flags, files, keys, a request the manager calls malformed);
3 an unexpected failure.`;

/** `--manager <url>`: the manager's HTTP origin. */
export const parseManagerUrl = serviceUrlParser("manager");

/** The manager URL from the flag, else IFX_MANAGER_URL; bad input when neither is set. */
export function managerUrlOf(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return serviceUrlOf("manager", "IFX_MANAGER_URL", flag, env);
}

async function request(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    throw new CliError(EXIT.NEGATIVE, `the manager at ${new URL(url).origin} is unreachable: ${(error as Error).message}`, { cause: error });
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * One GraphQL call to the manager. Its refusals keep their message: BAD_USER_INPUT (a malformed request) is the
 * user's input, exit 2; any other refusal (not found, unavailable, ...) a negative answer, exit 1.
 */
export async function managerGraphql<T>(manager: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await request(`${manager}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  let body: GraphQLBody<T>;
  try {
    body = (await response.json()) as GraphQLBody<T>;
  } catch {
    throw new CliError(EXIT.NEGATIVE, `the manager answered ${response.status} without a GraphQL body: is ${manager} a manager?`);
  }
  const error = body.errors?.[0];
  if (error) {
    const message = `the manager refused: ${error.message}`;
    throw error.extensions?.code === "BAD_USER_INPUT" ? badInput(message) : new CliError(EXIT.NEGATIVE, message);
  }
  if (!body.data) throw new CliError(EXIT.NEGATIVE, `the manager answered ${response.status} with no data`);
  return body.data;
}

/** Stores a scene file's bytes in the manager's store (`POST /scenes`); returns its CID. */
export async function uploadScene(manager: string, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const response = await request(`${manager}/scenes`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: bytes });
  const body = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
  if (response.status === 413) throw badInput(`the manager refused the scene: ${body.error ?? "too large"}`);
  if (!response.ok || !body.cid) throw new CliError(EXIT.NEGATIVE, `the manager refused the scene (${response.status}): ${body.error ?? "no CID in its answer"}`);
  return body.cid;
}
