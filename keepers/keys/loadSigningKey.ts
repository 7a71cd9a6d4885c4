import { readFile } from "node:fs/promises";
import { isHex, type Hex } from "viem";
import { KeyError } from "./keyError.js";
import { decryptKeystore } from "./keystoreFile.js";

/** The variables a signing key comes from: the key itself, or a keystore file and its password. */
export const KEY_VARIABLES = { privateKey: "IFX_PRIVATE_KEY", keystore: "IFX_KEYSTORE", password: "IFX_KEYSTORE_PASSWORD" } as const;

export interface KeySources {
  env: Readonly<Record<string, string | undefined>>;
  /** Asks a person for the keystore's password (a hidden terminal prompt); absent when nobody can answer. */
  askPassword?: (question: string) => Promise<string>;
}

/** A 32-byte hex private key (0x optional), or a KeyError that names the variable, never the value. */
export function parsePrivateKey(raw: string, variable: string): Hex {
  const hex = (raw.trim().startsWith("0x") ? raw.trim() : `0x${raw.trim()}`) as Hex;
  if (!isHex(hex, { strict: true }) || hex.length !== 66) throw new KeyError("KEY_INVALID", `${variable} must be a 32-byte hex private key`);
  return hex;
}

async function keystorePassword(sources: KeySources, file: string): Promise<string> {
  const fromEnv = sources.env[KEY_VARIABLES.password];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (sources.askPassword) return sources.askPassword(`password for ${file}: `);
  throw new KeyError("KEY_MISSING", `the keystore ${file} needs its password: set ${KEY_VARIABLES.password} or run in a terminal to be asked`);
}

/**
 * The key a keeper or the CLI signs with (STYLE 14): `IFX_PRIVATE_KEY`, or the Web3 Secret Storage file at
 * `IFX_KEYSTORE` opened with `IFX_KEYSTORE_PASSWORD` or a password asked for. Never from a flag (shell history, `ps`);
 * both sources at once are refused rather than one silently chosen.
 */
export async function loadSigningKey(sources: KeySources): Promise<Hex> {
  const raw = sources.env[KEY_VARIABLES.privateKey];
  const file = sources.env[KEY_VARIABLES.keystore];
  const hasRaw = raw !== undefined && raw !== "";
  const hasFile = file !== undefined && file !== "";
  if (hasRaw && hasFile) throw new KeyError("KEY_AMBIGUOUS", `both ${KEY_VARIABLES.privateKey} and ${KEY_VARIABLES.keystore} are set: unset one`);
  if (hasRaw) return parsePrivateKey(raw, KEY_VARIABLES.privateKey);
  if (!hasFile) throw new KeyError("KEY_MISSING", `no signing key: set ${KEY_VARIABLES.privateKey}, or ${KEY_VARIABLES.keystore} to a keystore file (ifx keystore new)`);
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch (error) {
    throw new KeyError("KEYSTORE_UNREADABLE", `cannot read the keystore ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  return decryptKeystore(json, await keystorePassword(sources, file), file);
}
