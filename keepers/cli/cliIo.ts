import { promptHidden } from "./promptHidden.js";

/** Where a command writes and what it reads from its surroundings: the process's in the binary, captured in tests. */
export interface CliIo {
  /** Results (text or JSON): what a script pipes on. */
  out(text: string): void;
  /** Progress, warnings and errors: never mixed into results. */
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** A hidden prompt for a password; only where a person can answer (stdin is a terminal). */
  askSecret?: (question: string) => Promise<string>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  env: process.env,
  ...(process.stdin.isTTY ? { askSecret: promptHidden } : {}),
};
