import type { CommandContext } from "./commandContext.js";

/** JSON for scripts: bigints (every on-chain amount) as decimal strings, exact at any size. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** A read command's result: `--json` prints the object, otherwise the text lines. */
export function printResult(context: CommandContext, json: boolean | undefined, value: unknown, text: () => string): void {
  context.io.out(json ? toJson(value) : text());
}
