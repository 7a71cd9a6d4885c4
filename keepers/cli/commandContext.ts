import type { ExitCode } from "./cliError.js";
import type { CliIo } from "./cliIo.js";

/** What every command gets: where to write, and how to say which exit code the run ends with. */
export interface CommandContext {
  io: CliIo;
  setExit(code: ExitCode): void;
}
