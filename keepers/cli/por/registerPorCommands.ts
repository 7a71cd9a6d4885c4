import { Command, InvalidArgumentError, Option } from "commander";
import { badInput, EXIT } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { integerIn, parseFrames, parseResolution } from "../parseArguments.js";
import { readHexSecret } from "../readSecret.js";
import { markSceneFile } from "./markSceneFile.js";
import { verifyFrameFile, type DetectorName, type VerifyReport } from "./verifyFrameFile.js";

/** The environment variable `ifx por mark` reads the manager's PoR secret from (no flag: flags land in shell history). */
export const POR_SECRET_VARIABLE = "IFX_POR_SECRET";
/** The verifier's own secret, from which its spot crops are drawn (never shared: the worker must not know them). */
export const VERIFIER_SECRET_VARIABLE = "IFX_VERIFIER_SECRET";

interface MarkFlags {
  scene: string;
  taskId: string;
  out: string;
  frames?: number[];
  resolution?: { width: number; height: number };
  samples: number;
  bounces: number;
  marks: number;
  threads?: number;
  json?: boolean;
}

interface VerifyFlags {
  key: string;
  image: string;
  frame?: number;
  detector?: DetectorName;
  maxFalseAccept?: number;
  spotScene?: string;
  seed?: number;
  samples: number;
  bounces: number;
  spotTolerance: number;
  json?: boolean;
}

function probability(value: string): number {
  const p = Number(value);
  if (!(p > 0 && p < 1)) throw new InvalidArgumentError(`expected a probability in (0, 1), got "${value}"`);
  return p;
}

function describeVerdict(report: VerifyReport): string {
  const spot = report.spot ? `; spot re-render of ${report.spot.crop.x1 - report.spot.crop.x0}x${report.spot.crop.y1 - report.spot.crop.y0} at (${report.spot.crop.x0}, ${report.spot.crop.y0}) ${report.spot.matches ? "matches" : `differs in ${report.spot.differingPixels} pixels (up to ${report.spot.maxDifference} levels)`}` : "";
  return `${describeDetector(report)}${spot}`;
}

function describeDetector(report: VerifyReport): string {
  const head = `${report.accepted ? "ACCEPTED" : "REJECTED"} frame ${report.frame} of task ${report.taskId} (${report.detector} detector${report.spot ? " + spot re-render" : ""})`;
  if (report.detector === "keyed") {
    return `${head}: ${report.matched}/${report.regions.length} regions match their imprint (${report.required} needed), false-accept probability ${report.falseAccept!.toExponential(2)}`;
  }
  return `${head}: ${report.matched}/${report.regions.length} regions reach e_i >= ${report.threshold}`;
}

function addMark(por: Command, context: CommandContext): void {
  por.command("mark")
    .description("place a task's marks in a scene: writes the marked scene and its verification key (key.json) to --out")
    .requiredOption("--scene <file>", "the job's scene (.gltf, .glb or .blend); only read")
    .requiredOption("--task-id <id>", `the task's id (with the manager's PoR secret from ${POR_SECRET_VARIABLE}, it fixes the key)`)
    .requiredOption("--out <dir>", "where the marked scene and key.json go")
    .option("--frames <list>", "the task's frames, e.g. 0-3,7 (default: the scene's whole range)", parseFrames)
    .option("--resolution <WxH>", "the task's resolution (default: the scene's)", parseResolution)
    .option("--samples <n>", "the task's samples per pixel (the marks are tuned to renders like it)", integerIn(1, 65_536), 16)
    .option("--bounces <n>", "the task's light bounces", integerIn(0, 64), 4)
    .option("--marks <n>", "atomic noises per frame (WP: 8-15)", integerIn(2, 40), 12)
    .option("--threads <n>", "render threads for the preview (default: every core)", integerIn(1, 1024))
    .option("--json", "print the result as JSON")
    .action(async (flags: MarkFlags) => {
      if (flags.taskId.trim() === "") throw badInput("--task-id must not be empty");
      const managerSecret = readHexSecret(context.io.env, POR_SECRET_VARIABLE, "PoR secret");
      const marked = await markSceneFile({
        scene: flags.scene, outDir: flags.out, taskId: flags.taskId, managerSecret, samples: flags.samples, bounces: flags.bounces, marks: flags.marks,
        ...(flags.frames ? { frames: flags.frames } : {}), ...(flags.resolution ? { resolution: flags.resolution } : {}),
        ...(flags.threads ? { threads: flags.threads } : {}),
      }, (line) => context.io.err(line));
      const summary = { scene: marked.scene, key: marked.keyFile, keyHash: marked.keyHash, frames: marked.frames, resolution: marked.resolution, marks: marked.key.noises.length, timingsMs: marked.timings };
      context.io.out(flags.json ? JSON.stringify(summary) : [
        `marked scene  ${marked.scene}`, `key           ${marked.keyFile}`, `key hash      ${marked.keyHash} (what the manager commits on-chain)`,
        `frames        ${marked.frames.join(", ")} at ${marked.resolution.width}x${marked.resolution.height}, ${summary.marks} marks each`,
      ].join("\n"));
      context.setExit(EXIT.OK);
    });
}

function addVerify(por: Command, context: CommandContext): void {
  por.command("verify")
    .description("verify a rendered frame against its task's key: exit 0 accepted, 1 rejected, 2 bad input")
    .requiredOption("--key <file>", "the task's key.json")
    .requiredOption("--image <file>", "the rendered frame (PNG)")
    .option("--frame <n>", "the frame number the image is (required when the key covers several)", integerIn(-1_000_000, 1_000_000))
    .addOption(new Option("--detector <name>", "keyed (default for version 2 keys) or the WP's baseline").choices(["keyed", "baseline"]))
    .option("--max-false-accept <p>", "keyed: largest false-accept probability accepted", probability)
    .option("--spot-scene <file>", `also re-render the verifier's secret crop from the task's marked scene (secret from ${VERIFIER_SECRET_VARIABLE}); needs --seed`)
    .option("--seed <n>", "the task's render seed (spot re-render)", integerIn(0, 2 ** 32 - 1))
    .option("--samples <n>", "the task's samples per pixel (spot re-render)", integerIn(1, 65_536), 16)
    .option("--bounces <n>", "the task's light bounces (spot re-render)", integerIn(0, 64), 4)
    .option("--spot-tolerance <levels>", "largest per-channel difference in the crop (0: exact, the built-in tracer)", integerIn(0, 255), 0)
    .option("--json", "print per-region statistics as JSON")
    .action(async (flags: VerifyFlags) => {
      if (flags.spotScene !== undefined && flags.seed === undefined) throw badInput("--spot-scene needs the task's --seed");
      const spot = flags.spotScene === undefined ? undefined : {
        scene: flags.spotScene, seed: flags.seed!, samples: flags.samples, bounces: flags.bounces, tolerance: flags.spotTolerance,
        verifierSecret: readHexSecret(context.io.env, VERIFIER_SECRET_VARIABLE, "verifier secret"),
      };
      const report = await verifyFrameFile({
        keyFile: flags.key, imageFile: flags.image,
        ...(flags.frame !== undefined ? { frame: flags.frame } : {}), ...(flags.detector ? { detector: flags.detector } : {}),
        ...(flags.maxFalseAccept !== undefined ? { falseAccept: flags.maxFalseAccept } : {}), ...(spot ? { spot } : {}),
      });
      context.io.out(flags.json ? JSON.stringify(report) : describeVerdict(report));
      context.setExit(report.accepted ? EXIT.OK : EXIT.NEGATIVE);
    });
}

/** `ifx por ...`: Proof-of-Rendering by hand (WP §III), what the manager and the verifier daemons do per task. */
export function registerPorCommands(program: Command, context: CommandContext): void {
  const por = program.command("por").description("Proof-of-Rendering: mark a scene for a task, verify a rendered frame");
  addMark(por, context);
  addVerify(por, context);
}
