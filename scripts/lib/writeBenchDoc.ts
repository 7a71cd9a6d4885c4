import { writeFile } from "node:fs/promises";
import { renderTable } from "./format.js";
import { describeMachine } from "./machine.js";

/**
 * Writes a benchmark table to `docs/` with what every table there carries: the command, the date, the machine and
 * the chain it ran on. Prints the table too.
 */
export async function writeBenchDoc(file: string, title: string, chain: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<void> {
  const table = renderTable(header, rows, true);
  await writeBenchDocument({ file, title, command: "npm run bench:gas", facts: [["chain", chain]], body: [table] });
  process.stdout.write(`${table}\n\nwrote ${file}\n`);
}

export interface BenchDocument {
  file: string;
  title: string;
  command: string;
  /** Extra header lines after the date and machine, as (label, value). */
  facts: readonly (readonly [string, string])[];
  /** Markdown blocks (tables, sections), separated by blank lines. */
  body: readonly string[];
}

/** The general form: a title, the command, the date, the machine, more facts, then any Markdown. */
export async function writeBenchDocument(doc: BenchDocument): Promise<void> {
  const lines = [
    `# ${doc.title}`,
    "",
    `- command: \`${doc.command}\``,
    `- date: ${new Date().toISOString()}`,
    `- machine: ${describeMachine()}`,
    ...doc.facts.map(([label, value]) => `- ${label}: ${value}`),
    "",
    doc.body.join("\n\n"),
    "",
  ];
  await writeFile(doc.file, lines.join("\n"));
}
