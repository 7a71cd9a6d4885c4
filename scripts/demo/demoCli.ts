import type { CliIo } from "../../keepers/cli/cliIo.js";
import { runIfx } from "../../keepers/cli/runIfx.js";

export type DemoCli = <T = unknown>(argv: string[], options?: { as?: Record<string, string>; show?: "progress" | "all" | "quiet" }) => Promise<T>;

/**
 * The demo's people run the real `ifx` commands (in this process, the same code as the binary): `ifx ...` is echoed,
 * the command's progress (stderr) is shown indented, and its `--json` result is returned; with `show: "all"` its output
 * goes straight to the terminal (a progress bar redrawn in place), with `"quiet"` only the command is echoed. A command that fails stops the demo with its error.
 */
export function demoCli(baseEnv: Record<string, string>, write: (text: string) => void): DemoCli {
  return async <T>(argv: string[], options: { as?: Record<string, string>; show?: "progress" | "all" | "quiet" } = {}) => {
    write(`  $ ifx ${argv.map((a) => (a.includes(" ") ? JSON.stringify(a) : a)).join(" ")}\n`);
    // Indented under the command; a redraw's escape codes (cursor up, clear line) stay in front of the indent.
    const indent = (text: string) => {
      const codes = /^(?:\x1b\[[0-9;]*[A-Za-z])*/.exec(text)![0];
      return codes + text.slice(codes.length).replace(/\n$/, "").split("\n").map((l) => `    ${l}\n`).join("");
    };
    const out: string[] = [];
    const errors: string[] = [];
    const all = options.show === "all";
    const io: CliIo = {
      env: { ...baseEnv, ...options.as },
      out: (text) => (all ? write(indent(text)) : out.push(text)),
      err: (text) => {
        errors.push(text);
        if (options.show !== "quiet") write(indent(text));
      },
      isTTY: all && process.stdout.isTTY === true,
    };
    const code = await runIfx(argv, io);
    if (code !== 0) throw new Error(`ifx ${argv[0]} failed (exit ${code}): ${errors.join("").trim()}`);
    return (all ? undefined : JSON.parse(out.join(""))) as T;
  };
}
