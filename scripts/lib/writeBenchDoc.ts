import { writeFile } from "node:fs/promises";
import { renderTable } from "./format.js";
import { describeMachine } from "./machine.js";

/**
 * Writes a benchmark table to `docs/` with what every table there carries: the command, the date, the machine and
 * the chain it ran on. Prints the table too.
 */
export async function writeBenchDoc(file: string, title: string, chain: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<void> {
  const table = renderTable(header, rows, true);
  const doc = [
    `# ${title}`,
    "",
    "- command: `npm run bench:gas`",
    `- date: ${new Date().toISOString()}`,
    `- machine: ${describeMachine()}`,
    `- chain: ${chain}`,
    "",
    table,
    "",
  ].join("\n");
  await writeFile(file, doc);
  process.stdout.write(`${table}\n\nwrote ${file}\n`);
}
