import { createInterface } from "node:readline";

/**
 * Asks on the terminal without echoing the answer (a password). The question goes to stderr, so stdout stays the
 * command's result. Node's readline has no "hidden" mode: muting its echo (`_writeToOutput`) is the usual way.
 */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(question);
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => {};
    rl.on("SIGINT", () => {
      rl.close();
      process.stderr.write("\n");
      reject(new Error("cancelled"));
    });
    rl.question("", (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}
