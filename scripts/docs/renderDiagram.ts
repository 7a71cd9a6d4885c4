/**
 * `npm run docs:diagram`: renders docs/architecture.dot to docs/architecture.svg and docs/architecture.png. Both are
 * committed so the README shows the picture without a build; test/ts/docs/architectureDiagram.test.ts fails when they
 * fall behind the DOT source.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { renderDotToSvg, svgToPng } from "./diagram.js";

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

async function main(): Promise<void> {
  const svg = await renderDotToSvg(await readFile(docs("architecture.dot"), "utf8"));
  await writeFile(docs("architecture.svg"), svg);
  await writeFile(docs("architecture.png"), await svgToPng(svg));
  process.stdout.write(`wrote ${docs("architecture.svg")} and ${docs("architecture.png")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
