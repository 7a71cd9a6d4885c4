import { InvalidArgumentError, Option, type Command } from "commander";
import { formatUnits, type Address, type Hex } from "viem";
import type { Resolution } from "../../engines/engine.js";
import type { Quote } from "../../market/typedData.js";
import { integerIn, parseResolution } from "../parseArguments.js";
import { managerGraphql, parseManagerUrl } from "./managerClient.js";

export interface JobSettingsFlags {
  manager?: string;
  frames: { start: number; end: number };
  framesPerTask?: number;
  engine: "pathtracer" | "blender";
  resolution: Resolution;
  samples: number;
  bounces: number;
  option: "cheapest" | "balanced" | "fastest";
  json?: boolean;
}

/** "1-250" or "7": an inclusive frame range. */
export function parseFrameRange(value: string): { start: number; end: number } {
  const match = /^\s*(\d{1,10})\s*(?:-\s*(\d{1,10})\s*)?$/.exec(value);
  const start = Number(match?.[1]);
  const end = match?.[2] === undefined ? start : Number(match[2]);
  if (!match || end < start || end > 2 ** 31 - 1) throw new InvalidArgumentError(`expected frames as FIRST-LAST (e.g. 1-250), got "${value}"`);
  return { start, end };
}

/** The flags `quote` and `submit` share: where to ask, and what to render. */
export function addJobSettingsOptions(command: Command): Command {
  return command
    .option("--manager <url>", "the manager's URL (default: IFX_MANAGER_URL)", parseManagerUrl)
    .requiredOption("--frames <first-last>", "frames to render, inclusive, e.g. 1-250", parseFrameRange)
    .option("--frames-per-task <n>", "frames per task (default: the manager's, 5)", integerIn(1, 1_000))
    .addOption(new Option("--engine <engine>", "render engine").choices(["pathtracer", "blender"]).default("pathtracer"))
    .addOption(new Option("--resolution <WxH>", "frame size").argParser(parseResolution).default({ width: 1920, height: 1080 }, "1920x1080"))
    .option("--samples <n>", "samples per pixel", integerIn(1, 65_536), 128)
    .option("--bounces <n>", "maximum light bounces", integerIn(0, 64), 6)
    .addOption(new Option("--option <option>", "price option").choices(["cheapest", "balanced", "fastest"]).default("balanced"));
}

const QUOTE = `mutation($input: QuoteInput!) { quote(input: $input) {
  jobId artist sceneCid sceneWord frameStart frameEnd taskCount workWad pricePerIbmWad fee ibFloorWad keysCommitment expiry deadline managerId
  signature option options { name pricePerIbmWad workers ibWad etaMinutes }
} }`;

export interface QuoteAnswer {
  jobId: Hex; artist: Address; sceneCid: string; sceneWord: Hex; frameStart: number; frameEnd: number; taskCount: number; workWad: string;
  pricePerIbmWad: string; fee: string; ibFloorWad: string; keysCommitment: Hex; expiry: string; deadline: string; managerId: string; signature: Hex;
  option: string; options: { name: string; pricePerIbmWad: string; workers: number; ibWad: string; etaMinutes: number | null }[];
}

/** Asks the manager for a signed quote of `sceneCid` for `artist` with the command's settings. */
export async function requestQuote(manager: string, artist: Address, sceneCid: string, flags: JobSettingsFlags): Promise<QuoteAnswer> {
  const input = {
    artist, sceneCid, frameStart: flags.frames.start, frameEnd: flags.frames.end, ...(flags.framesPerTask ? { framesPerTask: flags.framesPerTask } : {}),
    engine: flags.engine, width: flags.resolution.width, height: flags.resolution.height, samples: flags.samples, bounces: flags.bounces, option: flags.option,
  };
  return (await managerGraphql<{ quote: QuoteAnswer }>(manager, QUOTE, { input })).quote;
}

/** The quote as `JobMarket.createJob` takes it. */
export function quoteStruct(q: QuoteAnswer): Quote {
  return {
    jobId: q.jobId, artist: q.artist, sceneCid: q.sceneWord, frameStart: q.frameStart, frameEnd: q.frameEnd, taskCount: q.taskCount, workWad: BigInt(q.workWad),
    pricePerIbmWad: BigInt(q.pricePerIbmWad), fee: BigInt(q.fee), ibFloorWad: BigInt(q.ibFloorWad), keysCommitment: q.keysCommitment,
    expiry: BigInt(q.expiry), deadline: BigInt(q.deadline), managerId: BigInt(q.managerId),
  };
}

/** A quote for a person: the fee, the work, and every option with its workers and ETA. */
export function describeQuote(q: QuoteAnswer): string {
  const eta = (m: number | null) => (m === null ? "no ETA" : m < 120 ? `~${Math.ceil(m)} min` : `~${(m / 60).toFixed(1)} h`);
  const options = q.options.map((o) => `  ${o.name === q.option ? "*" : " "} ${o.name.padEnd(9)} $${formatUnits(BigInt(o.pricePerIbmWad), 18)}/IBM  ${o.workers} workers  ${eta(o.etaMinutes)}`);
  return [
    `quote ${q.jobId}: frames ${q.frameStart}-${q.frameEnd} in ${q.taskCount} tasks, ${formatUnits(BigInt(q.workWad), 18)} IBM at $${formatUnits(BigInt(q.pricePerIbmWad), 18)}/IBM`,
    `fee: ${formatUnits(BigInt(q.fee), 18)} ifxDollar (valid until ${new Date(Number(q.expiry) * 1_000).toISOString()})`,
    ...options,
  ].join("\n");
}
