import { access, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { encryptKeystore } from "../../keys/keystoreFile.js";
import { KEY_VARIABLES, parsePrivateKey } from "../../keys/loadSigningKey.js";
import { badInput } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { printResult } from "../printResult.js";

/** Shortest keystore password accepted: scrypt slows guessing, it does not make "1234" safe. */
const MIN_PASSWORD_LENGTH = 8;

/** The new keystore's password: IFX_KEYSTORE_PASSWORD, or asked twice on the terminal. Never a flag. */
async function newPassword(context: CommandContext): Promise<string> {
  const fromEnv = context.io.env[KEY_VARIABLES.password];
  let password: string;
  if (fromEnv) password = fromEnv;
  else if (context.io.askSecret) {
    password = await context.io.askSecret("new keystore password: ");
    if ((await context.io.askSecret("again: ")) !== password) throw badInput("the passwords differ");
  } else throw badInput(`no password: set ${KEY_VARIABLES.password} or run in a terminal to be asked`);
  if (password.length < MIN_PASSWORD_LENGTH) throw badInput(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  return password;
}

/** A keystore is never overwritten (it could be the only copy of a key): checked first, and again by the write. */
async function refuseExisting(file: string): Promise<void> {
  const exists = await access(file).then(() => true, () => false);
  if (exists) throw badInput(`${file} exists: choose another path (a keystore is never overwritten)`);
}

async function createKeystore(context: CommandContext, file: string, privateKey: Hex, json: boolean | undefined): Promise<void> {
  await refuseExisting(file);
  const password = await newPassword(context);
  context.io.err("encrypting (scrypt)...");
  const keystore = await encryptKeystore(privateKey, password);
  await writeFile(file, `${keystore}\n`, { mode: 0o600, flag: "wx" });
  const address = privateKeyToAddress(privateKey);
  printResult(context, json, { file, address }, () => `keystore ${file} for ${address}\nuse it with ${KEY_VARIABLES.keystore}=${file}`);
}

/** `ifx keystore new|import`: Web3 Secret Storage v3 files for IFX_KEYSTORE. The key itself is never printed. */
export function addKeystoreCommands(program: Command, context: CommandContext): void {
  const keystore = program.command("keystore").description("create an encrypted keystore file for IFX_KEYSTORE (password from IFX_KEYSTORE_PASSWORD or a prompt)");
  keystore.command("new")
    .description("a new random key, encrypted into a keystore file")
    .argument("<file>", "where to write the keystore (must not exist)")
    .option("--json", "print the result as JSON")
    .action((file: string, flags: { json?: boolean }) => createKeystore(context, file, generatePrivateKey(), flags.json));
  keystore.command("import")
    .description(`encrypt the key in ${KEY_VARIABLES.privateKey} into a keystore file (then unset the variable)`)
    .argument("<file>", "where to write the keystore (must not exist)")
    .option("--json", "print the result as JSON")
    .action(async (file: string, flags: { json?: boolean }) => {
      const raw = context.io.env[KEY_VARIABLES.privateKey];
      if (!raw) throw badInput(`set ${KEY_VARIABLES.privateKey} to the key to import (it is never taken from a flag)`);
      await createKeystore(context, file, parsePrivateKey(raw, KEY_VARIABLES.privateKey), flags.json);
    });
}
