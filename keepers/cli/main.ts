import { processIo } from "./cliIo.js";
import { runIfx } from "./runIfx.js";

/** The process around `runIfx`: argv in, exit code out (set, not forced, so pending output is flushed first). */
export async function main(): Promise<void> {
  process.exitCode = await runIfx(process.argv.slice(2), processIo);
}
