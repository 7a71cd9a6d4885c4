/**
 * `npm run bench:por:blender`: the Blender (Cycles) scene's rows of the Proof-of-Rendering benchmark, run on their own
 * (Cycles is slow here): .blend tasks marked by `markBlendTask` at 16, 64 and 256 spp, genuine Cycles renders, the
 * forgeries of `npm run bench:por` and Cycles' spot re-render. Writes docs/por-blender.json and replaces the "Blender
 * (Cycles) scene" section and the header's Blender sentence of docs/por.md in place (the procedural scenes' figures
 * stay as their last full run wrote them). POR_BENCH_QUICK=1 runs two tasks and writes under /tmp;
 * POR_BLENDER_REPORT_ONLY=1 writes the section again from docs/por-blender.json without rendering.
 */
import { spawnSync } from "node:child_process";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { blenderBenchConfig, runBlenderBench } from "./por/blender.js";
import { BLENDER_JSON, blenderJson, lastBlenderResults, mergeIntoPorDoc } from "./por/blenderReport.js";

const blender = process.env["INFERIX_BLENDER"] ?? "blender";
const version = spawnSync(blender, ["--version"], { encoding: "utf8" });
if (version.status !== 0) {
  process.stdout.write("Blender is not installed: no Blender rows.\n");
  process.exit(0);
}
if (process.env["POR_BLENDER_REPORT_ONLY"] === "1") {
  // The section and the header's sentence written again from the last run's figures, nothing rendered.
  const results = await lastBlenderResults();
  if (!results) throw new Error(`no ${BLENDER_JSON}: run npm run bench:por:blender first`);
  await mergeIntoPorDoc("docs/por.md", results);
  process.stdout.write(`docs/por.md: Blender section written again from ${BLENDER_JSON}\n`);
  process.exit(0);
}
const config = blenderBenchConfig();
const dir = await mkdtemp(join(os.tmpdir(), "inferix-bench-por-blender-"));
try {
  const results = await runBlenderBench(config, dir, version.stdout.split("\n")[0]!.trim());
  const json = config.quick ? "/tmp/por-quick-blender.json" : BLENDER_JSON;
  const doc = config.quick ? "/tmp/por-quick-blender.md" : "docs/por.md";
  await writeFile(json, blenderJson(results));
  if (config.quick) await copyFile("docs/por.md", doc);
  await mergeIntoPorDoc(doc, results);
  process.stdout.write(`bench:por:blender done in ${results.seconds.toFixed(0)} s: wrote ${json} and ${doc}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
