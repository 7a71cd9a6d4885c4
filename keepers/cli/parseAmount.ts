import { InvalidArgumentError } from "commander";
import { parseUnits } from "viem";
import { badInput } from "./cliError.js";

/**
 * A decimal amount as a person types it ("1500", "0.25") to its integer in `decimals` (viem parseUnits). Refused,
 * never rounded: a sign, an exponent, thousands separators, or more fractional digits than the token has.
 */
export function parseDecimal(value: string, decimals: number, what: string): bigint {
  const text = value.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new InvalidArgumentError(`expected ${what} as a decimal number like 12.5, got "${value}"`);
  if ((match[2] ?? "").length > decimals) throw new InvalidArgumentError(`${what} has at most ${decimals} decimals, got "${value}"`);
  return parseUnits(text, decimals);
}

/** A positive decimal amount of an 18-decimal token (IFX, USD WAD). */
export function positiveWad(what: string): (value: string) => bigint {
  return (value) => {
    const amount = parseDecimal(value, 18, what);
    if (amount === 0n) throw new InvalidArgumentError(`${what} must be more than 0`);
    return amount;
  };
}

/** A license (node) id: a positive whole number. */
export function parseLicenseId(value: string): bigint {
  if (!/^\d{1,30}$/.test(value.trim()) || BigInt(value.trim()) === 0n) throw new InvalidArgumentError(`expected a license id (a positive whole number), got "${value}"`);
  return BigInt(value.trim());
}

/** Commander collects repeated or variadic license ids through this. */
export function collectLicenseIds(value: string, previous: bigint[] = []): bigint[] {
  return [...previous, parseLicenseId(value)];
}

/** A parser run inside an action (it needs the chain, e.g. a token's decimals): its refusal is bad input, exit 2. */
export function parseInAction<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw badInput(error.message, error);
    throw error;
  }
}
