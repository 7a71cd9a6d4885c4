import { hexToBytes, isHex } from "viem";
import { badInput } from "./cliError.js";

/** Shortest secret accepted: 128 bits, the strength HKDF-SHA256 can carry at the least. */
const MIN_SECRET_BYTES = 16;

/**
 * A hex secret from its environment variable, never from a flag (a flag lands in the shell's history and in `ps`).
 * Refused unless it is hex of at least 16 bytes.
 */
export function readHexSecret(env: Readonly<Record<string, string | undefined>>, variable: string, what: string): Uint8Array {
  const raw = env[variable]?.trim();
  if (!raw) throw badInput(`no ${what}: set ${variable}`);
  const hex = raw.startsWith("0x") ? raw : `0x${raw}`;
  if (!isHex(hex, { strict: true }) || hex.length % 2 !== 0) throw badInput(`the ${what} must be hex (an even number of digits)`);
  const bytes = hexToBytes(hex);
  if (bytes.length < MIN_SECRET_BYTES) throw badInput(`the ${what} must hold at least ${MIN_SECRET_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}
