import type { CliIo } from "../../keepers/cli/cliIo.js";
import { runIfx } from "../../keepers/cli/runIfx.js";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** One `ifx` run in this process with its output captured: its exit code and what it printed (tests, the demo). */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  // Lines as the binary writes them (processIo ends each with a newline).
  const line = (t: string) => (t.endsWith("\n") ? t : `${t}\n`);
  const io: CliIo = { out: (t) => out.push(line(t)), err: (t) => err.push(line(t)), env };
  const code = await runIfx(argv, io);
  return { code, out: out.join(""), err: err.join("") };
}
