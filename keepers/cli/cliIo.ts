import { createInterface } from "node:readline";
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
  /** A yes/no question; only where a person can answer. Absent, commands that need a yes take `--yes`. */
  confirm?: (question: string) => Promise<boolean>;
  /** stdout is a terminal: progress bars redraw in place; otherwise they print plain lines. */
  isTTY?: boolean;
}

/** Asks on stderr, reads one line from the terminal: "y" or "yes" is a yes, anything else a no. */
function confirmOnTerminal(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  env: process.env,
  ...(process.stdin.isTTY ? { askSecret: promptHidden, confirm: confirmOnTerminal } : {}),
  isTTY: process.stdout.isTTY === true,
};
