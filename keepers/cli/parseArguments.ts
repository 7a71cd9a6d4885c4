import { InvalidArgumentError } from "commander";
import type { Resolution } from "../engines/engine.js";

/** A whole number in [min, max] from a flag. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number in ${min}..${max}, got "${value}"`);
    }
    return n;
  };
}

/** "1920x1080". */
export function parseResolution(value: string): Resolution {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(value.trim());
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 1 || height < 1 || width > 16_384 || height > 16_384) {
    throw new InvalidArgumentError(`expected WIDTHxHEIGHT (each 1..16384), got "${value}"`);
  }
  return { width, height };
}

/** Frame lists as a person types them: "0", "0-3", "1,4,9-12"; in the order given, each frame once. */
export function parseFrames(value: string): number[] {
  const frames: number[] = [];
  for (const part of value.split(",")) {
    const match = /^\s*(-?\d+)\s*(?:-\s*(-?\d+)\s*)?$/.exec(part);
    if (!match) throw new InvalidArgumentError(`expected frames like "0-3,7", got "${value}"`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first || last - first > 100_000) throw new InvalidArgumentError(`the range "${part.trim()}" is empty or too long`);
    for (let f = first; f <= last; f++) if (!frames.includes(f)) frames.push(f);
  }
  return frames;
}
