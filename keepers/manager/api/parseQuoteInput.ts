import { GraphQLError } from "graphql";
import { getAddress, isAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import type { JobSettings } from "../../db/schema.js";
import { cidToWord } from "../../market/cidWord.js";

/** Most frames one quote may cover: a quote costs a preview, never more, but the job's rows grow with its frames. */
export const MAX_QUOTE_FRAMES = 100_000;
/** 8K UHD: larger frames exceed what a worker uploads (handleUpload's cap) as one PNG. */
const MAX_WIDTH = 7_680;
const MAX_HEIGHT = 4_320;
/** DESIGN step 3: 1,000 frames -> 200 tasks of 5. */
export const DEFAULT_FRAMES_PER_TASK = 5;

export const PRICE_OPTIONS = ["cheapest", "balanced", "fastest"] as const;

const int = (name: string, min: number, max: number) =>
  z.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`);

const inputSchema = z.object({
  artist: z.string().refine((a) => isAddress(a, { strict: false }), "artist must be a 20-byte hex address"),
  sceneCid: z.string().max(200, "sceneCid is too long to be a CID"),
  frameStart: int("frameStart", 0, 2 ** 31 - 1),
  frameEnd: int("frameEnd", 0, 2 ** 31 - 1),
  framesPerTask: int("framesPerTask", 1, 1_000).nullish(),
  engine: z.enum(["pathtracer", "blender"], { error: "engine must be pathtracer or blender" }),
  width: int("width", 16, MAX_WIDTH),
  height: int("height", 16, MAX_HEIGHT),
  samples: int("samples", 1, 65_536),
  bounces: int("bounces", 0, 64),
  option: z.enum(PRICE_OPTIONS, { error: `option must be one of ${PRICE_OPTIONS.join(", ")}` }).nullish(),
});

export type QuoteInput = z.input<typeof inputSchema>;

export interface ParsedQuoteInput {
  artist: Address;
  sceneCid: string;
  sceneWord: Hex;
  frameStart: number;
  frameEnd: number;
  option: (typeof PRICE_OPTIONS)[number];
  settings: JobSettings;
}

export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

/** An artist's quote request checked whole: every problem named in one BAD_USER_INPUT error, before any work. */
export function parseQuoteInput(raw: unknown): ParsedQuoteInput {
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) throw badUserInput(parsed.error.issues.map((i) => i.message).join("; "));
  const input = parsed.data;
  if (input.frameEnd < input.frameStart) throw badUserInput(`frameEnd ${input.frameEnd} is before frameStart ${input.frameStart}`);
  const frames = input.frameEnd - input.frameStart + 1;
  if (frames > MAX_QUOTE_FRAMES) throw badUserInput(`${frames} frames in one quote; at most ${MAX_QUOTE_FRAMES} (split the job)`);
  let sceneWord: Hex;
  try {
    sceneWord = cidToWord(input.sceneCid);
  } catch (error) {
    throw badUserInput(`sceneCid: ${(error as Error).message}`);
  }
  return {
    artist: getAddress(input.artist), sceneCid: input.sceneCid, sceneWord, frameStart: input.frameStart, frameEnd: input.frameEnd,
    option: input.option ?? "balanced",
    settings: {
      engine: input.engine, resolution: { width: input.width, height: input.height }, samples: input.samples, bounces: input.bounces,
      framesPerTask: input.framesPerTask ?? DEFAULT_FRAMES_PER_TASK,
    },
  };
}
