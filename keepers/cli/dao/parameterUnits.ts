import { InvalidArgumentError } from "commander";
import { formatEther } from "viem";
import { PARAM_NAMES, type ParamName } from "../../chain/paramKeys.js";
import { parseDecimal } from "../parseAmount.js";

/** How a governed number is written by people; the unit is part of each parameter's name (IParameterRegistry). */
export type ParamUnit = "seconds" | "bps" | "ifx" | "ib" | "usd" | "count";

/** The prefix of a sample scene's T_G^0 (WP eq. 19) in `--param`, e.g. `referenceTimeMs:inferix/room`. */
export const REFERENCE_TIME_PREFIX = "referenceTimeMs:";

export function unitOf(name: string): ParamUnit {
  if (name.endsWith("Seconds")) return "seconds";
  if (name.endsWith("Bps")) return "bps";
  if (name === "emissionRatePerIbm") return "ifx";
  if (name === "initialIbWad") return "ib";
  if (name.endsWith("UsdWad")) return "usd";
  return "count";
}

const DURATION_UNITS: Record<string, bigint> = { s: 1n, m: 60n, h: 3_600n, d: 86_400n };

function parseWhole(text: string, what: string): bigint {
  if (!/^\d{1,30}$/.test(text)) throw new InvalidArgumentError(`expected ${what}, got "${text}"`);
  return BigInt(text);
}

/** "72h", "7d", "30m", "90s" or plain seconds. */
function parseDuration(text: string): bigint {
  const match = /^(\d{1,15})([smhd]?)$/.exec(text);
  if (!match) throw new InvalidArgumentError(`expected a duration like 72h, 7d, 30m or seconds, got "${text}"`);
  return BigInt(match[1]!) * DURATION_UNITS[match[2] || "s"]!;
}

/** "7500" (basis points) or "75%" / "12.5%". */
function parseBps(text: string): bigint {
  if (!text.endsWith("%")) return parseWhole(text, "basis points (7500) or a percentage (75%)");
  return parseDecimal(text.slice(0, -1), 2, "a percentage");
}

/** A value typed for parameter `name`, in the registry's integer (IFX and WAD values in 18 decimals). */
export function parseParamValue(name: string, text: string): bigint {
  const value = text.trim();
  switch (unitOf(name)) {
    case "seconds": return parseDuration(value);
    case "bps": return parseBps(value);
    case "ifx": return parseDecimal(value, 18, "IFX per IBM");
    case "ib": return parseDecimal(value, 18, "an IB");
    case "usd": return parseDecimal(value, 18, "a USD amount");
    case "count": return parseWhole(value, "a whole number");
  }
}

/** A registry value as a person reads it, with its unit. */
export function formatParamValue(name: string, value: bigint): string {
  switch (unitOf(name)) {
    case "seconds": return `${value} s${value % 3_600n === 0n && value > 0n ? ` (${value / 3_600n} h)` : ""}`;
    case "bps": return `${value} bps (${Number(value) / 100}%)`;
    case "ifx": return `${formatEther(value)} IFX`;
    case "ib": return `${formatEther(value)} IB`;
    case "usd": return `$${formatEther(value)}`;
    case "count": return value.toString();
  }
}

export function isParamName(name: string): name is ParamName {
  return (PARAM_NAMES as readonly string[]).includes(name);
}
