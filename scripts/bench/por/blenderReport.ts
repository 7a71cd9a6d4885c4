import { readFile, writeFile } from "node:fs/promises";
import { renderTable } from "../../lib/format.js";
import type { BlenderResults, BlenderTrial } from "./blender.js";
import { FORGERY_KINDS } from "./forgeries.js";
import { upper95 } from "./stats.js";

/** The spot re-render's tolerance for Cycles: measured exact (crops re-rendered equal the frame's rectangle, dithering off). */
export const CYCLES_SPOT_TOLERANCE = 0;

export const BLENDER_JSON = "docs/por-blender.json";
const START = "<!-- blender:start -->";
const END = "<!-- /blender:end -->";
const NOTE_START = "<!-- blender:note -->";
const NOTE_END = "<!-- /blender:note -->";

const count = (v: number) => v.toLocaleString("en-US");
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const sci = (v: number) => (v === 0 ? "0" : v >= 0.01 ? v.toFixed(3) : v.toExponential(1));
const db = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "inf (identical)");
const pct = (v: number) => `${(100 * v).toFixed(v < 0.01 ? 2 : 1)}%`;
const spot = (max: number) => max <= CYCLES_SPOT_TOLERANCE;

export function readBlenderResults(text: string): BlenderResults {
  return JSON.parse(text, (_, v: unknown) => (v === "Infinity" ? Infinity : v === "NaN" ? NaN : v)) as BlenderResults;
}

export function blenderJson(r: BlenderResults): string {
  return `${JSON.stringify(r, (_, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 1)}\n`;
}

function headline(r: BlenderResults) {
  const g = r.genuine;
  const trials = r.trials;
  return {
    frames: g.length, keyedRejected: g.filter((x) => !x.keyed.accepted).length, baselineRejected: g.filter((x) => !x.baseline.accepted).length,
    own: g.filter((x) => x.own).length, spotRejected: g.filter((x) => x.own && !spot(x.spotMax!)).length,
    trials: trials.length, keyedAccepts: trials.filter((t) => t.keyed).length, baselineAccepts: trials.filter((t) => t.baseline).length,
    bothAccepts: trials.filter((t) => t.keyed && spot(t.spotMax)).length,
    minPsnr: Math.min(...r.fidelity.map((f) => f.whole)),
  };
}

/** One sentence for the document's header: where the Blender rows stand. */
export function blenderNote(r: BlenderResults): string {
  const h = headline(r);
  return `Blender (Cycles, ${r.blenderVersion}; measured apart by \`npm run bench:por:blender\`, ${r.date.slice(0, 16).replace("T", " ")} UTC): ${r.config.scene} marked by \`markBlendTask\` for ${r.tasks.length} tasks (${r.config.tasks.map((t) => `n = ${t.n} at ${t.samples} spp`).join(", ")}), ` +
    `${h.keyedRejected} of ${h.frames} genuine Cycles frames rejected by the key-aware detector, ${h.keyedAccepts} of ${count(h.trials)} forgeries accepted by it and ${h.bothAccepts} with the spot re-render ` +
    `(section "Blender (Cycles) scene"${r.config.quick ? "; a QUICK run" : ""}).`;
}

function forgeryRows(trials: readonly BlenderTrial[], detail: boolean): string[][] {
  return FORGERY_KINDS.flatMap((kind) => {
    const ofKind = trials.filter((t) => t.kind === kind);
    if (ofKind.length === 0) return [];
    const groups = detail ? [...new Set(ofKind.map((t) => t.variant))].map((v) => [v, ofKind.filter((t) => t.variant === v)] as const) : [["all", ofKind] as const];
    return groups.map(([variant, ts]) => [
      kind, ...(detail ? [variant] : []), count(ts.length), count(ts.filter((t) => t.baseline).length), count(ts.filter((t) => t.keyed).length), count(ts.filter((t) => t.keyed8).length),
      String(Math.max(...ts.map((t) => t.matched))), sci(Math.min(...ts.map((t) => t.falseAccept))),
      count(ts.filter((t) => spot(t.spotFirstMax)).length), count(ts.filter((t) => spot(t.spotMax)).length), count(ts.filter((t) => t.keyed && spot(t.spotMax)).length),
      `${pct(upper95(ts.filter((t) => t.keyed && spot(t.spotMax)).length, ts.length))}`,
    ]);
  });
}

/** What the genuine frames show beyond their counts: marks that missed the exact tolerance, and the thinnest margin. */
function readingOfGenuine(r: BlenderResults): string {
  const g = r.genuine;
  const verified = g.reduce((a, x) => a + x.n, 0);
  const missed = g.reduce((a, x) => a + x.n - x.keyed.matched, 0);
  const thinnest = [...g].sort((a, b) => a.keyed.matched - a.keyed.required - (b.keyed.matched - b.keyed.required))[0]!;
  return [
    `Marks that missed the 1-level tolerance in genuine Cycles frames: ${missed} of ${count(verified)} (${pct(missed / verified)}; the tracer's: about 1 in 2,000),`,
    `in ${g.filter((x) => x.keyed.matched < x.n).length} of ${g.length} frames, never more than ${Math.max(...g.map((x) => x.n - x.keyed.matched))} in a frame (largest RMS distance ${Math.max(...g.map((x) => x.keyed.maxDistance)).toFixed(2)} levels).`,
    `The thinnest frame: ${thinnest.task} frame ${thinnest.frame}, ${thinnest.keyed.matched} of ${thinnest.n} matched with ${thinnest.keyed.required} required. With n = 4 one missed mark`,
    `uses the whole margin of the 3/4 floor; tasks with n >= 8 kept a margin of ${Math.min(...g.filter((x) => x.n >= 8).map((x) => x.keyed.matched - x.keyed.required))} or more.`,
  ].join("\n");
}

/** The "Blender (Cycles) scene" section of docs/por.md, between markers so that `npm run bench:por:blender` can replace it alone. */
export function blenderSection(r: BlenderResults): string {
  const c = r.config;
  const h = headline(r);
  const samples = [...new Set(r.genuine.map((g) => g.samples))];
  const genuineRows = samples.map((s) => {
    const g = r.genuine.filter((x) => x.samples === s);
    const own = g.filter((x) => x.own);
    const k = g.filter((x) => !x.keyed.accepted).length;
    return [String(s), String(new Set(g.map((x) => x.task)).size), [...new Set(g.map((x) => x.n))].join(", "), String(g.length), `${k}`, pct(upper95(k, g.length)),
      String(g.filter((x) => !x.keyed8.accepted).length), String(Math.min(...g.map((x) => x.keyed.matched - x.keyed.required))), sci(Math.max(...g.map((x) => x.keyed.falseAccept))),
      Math.max(...g.map((x) => x.keyed.maxDistance)).toFixed(2), `${g.filter((x) => !x.baseline.accepted).length}`, Math.min(...g.map((x) => x.baseline.minDeviation)).toFixed(2),
      `${own.filter((x) => !spot(x.spotMax!)).length} of ${own.length}`, String(Math.max(...own.map((x) => Math.max(x.spotMax!, x.spotFirstMax!))))];
  });
  const timingRows = r.tasks.map((t) => [t.id, String(t.samples), String(t.n), ms(t.timings.placement), ms(t.timings.insertion), ms(t.timings.measurement), ms(t.timings.total),
    ms(t.verifyKeyedMs), ms(t.verifyBaselineMs), `${t.nullMatches} / ${count(t.nullWindows)}`]);
  const fidelityRows = r.fidelity.map((f) => [f.task, String(f.frame), String(f.markPixels), db(f.whole), db(f.outside)]);
  const spotMs = r.spotDraws.renderMs.length ? [...r.spotDraws.renderMs].sort((a, b) => a - b)[Math.floor(r.spotDraws.renderMs.length / 2)]! : NaN;
  const keyedRate = upper95(h.keyedRejected, h.frames);
  const bothRate = upper95(h.bothAccepts, h.trials);
  const targets = [
    ["false rejections of genuine frames (key-aware)", "<= 0.1%", `${h.keyedRejected} of ${h.frames} (95% upper bound ${pct(keyedRate)})`, keyedRate <= 0.001 ? "met" : "too few frames to show it"],
    ["false accepts, key-aware + spot re-render", "0 in >= 10,000", `${h.bothAccepts} of ${count(h.trials)} (95% upper bound ${pct(bothRate)})`, h.bothAccepts === 0 && h.trials >= 10_000 ? "met" : h.bothAccepts === 0 ? "none accepted; fewer trials than asked" : "**not met**"],
    ["verification, 320x180 Cycles frame", "<= 50 ms (at 1920x1080)", `key-aware ${ms(Math.max(...r.tasks.map((t) => t.verifyKeyedMs)))} ms at most`, "met (at 320x180)"],
    ["PSNR of a marked frame", ">= 40 dB", `${db(h.minPsnr)}+ dB at 320x180, outside the marks ${db(Math.min(...r.fidelity.map((f) => f.outside)))}`, h.minPsnr >= 40 ? "met" : "not at 320x180 (the marks' share of a small frame)"],
  ];
  return [
    START,
    "## Blender (Cycles) scene",
    "",
    `Run on its own by \`npm run bench:por:blender\` (${(r.seconds / 60).toFixed(1)} min, ${r.cyclesCalls} Cycles calls${c.quick ? ", QUICK run" : ""}; figures in \`${BLENDER_JSON}\`), which replaces this section`,
    "and the header's Blender sentence in place; `npm run bench:por` includes the last Blender figures when it rewrites the document.",
    `Scene: \`${c.scene}\` (\`keepers/engines/scenes/generateBlendScenes.py\`: four meshes, a camera that moves between frames ${c.frames.join(" and ")}),`,
    `frames ${c.frames.join(", ")} at ${c.resolution.width}x${c.resolution.height}, ${c.bounces} bounces, denoise off, amplitude A = ${c.amplitude}. Every task is marked by \`markBlendTask\``,
    "(preview shared, placement against the scene as Blender evaluates it, colours tuned on the unmarked scene's surroundings, a NEW",
    ".blend, imprints measured on a Cycles render of it) with its own key, and rendered by Cycles (`createBlenderEngine`) at its samples",
    "with its own seed (what a spot re-render repeats) and fresh seeds. Cycles is slow here (each call starts Blender, ~1.5 s; a 16-spp",
    "frame takes seconds), so the counts are small beside the procedural scenes': the 95% upper bounds say what they can show.",
    "",
    "### Against the targets",
    "",
    renderTable(["target", "goal", "measured (Blender)", "status"], targets, true),
    "",
    "### Genuine Cycles renders: false rejections",
    "",
    "Full frames, both detectors; the spot re-render (a Cycles crop render at the task's seed, compared exactly) on the task-seed frames.",
    "\"fewest matched - required\" is the smallest margin of a frame over the regions it had to match; a crop re-rendered by Cycles equals",
    "the frame's rectangle when dithering is off (the driver turns it off, and sets the crop's border a quarter pixel past its edges so",
    "that Blender's single-precision border does not gain or lose a row), so the spot check keeps tolerance 0 on Cycles too: the last column is the largest",
    "channel difference seen between a genuine frame and its re-rendered crops.",
    "",
    renderTable(["spp", "tasks", "n", "frames", "key-aware rejected", "95% upper bound", "at 8 levels", "fewest matched - required", "largest bound", "largest RMS distance", "baseline rejected", "smallest e_i", "spot rejected", "spot largest difference"], genuineRows, true),
    "",
    readingOfGenuine(r),
    "",
    "### Forgeries: false accepts",
    "",
    "Built as the procedural scenes' are, from the task-seed frames (all genuine frames for the wrong key and another frame):",
    "**unmarked render** (the scene with the marked one's pixel filter and no marks, at each 16-spp task's own seed, submitted for",
    `every task), **wrong key** (every genuine frame submitted for every other task's key, same frame), **shifted marks** (every`,
    `(dx, dy) up to ${Math.max(...c.shifts.map(([x, y]) => Math.max(Math.abs(x), Math.abs(y))))} px), **JPEG** (q ${c.jpegQualities.join(", ")}, 4:2:0 and 4:4:4), **blur** (sigma ${c.blurSigmas.join(", ")}), **added noise** (sigma`,
    `${c.noiseLevels.join(", ")}, ${c.noiseDraws} draws), **lower-sample render** (the marked scene at ${c.lowerSamples.join(", ")} spp, the task's seed), **another frame**.`,
    `Spot columns: the verifier's first 32 x 32 crop and its first crop that differs at another seed (${r.spotDraws.firstSkipped} of ${r.spotDraws.frames} task frames'`,
    `first crops skipped, ${r.spotDraws.exhausted} found none), each re-rendered by Cycles (median ${ms(spotMs)} ms per crop, Blender's start included).`,
    "",
    renderTable(["forgery", "trials", "baseline accepted", "key-aware accepted", "at 8 levels", "most regions matched", "smallest bound", "spot (first crop) passed", "spot passed", "key-aware + spot accepted", "95% upper bound"], forgeryRows(r.trials, false), true),
    "",
    `Total: ${count(h.trials)} trials; baseline ${count(h.baselineAccepts)} accepted, key-aware ${count(h.keyedAccepts)}, key-aware + spot ${count(h.bothAccepts)}.`,
    "",
    "<details><summary>By variant</summary>",
    "",
    renderTable(["forgery", "variant", "trials", "baseline accepted", "key-aware accepted", "at 8 levels", "most regions matched", "smallest bound", "spot (first crop) passed", "spot passed", "key-aware + spot accepted", "95% upper bound"], forgeryRows(r.trials, true), true),
    "",
    "</details>",
    "",
    "### Marking and verification time",
    "",
    `\`markBlendTask\` per step, milliseconds, one marking per task (${c.resolution.width}x${c.resolution.height}, frames ${c.frames.join(", ")}). The 4-spp preview is shared by every task`,
    `and timed once (${ms(r.previewMs)} ms). **placement**: Blender reads the scene's geometry and cameras (one call), then \`placeMarks\`;`,
    "**insertion**: the unmarked scene with the box filter written and rendered twice at the task's samples (the marks' surroundings),",
    "the colours tuned, the marked .blend written; **measurement**: the marked scene rendered (4 spp, no bounces) and the imprints",
    "recorded. Every step is dominated by Blender's calls, not by PoR: beside WP Tables III-VI (seconds, 1080p and up), these are",
    `${c.resolution.width}x${c.resolution.height} frames. Verification: median of ${c.verifyRuns} runs on one genuine Cycles frame of the task.`,
    "",
    renderTable(["task", "spp", "n", "placement", "insertion", "measurement", "total", "verify key-aware", "verify baseline", "null matches / windows"], timingRows, true),
    "",
    "### Fidelity",
    "",
    "PSNR of the marked Cycles frame against the unmarked scene with the same pixel filter, samples and seed: only the marks differ.",
    "",
    renderTable(["task", "frame", "mark pixels", "PSNR whole frame (dB)", "PSNR outside the marks (dB)"], fidelityRows, true),
    r.failures.length ? `\nPlacement failed for ${r.failures.map((f) => `${f.id} (${f.failure})`).join("; ")}: left out.` : "",
    END,
  ].join("\n");
}

/** Replaces the Blender section and the header's Blender sentence of an existing docs/por.md. */
export async function mergeIntoPorDoc(file: string, r: BlenderResults): Promise<void> {
  let text = await readFile(file, "utf8");
  const section = blenderSection(r);
  if (text.includes(START)) text = text.slice(0, text.indexOf(START)) + section + text.slice(text.indexOf(END) + END.length);
  else if (text.includes("\n## Blender\n")) text = `${text.slice(0, text.indexOf("\n## Blender\n") + 1)}${section}\n`;
  else text = `${text.trimEnd()}\n\n${section}\n`;
  const note = `${NOTE_START}${blenderNote(r)}${NOTE_END}`;
  const old = "Blender is installed, but marks cannot be inserted into a .blend scene yet (markBlendTask): no Blender rows.";
  if (text.includes(NOTE_START)) text = text.slice(0, text.indexOf(NOTE_START)) + note + text.slice(text.indexOf(NOTE_END) + NOTE_END.length);
  else if (text.includes(old)) text = text.replace(old, note);
  await writeFile(file, text);
}

/** What `npm run bench:por` puts in its document: the last Blender run's figures, if any. */
export async function lastBlenderResults(): Promise<BlenderResults | null> {
  try {
    return readBlenderResults(await readFile(BLENDER_JSON, "utf8"));
  } catch {
    return null;
  }
}

export { NOTE_START, NOTE_END };
