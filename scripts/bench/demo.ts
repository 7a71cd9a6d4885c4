/**
 * `npm run bench:demo`: times `npm run demo` (its default 24-frame job) step by step and writes docs/demo.md, against
 * the target of five minutes on this machine: the build `npm run demo` runs first (on a tree built before, as
 * after `npm run setup` and one build; a fresh clone's first build also compiles the contracts), then the demo.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDemo } from "../demo/runDemo.js";
import { renderTable } from "../lib/format.js";
import { writeBenchDocument } from "../lib/writeBenchDoc.js";

const TARGET_SECONDS = 300;
const FILE = "docs/demo.md";

async function main(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), "inferix-bench-demo-"));
  const buildStarted = Date.now();
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  const buildSeconds = (Date.now() - buildStarted) / 1000;
  const steps: { title: string; at: number }[] = [{ title: "npm run build (the tree built before)", at: -buildSeconds }];
  const started = Date.now();
  try {
    const result = await runDemo({
      engine: "pathtracer", frames: 24, resolution: "192x108", samples: 16, outDir: out, keep: false,
      write: (text) => {
        process.stdout.write(text);
        const step = /^\n\[\s*\d+ s\] (.+)\n$/.exec(text);
        if (step) steps.push({ title: step[1]!, at: (Date.now() - started) / 1000 });
      },
    });
    const total = buildSeconds + result.seconds;
    const rows = steps.map((s, i) => [s.title, (s.at + buildSeconds).toFixed(0), ((steps[i + 1]?.at ?? result.seconds) - s.at).toFixed(0)]);
    const summary = `Total ${total.toFixed(0)} s (build ${buildSeconds.toFixed(0)} s, demo ${result.seconds.toFixed(0)} s) for the ${result.job.taskCount}-task job (${result.outputs.frames.length} frames), ${result.job.slashed.length} rejected render(s) slashed: ${(total / TARGET_SECONDS).toFixed(2)} x the ${TARGET_SECONDS} s target (${total <= TARGET_SECONDS ? "within" : "over"} it).`;
    await writeBenchDocument({
      file: FILE, title: "npm run demo: the whole network, step by step", command: "npm run bench:demo",
      facts: [["job", "the sample room, 24 frames at 192x108, 16 spp, 2 frames a task, built-in path tracer"], ["network", "Hardhat chain over HTTP, 1 manager, 3 verifiers (spot re-render), 1 dishonest worker (1-spp renders) taking the first task, then 2 honest workers (1 slot, 1 thread), Ponder on PGlite"]],
      body: [summary, renderTable(["step", "starts at (s)", "takes (s)"], rows, true)],
    });
    process.stdout.write(`\n${summary}\nwrote ${FILE}\n`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`bench:demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
